"""Time moves proposals: ``tick`` expires overdue proposals and passes each patient on, by
itself (controlled clock); idempotent; two ticks at once (threads, one connection each) expire
no proposal twice and lose none — on SQLite and on PostgreSQL."""

from __future__ import annotations

import collections
import threading
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.bootstrap.runners import run_registry_tick
from proxisante.notify.model import Channel
from proxisante.registry.ports import CLI
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.notify.models import OutboxRow
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientRow, ProposalRow

from .conftest import NOW, VICHY, add_patient, service  # type: ignore[import-not-found]

TERRITORIES = 4
PATIENTS = 15
LATER = NOW + timedelta(days=8)


def _seed(factory: sessionmaker[Session]) -> int:
    """Territories with two professionals each and patients with a live proposal (from a
    matching run at NOW, deadline NOW + 7 days)."""
    n = 0
    for t in range(TERRITORIES):
        tid = f"t{t}"
        with transaction(factory) as s:
            crud.create_territory(s, territory_id=tid, name=tid, communes=VICHY, now=NOW)
            for code in ("03310", "03095"):
                pro = crud.create_professional(
                    s, territory_id=tid, display_name=f"Dr {code}", commune_code=code
                )
                crud.declare_capacity(s, professional_id=pro.id, places=PATIENTS, now=NOW)
            for i in range(PATIENTS):
                add_patient(s, tid, "03310", i)
        with transaction(factory) as s:
            n += service(s).run_matching(CLI, tid).n_proposals
    return n


def test_tick_expires_and_passes_on_by_itself(factory: sessionmaker[Session]) -> None:
    made = _seed(factory)
    assert made == TERRITORIES * PATIENTS
    before = run_registry_tick(
        factory, clock=lambda: NOW + timedelta(days=6), travel=stored_points_estimate
    )
    assert before.expired == 0  # not yet due
    report = run_registry_tick(factory, clock=lambda: LATER, travel=stored_points_estimate)
    assert report.expired == made and report.passed_on == made
    with factory() as s:
        live = list(s.scalars(select(ProposalRow).where(ProposalRow.status == "proposed")))
        assert len(live) == made and all(p.created_at == LATER for p in live)
        # the e-mails are in the outbox, written with the events
        events = collections.Counter(s.scalars(select(OutboxRow.event)))
        assert events["proposal.expired"] == made and events["proposal.made"] == 2 * made
        assert set(s.scalars(select(OutboxRow.channel))) == {Channel.EMAIL.value}
    again = run_registry_tick(factory, clock=lambda: LATER, travel=stored_points_estimate)
    assert again.expired == 0  # idempotent


def test_two_ticks_at_once_expire_each_proposal_once(db_url: str) -> None:
    engine = make_engine(db_url, pool_size=4, max_overflow=0)
    factory = make_session_factory(engine)
    made = _seed(factory)
    barrier = threading.Barrier(2)
    reports = []
    errors: list[str] = []
    lock = threading.Lock()

    def tick() -> None:
        barrier.wait()
        try:
            r = run_registry_tick(factory, clock=lambda: LATER, travel=stored_points_estimate)
            with lock:
                reports.append(r)
        except Exception as exc:  # anything is a bug
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(r.expired for r in reports) == made  # none twice, none lost
    with factory() as s:
        expiries = list(
            s.scalars(select(AuditRow.detail).where(AuditRow.action == "proposal.expire"))
        )
        ids = [d.split()[1] for d in expiries]
        assert len(ids) == made == len(set(ids))
        assert s.scalar(select(func.count()).where(ProposalRow.status == "expired")) == made
        assert s.scalar(select(func.count()).where(ProposalRow.status == "proposed")) == made
        overdue = s.scalar(
            select(func.count()).where(
                ProposalRow.status == "proposed", ProposalRow.deadline <= LATER
            )
        )
        assert overdue == 0
        assert s.scalar(select(func.count()).where(PatientRow.status == "proposed")) == made
    print(f"two ticks: expired {[r.expired for r in reports]}, busy {[r.busy for r in reports]}")
    engine.dispose()
