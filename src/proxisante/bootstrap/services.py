"""The services composed over one SQLAlchemy session: the core's use cases with the SQL
repositories and audit logs of :mod:`proxisante.store`, the clock and, where trips matter, the
travel-time provider. The shells (routes, pages, CLI commands) call these, then commit (or let
:func:`proxisante.store.db.transaction` do)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime

from sqlalchemy.orm import Session

from proxisante.access.port import TravelTimeProvider
from proxisante.portal.service import PortalService
from proxisante.projects.service import ProjectService
from proxisante.registry.ports import Clock, TravelFunction
from proxisante.registry.rights import RightsService
from proxisante.registry.service import RegistryService
from proxisante.rota.service import RotaService
from proxisante.slots.service import SlotService
from proxisante.store.notify.repository import SqlOutbox
from proxisante.store.portal import SqlPortalAudit, SqlPortalRepository
from proxisante.store.registry.repository import SqlAudit, SqlRegistry
from proxisante.store.rota.repository import SqlRotaAudit, SqlRotaRepository
from proxisante.store.slots.repository import SqlSlotAudit, SqlSlotRepository


def registry_service(session: Session, *, clock: Clock, travel: TravelFunction) -> RegistryService:
    """The registry's use cases on this session (SQL repository, SQL audit log, outbox)."""
    return RegistryService(
        SqlRegistry(session), SqlAudit(session), clock, travel, outbox=SqlOutbox(session)
    )


def rights_service(session: Session, *, clock: Clock) -> RightsService:
    """Patients' rights on this session (SQL repository, SQL audit log)."""
    return RightsService(SqlRegistry(session), SqlAudit(session), clock)


def project_service(
    session: Session, clock: Callable[[], datetime], provider: TravelTimeProvider
) -> ProjectService:
    """The project use cases on this session, with the embedded bundle's figures (times from
    the run's one ``provider``)."""
    from proxisante.projects.figures import BundleAreas, BundleFigures
    from proxisante.store.projects import adapters
    from proxisante.store.projects.repository import SqlProjects
    from proxisante.territory import load_territory

    terr = load_territory()
    return ProjectService(
        repo=SqlProjects(session),
        audit=adapters.SqlAudit(session),
        registry=adapters.SqlRegistry(session),
        figures=BundleFigures(terr, provider),
        areas=BundleAreas(terr),
        clock=clock,
    )


def slot_service(session: Session, *, clock: Callable[[], datetime]) -> SlotService:
    """The unscheduled-care slots' use cases on this session."""
    return SlotService(SqlSlotRepository(session), SqlSlotAudit(session), clock)


def rota_service(session: Session, *, clock: Callable[[], datetime]) -> RotaService:
    """The duty rota's use cases on this session (its notices through the outbox)."""
    return RotaService(SqlRotaRepository(session), SqlRotaAudit(session), clock, SqlOutbox(session))


def portal_service(
    session: Session, *, clock: Callable[[], datetime], communes: Collection[str]
) -> PortalService:
    """The installation portal's use cases on this session, over the given communes."""
    return PortalService(
        SqlPortalRepository(session, clock),
        SqlPortalAudit(session, clock),
        communes,
        lambda: clock().date() if hasattr(clock(), "date") else date.today(),
    )
