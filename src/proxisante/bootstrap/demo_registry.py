"""Write the fictitious demonstration territories and their demo accounts: a CPTS of Vichy
Communauté (French pages) and a practice network of the Valais district of Visp (German pages,
Valais holidays in its rota example ``examples/rota-valais.yaml``), through the registry's
repository functions; each request's priority computed by the registry's rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from proxisante.registry.demo import FRANCE, VALAIS, DemoCommune, DemoNames, demo_people
from proxisante.registry.priority import assess_request
from proxisante.store.accounts.users import create_user, get_user_by_username
from proxisante.store.registry import crud

DEMO_TERRITORY = "cpts-vichy-demo"
DEMO_NAME = "CPTS fictive de Vichy Communauté"
VALAIS_TERRITORY = "praxisnetz-visp-demo"
VALAIS_NAME = "Fiktives Praxisnetz Bezirk Visp"
VALAIS_DISTRICT = "ch-district:2313"  # Visp: German-speaking, an emergency department and a
# maison de garde (SOURCES.md §22)
DEMO_PASSWORDS = {
    "coordination": "demo-coordination",
    "aidant": "demo-aidant",
    "analyste": "demo-analyste",
    "admin": "demo-admin",
    "medecin": "demo-medecin",
    "koordination-visp": "demo-koordination",
    "aerztin-visp": "demo-aerztin",
}
_STAFF = (
    ("coordination", "coordinator"),
    ("aidant", "helper"),
    ("analyste", "analyst"),
    ("admin", "admin"),
)


def create_demo(
    session: Session,
    *,
    communes: list[DemoCommune],
    now: datetime,
    hash_password: Callable[[str], str],
    new_totp_secret: Callable[[], str],
) -> bool:
    """Create the demo territory, people and accounts; False when it already exists."""
    if crud.get_territory(session, territory_id=DEMO_TERRITORY) is not None:
        return False
    _territory(session, DEMO_TERRITORY, DEMO_NAME, communes, now, FRANCE, hash_password)
    for username, role in _STAFF:
        create_user(
            session,
            username=username,
            password_hash=hash_password(DEMO_PASSWORDS[username]),
            role=role,
            territory_id=None if role == "admin" else DEMO_TERRITORY,
            totp_secret=new_totp_secret() if role in ("coordinator", "admin") else None,
            now=now,
        )
    return True


def create_valais_demo(
    session: Session,
    *,
    communes: list[DemoCommune],
    now: datetime,
    hash_password: Callable[[str], str],
    new_totp_secret: Callable[[], str],
) -> bool:
    """The Valais demo beside the Vichy one: the communes of the district of Visp, fictitious
    doctors and patients (German names, "(fiktiv)"), a coordinator; False when it exists."""
    if crud.get_territory(session, territory_id=VALAIS_TERRITORY) is not None:
        return False
    _territory(session, VALAIS_TERRITORY, VALAIS_NAME, communes, now, VALAIS, hash_password)
    create_user(
        session,
        username="koordination-visp",
        password_hash=hash_password(DEMO_PASSWORDS["koordination-visp"]),
        role="coordinator",
        territory_id=VALAIS_TERRITORY,
        totp_secret=new_totp_secret(),
        now=now,
    )
    return True


def _territory(
    session: Session,
    territory_id: str,
    name: str,
    communes: list[DemoCommune],
    now: datetime,
    names: DemoNames,
    hash_password: Callable[[str], str],
) -> None:
    """A fictitious territory with its professionals (and their logins) and patients."""
    crud.create_territory(
        session,
        territory_id=territory_id,
        name=name,
        now=now,
        fictitious=True,
        communes=[crud.CommuneRecord(c.code, c.name, c.lon, c.lat) for c in communes],
    )
    if names is FRANCE:
        pros, patients = demo_people(communes, now=now)
        password = DEMO_PASSWORDS["medecin"]
    else:
        pros, patients = demo_people(
            communes, now=now, n_professionals=6, n_patients=30, seed=6297, names=names
        )
        password = DEMO_PASSWORDS["aerztin-visp"]
    pro_hash = hash_password(password)
    for spec in pros:
        pro = crud.create_professional(
            session,
            territory_id=territory_id,
            display_name=spec.display_name,
            commune_code=spec.commune,
            home_visits=spec.home_visits,
            fictitious=True,
        )
        crud.declare_capacity(
            session,
            professional_id=pro.id,
            places=spec.places,
            now=now,
            home_visits=spec.home_visits,
        )
        create_user(
            session,
            username=spec.username,
            password_hash=pro_hash,
            role="professional",
            territory_id=territory_id,
            professional_id=pro.id,
            now=now,
        )
    for p in patients:
        crud.register_patient(
            session,
            territory_id=territory_id,
            commune_code=p.commune,
            last_name=p.last_name,
            first_name=p.first_name,
            birth_date=p.birth_date,
            now=p.registered_at,
            priority=assess_request(
                birth_date=p.birth_date,
                today=p.registered_at.date(),
                ald=p.ald,
                pregnant=p.pregnant,
                precarity=p.precarity,
                lost_doctor=p.lost_doctor,
                disability=p.disability,
                reduced_mobility=p.reduced_mobility,
            ),
            phone=p.phone,
            email=p.email,
            ald=p.ald,
            pregnant=p.pregnant,
            precarity=p.precarity,
            lost_doctor=p.lost_doctor,
            disability=p.disability,
            reduced_mobility=p.reduced_mobility,
            channel="phone" if p.phone else "coordinator",
            fictitious=True,
        )


def demo_accounts(session: Session) -> list[dict[str, str]]:
    """The demo logins, their fictitious passwords and TOTP secrets (shown on the login page)."""
    out = []
    for username, role in (
        ("coordination", "coordinator"),
        ("medecin1", "professional"),
        ("medecin2", "professional"),
        ("aidant", "helper"),
        ("analyste", "analyst"),
        ("admin", "admin"),
        ("koordination-visp", "coordinator"),
        ("aerztin-visp1", "professional"),
    ):
        user = get_user_by_username(session, username=username)
        if user is None:
            continue
        key = "medecin" if username.startswith("medecin") else username.rstrip("0123456789")
        out.append(
            {
                "role": role,
                "username": username,
                "password": DEMO_PASSWORDS[key],
                "totp_secret": user.totp_secret or "",
            }
        )
    return out
