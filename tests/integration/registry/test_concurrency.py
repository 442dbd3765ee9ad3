"""Concurrent accepts never overbook; a killed matching run leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.registry._errors import CapacityExhaustedError
from proxisante.registry.ports import CLI
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import (
    CapacityRow,
    MatchingRunRow,
    PatientRow,
    ProposalRow,
)

from .conftest import NOW, VICHY, add_patient, service  # type: ignore[import-not-found]

N = 50


def test_fifty_concurrent_accepts_on_one_place(db_url: str) -> None:
    # One connection per thread: the 50 transactions really run at the same time.
    engine = make_engine(db_url, pool_size=N, max_overflow=0)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        pro = crud.create_professional(s, territory_id="t", display_name="Dr", commune_code="03310")
        crud.declare_capacity(s, professional_id=pro.id, places=1, now=NOW)
        pro_id = pro.id
        proposals = []
        for i in range(N):
            pid = add_patient(s, "t", "03310", i)
            s.get(PatientRow, pid).status = "proposed"  # type: ignore[union-attr]
            row = ProposalRow(
                patient_id=pid,
                professional_id=pro_id,
                status="proposed",
                level="E",
                travel_time_min=0.0,
                created_at=NOW,
                deadline=NOW + timedelta(days=7),
            )
            s.add(row)
            s.flush()
            proposals.append(row.id)
    barrier = threading.Barrier(N)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(proposal_id: int) -> None:
        barrier.wait()
        try:
            with transaction(factory) as s:
                service(s).accept(CLI, proposal_id, pro_id)
            result = "accepted"
        except CapacityExhaustedError:
            result = "refused"
        except Exception as exc:  # anything else is a bug
            result = f"error {type(exc).__name__}: {exc}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(set(outcomes)) == ["accepted", "refused"], outcomes
    assert outcomes.count("accepted") == 1
    assert outcomes.count("refused") == N - 1
    with factory() as s:
        assert s.scalar(select(CapacityRow.places_remaining)) == 0
        assert s.scalar(select(func.count()).where(ProposalRow.status == "accepted")) == 1
        assert s.scalar(select(func.count()).where(ProposalRow.status == "proposed")) == N - 1
        assert s.scalar(select(func.count()).where(PatientRow.status == "attached")) == 1
    engine.dispose()


CHILD = r"""
import sys, time
from datetime import datetime
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.registry.ports import CLI
from proxisante.bootstrap.services import registry_service
from proxisante.registry.travel_provider import stored_points_estimate

def stall(done, total):
    print(f"FLUSHED {done}/{total}", flush=True)
    time.sleep(120)

factory = make_session_factory(make_engine(sys.argv[1]))
with transaction(factory) as s:
    service = registry_service(
        s, clock=lambda: datetime(2026, 6, 1, 9), travel=stored_points_estimate
    )
    service.run_matching(CLI, "t", on_progress=stall)
"""


@pytest.mark.slow
def test_killed_matching_run_leaves_no_partial_proposals(
    db_url: str, factory: sessionmaker[Session]
) -> None:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        for j, code in enumerate(["03310", "03095", "03014"]):
            pro = crud.create_professional(
                s, territory_id="t", display_name=f"Dr {j}", commune_code=code
            )
            crud.declare_capacity(s, professional_id=pro.id, places=1000, now=NOW)
        for i in range(1500):
            add_patient(s, "t", ["03310", "03095", "03014"][i % 3], i)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("FLUSHED 500/1500"), line  # proposals written, not committed
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ProposalRow)) == 0
        assert s.scalar(select(func.count()).select_from(MatchingRunRow)) == 0
        assert s.scalar(select(func.count()).where(PatientRow.status != "waiting")) == 0
    # The database is usable at once: a complete run succeeds.
    with transaction(factory) as s:
        summary = service(s).run_matching(CLI, "t")
    assert summary.n_proposals == 1500
