"""The public web face: pages without login (territory search and pages, national map, where to
consult, installation portal), their JSON/GeoJSON data and the static assets they load.

``install(app)`` adds them to the app (called by ``create_app`` before the operators' pages, so
that ``/`` is the public search page). Assets are served by the app itself from
``web/static`` (own scripts and styles) and ``web/static/vendor`` (MapLibre GL JS and the DSFR,
copied from ``node_modules`` by ``make setup``): no CDN, the pages work offline.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, FastAPI

from proxisante.web.assets import STATIC_DIR, Assets


def router() -> APIRouter:
    from proxisante.web.public import (
        basemap,
        consult,
        diagnostic_pages,
        frame,
        inscription,
        installation,
        portal_api,
        privacy,
        search,
        territory,
    )

    r = APIRouter(include_in_schema=False)
    for module in (
        search, diagnostic_pages, territory, consult, installation, portal_api, inscription,
        privacy, frame, basemap,
    ):  # fmt: skip
        r.include_router(module.router)
    return r


def install(app: FastAPI, warm_up: bool = True) -> None:
    """Include the public routes and mount ``/static``; with ``warm_up``, the national map is
    computed at start-up in a thread (once per bundle: it is then read from the disk cache)."""
    app.include_router(router())
    if warm_up:
        app.router.on_startup.append(lambda: _warm_up(app))
    app.router.on_startup.append(lambda: _seed_demo(app))
    app.mount("/static", Assets(directory=STATIC_DIR, check_dir=False), name="static")


def _warm_up(app: FastAPI) -> None:
    from proxisante.web.public._data import app_geo_store

    store = app_geo_store(app)
    threading.Thread(target=store.national_map, name="public-map-warm-up", daemon=True).start()


def _seed_demo(app: FastAPI) -> None:
    """``serve --demo``: the portal's FICTITIOUS example content, once."""
    from proxisante.portal.demo import demo_items
    from proxisante.store.db import transaction
    from proxisante.store.portal import SqlPortalRepository

    if not app.state.demo:
        return
    clock = app.state.clock
    with transaction(app.state.session_factory) as s:
        repo = SqlPortalRepository(s, clock)
        if repo.count() == 0:
            for draft in demo_items(clock().date()):
                repo.add(draft)
