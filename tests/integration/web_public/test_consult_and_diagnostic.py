"""``/ou-consulter`` (free slots in the next 48 h from a commune typed by name, the nearest
emergency department open now, national numbers) and the Diagnostic Santé Flash pages and
files."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxisante.config import Settings
from proxisante.slots.model import Schedule, Slot, SlotType
from proxisante.store.db import make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.slots import SqlSlotRepository
from proxisante.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def slots_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("consult-home")
    url = f"sqlite:///{home / 'db.sqlite'}"
    upgrade(url)
    app = create_app(
        Settings(home=home, database_url=url),
        secret_key="k" * 32,
        clock=lambda: NOW.replace(tzinfo=None),
    )
    factory = make_session_factory(app.state.engine)
    with transaction(factory) as s:
        repo = SqlSlotRepository(s)
        repo.save_schedule(
            Schedule("mmg", "MSP de Moulins (fictive)", "organization", "03190"), now=NOW
        )
        q = timedelta(minutes=15)
        for sid, hours in (("soon", 3), ("tomorrow", 30), ("too-late", 60), ("past", -2)):
            start = NOW + timedelta(hours=hours)
            repo.save_slot(Slot(sid, "mmg", "03190", start, start + q, SlotType.CONSULTATION))
        later = NOW + timedelta(hours=5)
        repo.save_slot(Slot("taken", "mmg", "03190", later, later + q, SlotType.VISIT))
        repo.book(territory_id=None, slot_id="taken", booking_ref="SAS-1", now=NOW)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield TestClient(app)


def test_free_slots_of_the_next_48_hours_from_a_commune_typed_by_name(slots_client) -> None:  # type: ignore[no-untyped-def]
    r = slots_client.get("/ou-consulter", params={"commune": "yzeure"})
    assert r.status_code == 200
    html = r.text
    assert "Depuis Yzeure" in html
    assert html.count("MSP de Moulins (fictive)") == 2  # 3 h and 30 h; not 60 h, past or busy
    assert "14:00" not in html  # the booked slot (13:00 UTC) is not offered
    assert "12:00–12:15" in html  # 08:00 UTC + 3 h, shown in Paris time (UTC+1 in March)
    assert "15" in html and "116 117" in html
    # The nearest authorised emergency department (SAE 2025), open round the clock.
    assert "CH DE MOULINS" in html and "24 h/24" in html and "indicateur approché" not in html


def _consult_at(tmp_path: Path, local_hour: int) -> TestClient:
    """A client whose clock reads ``local_hour`` in Valais (15 January: UTC+1)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    at = datetime(2027, 1, 15, local_hour - 1, 0, tzinfo=UTC)
    app = create_app(
        Settings(home=tmp_path, database_url=url), secret_key="k" * 32, clock=lambda: at
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(app)


@pytest.mark.parametrize(
    ("hour", "named", "night_line"),
    [(10, "Hôpital de Martigny", True), (22, "Hôpital de Sion", False)],
)
def test_martigny_by_day_and_at_night(
    tmp_path: Path, hour: int, named: str, night_line: bool
) -> None:
    client = _consult_at(tmp_path, hour)
    r = client.get("/ou-consulter", params={"code": "ch:6136"}, headers={"Accept-Language": "de"})
    assert r.status_code == 200
    answer = r.text[r.text.index("Nächste Notaufnahme") :]
    answer = answer[: answer.index("</p>") + 4] + answer[answer.index("</p>") + 4 :][:400]
    assert named in answer
    # Martigny's ED opens 8-18 h: by day the page also names the one open at night.
    assert ("Nachts:" in answer and "Hôpital de Sion" in answer) == night_line
    assert ("nur tagsüber (8–18 Uhr)" in answer) == night_line


def test_where_to_consult_in_german_for_sion(slots_client) -> None:  # type: ignore[no-untyped-def]
    r = slots_client.get(
        "/ou-consulter",
        params={"commune": "Sion", "code": "ch:6266"},
        headers={"Accept-Language": "de"},
    )
    assert r.status_code == 200
    assert '<html lang="de"' in r.text
    assert "Ab Sion" in r.text and "Nächste Notaufnahme" in r.text and "144" in r.text
    # The Allier's slots are hours away by road: not offered in Sion; the page says so.
    assert "MSP de Moulins" not in r.text
    assert "weniger als 60 Min." in r.text


def test_unknown_commune_name_is_a_400_naming_the_input(slots_client) -> None:  # type: ignore[no-untyped-def]
    r = slots_client.get("/ou-consulter", params={"commune": "Qwxzkj"})
    assert r.status_code == 400
    assert "Qwxzkj" in r.text and "commune" in r.text


def test_diagnostic_page_shows_the_synthesis_first_and_links_every_file(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/200071363/diagnostic")
    assert r.status_code == 200
    html = r.text
    synthesis = html.index("Synthèse")
    assert synthesis < html.index("Comparaison avec les voisins")
    for fmt in ("pdf", "html", "csv", "gpkg"):
        assert f"/territoires/200071363/diagnostic.{fmt}" in html


@pytest.mark.parametrize(
    ("fmt", "magic"), [("csv", b""), ("html", b"<!doctype html"), ("gpkg", b"SQLite format 3")]
)
def test_diagnostic_files_are_served(client, fmt: str, magic: bytes) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/territoires/200071363/diagnostic.{fmt}")
    assert r.status_code == 200
    assert r.content.lower().startswith(magic.lower())
    assert "diagnostic-200071363" in r.headers["content-disposition"]


def test_diagnostic_bad_format_and_level_are_400(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/200071363/diagnostic.docx")
    assert r.status_code == 400 and "docx" in r.text and "pdf" in r.text
    r = client.get("/territoires/reg:84/diagnostic")
    assert r.status_code == 400 and "Auvergne-Rhône-Alpes" in r.text
    r = client.get("/territoires/200071364/diagnostic")
    assert r.status_code == 404 and "200071363" in r.text


def test_cached_file_is_reused(client, public_home: Path) -> None:  # type: ignore[no-untyped-def]
    client.get("/territoires/200071363/diagnostic.csv")
    cached = list(public_home.glob("cache/web/diagnostics-*/fr/*/diagnostic-200071363.csv"))
    assert len(cached) == 1
