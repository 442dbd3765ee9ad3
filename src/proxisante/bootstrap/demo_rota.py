"""Publish the demonstration's rota for a demo territory (``serve --demo``), once.

:func:`publish_demo_rota` takes the territory's fictitious professionals (each becomes a doctor
of the rota, linked to their account, with ``<login>@example.org`` as address so that the
swap e-mails land in the outbox) and its communes, splits them into sectors
(:func:`proxisante.rota.demo.demo_draft`), and publishes the rota through the service, solved
on the spot, for the current month and the next two. Another demo territory (the Valais one)
calls it alongside with its own territory and ``country="CH"``. Nothing is done when the
territory already has a rota covering today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.bootstrap.services import rota_service
from proxisante.rota.demo import DemoDoctor, DemoPlace, demo_draft
from proxisante.rota.draft import description_yaml
from proxisante.rota.input import parse_rota_yaml
from proxisante.store.registry.models import ProfessionalRow, TerritoryCommuneRow, UserRow
from proxisante.store.rota.repository import SqlRotaRepository


def _covers_today(repo: SqlRotaRepository, territory_id: str, today: date) -> bool:
    for summary in repo.rotas(territory_id):
        stored = repo.rota(summary.id)
        if stored is None:
            continue
        problem = parse_rota_yaml(stored.description, source=f"rota {stored.id}")
        if problem.start <= today <= problem.end:
            return True
    return False


def publish_demo_rota(
    session: Session,
    *,
    territory_id: str,
    today: date,
    label: str,
    country: str = "FR",
    months: int = 3,
    sectors: int = 2,
    time_limit_s: float = 10.0,
    clock: Callable[[], datetime] | None = None,
) -> int | None:
    """The id of the rota published for ``territory_id``, or None when one covers today."""
    repo = SqlRotaRepository(session)
    if _covers_today(repo, territory_id, today):
        return None
    q = (
        select(ProfessionalRow.id, ProfessionalRow.display_name, ProfessionalRow.commune_code,
               UserRow.username)
        .join(UserRow, UserRow.professional_id == ProfessionalRow.id, isouter=True)
        .where(ProfessionalRow.territory_id == territory_id)
        .order_by(ProfessionalRow.id)
    )  # fmt: skip
    doctors = [
        DemoDoctor(f"D{pid}", name, commune, f"{login}@example.org" if login else None)
        for pid, name, commune, login in session.execute(q)
    ]
    places = [
        DemoPlace(r.code, r.name, r.lon, r.lat)
        for r in session.scalars(
            select(TerritoryCommuneRow).where(TerritoryCommuneRow.territory_id == territory_id)
        )
    ]
    if len(doctors) < 2 or not places:
        return None
    draft = demo_draft(
        doctors, places, first_day=today, months=months, country=country, sectors=sectors
    )
    service = rota_service(
        session, clock=clock or (lambda: datetime.now(UTC).replace(microsecond=0))
    )
    return service.publish(
        Actor.operator(territory_id),
        territory_id,
        description_yaml(draft),
        doctors={d.id: int(d.id[1:]) for d in draft.doctors},
        label=label,
        time_limit_s=time_limit_s,
    )
