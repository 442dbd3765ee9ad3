"""The demonstration's data (``serve --demo``, ``registry … --demo``): its database
(``demo.db`` in ``PROXISANTE_HOME``), the fictitious territories and logins
(:mod:`.demo_registry`), the free slots and the rotas (:mod:`.demo_rota`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from proxisante.config import Settings
from proxisante.registry.demo import DemoCommune


def demo_communes(area: str = "200071363") -> list[DemoCommune]:
    """The real communes of an area from the embedded bundle: CA Vichy Communauté (SIREN
    200071363), or the Valais district of the Valais demo."""
    from proxisante.territory import load_territory

    terr = load_territory()
    codes = terr.communes_in(area)
    table = terr.communes.loc[codes]
    return [
        DemoCommune(
            code=str(code),
            name=str(row["name"]),
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            population=int(row["population"] or 0),
        )
        for code, row in table.iterrows()
    ]


def demo_database(settings: Settings) -> Settings:
    """The settings of the demo database (``demo.db`` in ``PROXISANTE_HOME``), created and
    brought up to date on first use, with its fictitious CPTS and demo logins."""
    from proxisante.store.db import private_dir
    from proxisante.store.migrate import upgrade

    demo_settings = replace(settings, database_url=f"sqlite:///{settings.home / 'demo.db'}")
    private_dir(settings.home)  # 0700: the demo database holds logins (security.md)
    upgrade(demo_settings.database_url)
    create_demo_data(demo_settings)
    return demo_settings


def create_demo_data(demo_settings: Settings) -> list[dict[str, str]]:
    """Write the demo territories and their logins (once); the demo logins."""
    from proxisante.accounts.passwords import hash_password
    from proxisante.accounts.totp import new_totp_secret
    from proxisante.bootstrap.demo_registry import (
        VALAIS_DISTRICT,
        create_demo,
        create_valais_demo,
        demo_accounts,
    )
    from proxisante.store.db import make_engine, make_session_factory, transaction

    engine = make_engine(demo_settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            create_demo(
                session,
                communes=demo_communes(),
                now=now,
                hash_password=hash_password,
                new_totp_secret=new_totp_secret,
            )
            create_valais_demo(
                session,
                communes=demo_communes(VALAIS_DISTRICT),
                now=now,
                hash_password=hash_password,
                new_totp_secret=new_totp_secret,
            )
            accounts = demo_accounts(session)
    finally:
        engine.dispose()
    return accounts


def demo_logins(settings: Settings) -> dict[str, object]:
    """The demo logins of an existing demo database (what the login page shows)."""
    from proxisante.bootstrap.demo_registry import demo_accounts
    from proxisante.store.db import make_engine, make_session_factory

    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            return {"accounts": demo_accounts(session)}
    finally:
        engine.dispose()


def prepare_demo(settings: Settings) -> tuple[Settings, dict[str, object]]:
    """Create (once) the demo database and return its settings and the demo logins."""
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.migrate import upgrade

    demo_settings = replace(settings, database_url=f"sqlite:///{settings.home / 'demo.db'}")
    upgrade(demo_settings.database_url)
    accounts = create_demo_data(demo_settings)
    engine = make_engine(demo_settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            publish_demo_slots(session, [c.code for c in demo_communes()])
            publish_demo_rotas(session)
    finally:
        engine.dispose()
    return demo_settings, {"accounts": accounts}


def publish_demo_slots(session: Session, communes: list[str]) -> None:
    """Fictitious free slots over the next two days (published again at each start)."""
    from proxisante.actor import Actor
    from proxisante.bootstrap.demo_registry import DEMO_TERRITORY
    from proxisante.bootstrap.services import slot_service
    from proxisante.slots.demo import demo_slots

    now = datetime.now(UTC).replace(microsecond=0)
    schedules, drafts = demo_slots(communes, now)
    service = slot_service(session, clock=lambda: now)
    service.publish(Actor.operator(DEMO_TERRITORY), schedules, drafts, via="demo")


def publish_demo_rotas(session: Session) -> None:
    """The demo's rota of on-call shifts (its fictitious doctors linked to their demo logins),
    for this month and the next two; published again when the one stored has ended. Another
    demo territory adds its own ``publish_demo_rota`` call here."""
    from proxisante.bootstrap.demo_registry import DEMO_TERRITORY, VALAIS_TERRITORY
    from proxisante.bootstrap.demo_rota import publish_demo_rota

    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris")).date()
    publish_demo_rota(session, territory_id=DEMO_TERRITORY, today=today, label="Vichy Communauté")
    # The Valais demo (district of Visp): Valais holidays, German pages; its six doctors in one
    # sector (two sectors of three could not cover every night with the rest rules).
    publish_demo_rota(
        session,
        territory_id=VALAIS_TERRITORY,
        today=today,
        label="Bezirk Visp",
        country="CH",
        sectors=1,
    )


__all__ = [
    "create_demo_data",
    "demo_communes",
    "demo_database",
    "demo_logins",
    "prepare_demo",
    "publish_demo_rotas",
    "publish_demo_slots",
]
