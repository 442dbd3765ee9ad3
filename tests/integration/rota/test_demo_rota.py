"""The demo's rota: published for the fictitious CPTS of ``serve --demo`` with its doctors linked
to their demo logins, in two sectors (``medecin1`` and ``medecin2`` together), from this month;
once (a second start publishes nothing), again once the stored one has ended."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from proxisante.bootstrap.demo import demo_communes
from proxisante.bootstrap.demo_registry import DEMO_TERRITORY, create_demo
from proxisante.bootstrap.demo_rota import publish_demo_rota
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.input import parse_rota_yaml
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry.models import UserRow
from proxisante.store.rota import SqlRotaRepository

TODAY = date(2027, 3, 17)


def test_demo_rota_links_the_demo_doctors_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        create_demo(
            s,
            communes=demo_communes(),
            now=datetime(2027, 3, 17, 8),
            hash_password=lambda _p: "not-a-hash",  # no login in this test
            new_totp_secret=lambda: "JBSWY3DPEHPK3PXP",
        )
        rota_id = publish_demo_rota(s, territory_id=DEMO_TERRITORY, today=TODAY, label="Vichy")
        again = publish_demo_rota(s, territory_id=DEMO_TERRITORY, today=TODAY, label="Vichy")
    assert rota_id is not None and again is None
    with factory() as s:
        repo = SqlRotaRepository(s)
        stored = repo.rota(rota_id)
        assert stored is not None
        problem = parse_rota_yaml(stored.description)
        links = {d.doctor_id: d.professional_id for d in repo.doctors(rota_id)}
        logins = {u.professional_id: u.username for u in s.scalars(select(UserRow))}
    assert (problem.start, problem.end) == (date(2027, 3, 1), date(2027, 5, 31))
    assert len(problem.sectors) == 2
    assert all(len(problem.doctors_of(sec.code)) >= 3 for sec in problem.sectors)
    by_login = {logins[p]: problem.doctor(d) for d, p in links.items()}
    assert len(by_login) == 10 and by_login["medecin1"].sector == by_login["medecin2"].sector
    assert by_login["medecin2"].email == "medecin2@example.org"
    assert len({d.name for d in problem.doctors}) == 10  # every name tells one doctor
    assert "(fictif)" in by_login["medecin1"].name
    # solved: every shift of the three months has one of the linked doctors
    assert len(stored.assignments) == len(generate_shifts(problem))
    assert {a.doctor_id for a in stored.assignments} <= set(links)
    # three months later the stored rota has ended: a new one is published
    with transaction(factory) as s:
        later = publish_demo_rota(
            s, territory_id=DEMO_TERRITORY, today=date(2027, 6, 2), label="Vichy"
        )
    assert later is not None and later != rota_id
    engine.dispose()


def test_the_valais_demo_has_its_rota_on_valais_holidays(tmp_path: Path) -> None:
    from proxisante.bootstrap.demo_registry import (
        VALAIS_DISTRICT,
        VALAIS_TERRITORY,
        create_valais_demo,
    )
    from proxisante.rota.calendar import public_holidays

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        create_valais_demo(
            s,
            communes=demo_communes(VALAIS_DISTRICT),
            now=datetime(2027, 3, 17, 8),
            hash_password=lambda _p: "not-a-hash",
            new_totp_secret=lambda: "JBSWY3DPEHPK3PXP",
        )
        rota_id = publish_demo_rota(
            s,
            territory_id=VALAIS_TERRITORY,
            today=TODAY,
            label="Bezirk Visp",
            country="CH",
            sectors=1,
        )
    assert rota_id is not None
    with factory() as s:
        stored = SqlRotaRepository(s).rota(rota_id)
        assert stored is not None
        problem = parse_rota_yaml(stored.description)
    assert (problem.country, problem.subdivision, problem.timezone) == ("CH", "VS", "Europe/Zurich")
    holidays = public_holidays("CH", "VS", (2027,))
    assert date(2027, 3, 19) in holidays  # Saint Joseph: a Valais holiday, not a French one
    shifts = generate_shifts(problem)
    assert any(s.start.date() == date(2027, 3, 19) and s.day_kind == "holiday" for s in shifts)
    assert all("(fiktiv)" in d.name or "fictif" in d.name for d in problem.doctors)
    engine.dispose()
