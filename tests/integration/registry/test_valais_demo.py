"""The Valais demo beside the Vichy one (``serve --demo``): the district of Visp as territory,
fictitious doctors and patients labelled "(fiktiv)", a coordinator whose pages are in German,
and a rota example on the Valais holidays (``examples/rota-valais.yaml``)."""

from __future__ import annotations

import warnings
from pathlib import Path

from sqlalchemy import select

from proxisante.bootstrap.demo import demo_database
from proxisante.bootstrap.demo_registry import VALAIS_TERRITORY, demo_accounts
from proxisante.config import Settings
from proxisante.store.registry.models import PatientRow, ProfessionalRow, TerritoryRow
from proxisante.territory import load_territory
from proxisante.web.app import create_app
from tests.valais_text import french_words_in, visible_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_the_valais_demo_is_a_district_of_fictitious_people_with_german_pages(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    settings = demo_database(Settings(home=home, database_url=f"sqlite:///{home / 'x.db'}"))
    app = create_app(settings, secret_key="v" * 32)
    with app.state.session_factory() as s:
        territory = s.get(TerritoryRow, VALAIS_TERRITORY)
        assert territory is not None and territory.fictitious
        pros = s.scalars(
            select(ProfessionalRow).where(ProfessionalRow.territory_id == VALAIS_TERRITORY)
        ).all()
        patients = s.scalars(
            select(PatientRow).where(PatientRow.territory_id == VALAIS_TERRITORY)
        ).all()
        logins = {a["username"] for a in demo_accounts(s)}
    visp = set(load_territory().communes_in("ch-district:2313"))
    assert len(pros) == 6 and all(p.display_name.endswith("(fiktiv)") for p in pros)
    assert {p.commune_code for p in pros} <= visp
    assert len(patients) == 30 and all(p.last_name.endswith("(fiktiv)") for p in patients)
    assert {p.commune_code for p in patients} <= visp
    assert all(p.phone is None for p in patients)  # no fiction range for Swiss numbers
    assert {"koordination-visp", "aerztin-visp1", "coordination"} <= logins
    with app.state.session_factory() as s:
        from proxisante.store.accounts.users import get_user_by_username

        user = get_user_by_username(s, username="koordination-visp")
        assert user is not None
        user_id = user.id
    token = app.state.tokens.issue(user_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(app)
    page = client.get("/coordination?lang=de", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Fiktives Praxisnetz Bezirk Visp" in text and "(fiktiv)" in text
    assert "Vichy" not in text  # the coordinator sees the Valais territory only
    assert french_words_in(text) == []
