"""Write the fictitious demonstration CPTS (Vichy Communauté) and its demo accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from proxisante.registry.demo import DemoCommune, demo_people
from proxisante.store.accounts.users import create_user, get_user_by_username
from proxisante.store.registry import crud

DEMO_TERRITORY = "cpts-vichy-demo"
DEMO_NAME = "CPTS fictive de Vichy Communauté (fictif / fictitious)"
DEMO_PASSWORDS = {
    "coordination": "demo-coordination",
    "aidant": "demo-aidant",
    "analyste": "demo-analyste",
    "admin": "demo-admin",
    "medecin": "demo-medecin",
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
    crud.create_territory(
        session,
        territory_id=DEMO_TERRITORY,
        name=DEMO_NAME,
        now=now,
        fictitious=True,
        communes=[crud.CommuneRecord(c.code, c.name, c.lon, c.lat) for c in communes],
    )
    pros, patients = demo_people(communes, now=now)
    pro_hash = hash_password(DEMO_PASSWORDS["medecin"])
    for spec in pros:
        pro = crud.create_professional(
            session,
            territory_id=DEMO_TERRITORY,
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
            territory_id=DEMO_TERRITORY,
            professional_id=pro.id,
            now=now,
        )
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
    for p in patients:
        crud.register_patient(
            session,
            territory_id=DEMO_TERRITORY,
            commune_code=p.commune,
            last_name=p.last_name,
            first_name=p.first_name,
            birth_date=p.birth_date,
            now=p.registered_at,
            phone=p.phone,
            email=p.email,
            ald=p.ald,
            pregnant=p.pregnant,
            precarity=p.precarity,
            lost_doctor=p.lost_doctor,
            disability=p.disability,
            reduced_mobility=p.reduced_mobility,
            channel="phone",
            fictitious=True,
        )
    return True


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
    ):
        user = get_user_by_username(session, username=username)
        if user is None:
            continue
        key = "medecin" if username.startswith("medecin") else username
        out.append(
            {
                "role": role,
                "username": username,
                "password": DEMO_PASSWORDS[key],
                "totp_secret": user.totp_secret or "",
            }
        )
    return out
