"""Every HTML page, gathered in one router for the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from proxisante.web._routing import TransactionRoute
from proxisante.web.pages import (
    auth,
    coordination,
    overview,
    professional,
    projects,
    registry_figures,
    workbench,
)

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
for _module in (
    auth,
    coordination,
    professional,
    overview,
    projects,
    registry_figures,
    workbench,
):
    router.include_router(_module.router)
