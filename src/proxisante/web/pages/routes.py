"""Every HTML page, gathered in one router for the app factory."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from proxisante.web._routing import TransactionRoute
from proxisante.web.pages import (
    accounts,
    auth,
    coordination,
    overview,
    portal,
    professional,
    projects,
    registry_figures,
    rights,
    rota,
    workbench,
)
from proxisante.web.pages._render import page_language

router = APIRouter(
    include_in_schema=False,
    route_class=TransactionRoute,
    dependencies=[Depends(page_language)],
)
for _module in (
    accounts,
    auth,
    coordination,
    professional,
    overview,
    portal,
    projects,
    registry_figures,
    rota,
    workbench,
    rights,
):
    router.include_router(_module.router)
