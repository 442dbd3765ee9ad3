"""The slot routers plugged into the real app factory, as the lead wires them."""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path

from fastapi import Depends
from sqlalchemy import Engine

from proxisante.config import Settings
from proxisante.slots.travel import great_circle_travel_time
from proxisante.web.api import slots as slots_api
from proxisante.web.app import create_app
from proxisante.web.pages import slots as slots_pages

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

POINTS = {"03190": (3.3326, 46.5661), "03321": (3.3553, 46.5647)}


def test_routers_in_the_app(tmp_path: Path, engine: Engine) -> None:
    tt = great_circle_travel_time(POINTS)
    app = create_app(
        Settings(home=tmp_path, database_url="sqlite://"),
        engine=engine,
        secret_key="test-secret-key-not-for-production",
        clock=lambda: datetime(2027, 5, 3, 6, 0),
        extra_routers=[
            slots_api.create_router(
                travel_time=tt, write_dependencies=[Depends(slots_api.writer_roles)]
            ),
            slots_pages.create_router(travel_time=tt),
        ],
    )
    with TestClient(app) as client:
        assert client.get("/api/v1/slots/search", params={"commune": "03190"}).json() == []
        r = client.post("/api/v1/slots/x/book", json={"booking_ref": "SAS-1"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
        assert client.get("/api/v1/slots/nope").json()["error"]["status"] == 404
        assert "Créneaux de soins non programmés" in client.get("/creneaux").text
