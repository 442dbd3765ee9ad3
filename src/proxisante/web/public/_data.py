"""The shared state of the public pages: the territory and its map store."""

from __future__ import annotations

from fastapi import FastAPI, Request

from proxisante.territory import Territory, load_territory
from proxisante.web.public.geodata import GeoStore


def app_geo_store(app: FastAPI) -> GeoStore:
    """The app's map store (cached under ``settings.home / "cache" / "web"``)."""
    store: GeoStore | None = getattr(app.state, "public_geo", None)
    if store is None:
        store = app.state.public_geo = GeoStore(
            app.state.provider, app.state.settings.home / "cache" / "web"
        )
    return store


def geo_store(request: Request) -> GeoStore:
    return app_geo_store(request.app)


def territory() -> Territory:
    return load_territory()
