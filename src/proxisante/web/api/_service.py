"""The registry service as a route dependency, and the caller as the service's actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from proxisante.actor import Actor
from proxisante.bootstrap.services import registry_service, rights_service
from proxisante.registry.rights import RightsService
from proxisante.registry.service import RegistryService
from proxisante.web.deps import Db, Principal


async def get_service(request: Request, db: Db) -> RegistryService:
    """Use cases on the request's session, with the app's clock and travel times (builds
    objects only, no I/O: async, so not a hop to the thread pool)."""
    return registry_service(db, clock=request.app.state.clock, travel=request.app.state.travel)


Service = Annotated[RegistryService, Depends(get_service)]


def actor(user: Principal) -> Actor:
    return Actor(
        user_id=user.user_id,
        role=user.role,
        territory_id=user.territory_id,
        professional_id=user.professional_id,
    )


async def get_rights(request: Request, db: Db) -> RightsService:
    """Patients' rights on the request's session, with the app's clock (no I/O: async)."""
    return rights_service(db, clock=request.app.state.clock)


Rights = Annotated[RightsService, Depends(get_rights)]
