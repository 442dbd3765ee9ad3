"""The registry's use cases live in one service that writes its own audit events.

- the service audits what it does, whoever calls it (a fake audit log sees every event);
- the routes and pages hold no use case: they never write audit rows nor call the proposal
  lifecycle, they call the service (checked on their source);
- ``proxisante registry match`` writes its audit row (role ``cli``).
"""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import proxisante
from proxisante.actor import Actor
from proxisante.cli.__main__ import main
from proxisante.registry._errors import ProposalStateError
from proxisante.registry.ports import AuditEvent, CapacityDeclaration, NewPatient
from proxisante.registry.service import RegistryService
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, ProposalRow
from proxisante.store.registry.repository import SqlRegistry

from .conftest import NOW, VICHY, add_patient  # type: ignore[import-not-found]

SRC = Path(proxisante.__file__).parent
SHELLS = [
    "web/api/patients.py",
    "web/api/proposals.py",
    "web/api/territories.py",
    "web/pages/coordination.py",
    "web/pages/professional.py",
    "cli/registry.py",
    "web/api/rights.py",
    "web/pages/rights.py",
    "web/public/privacy.py",
    "cli/_registry_rights.py",
    "cli/_registry_common.py",
]
# Calls a shell must leave to the service: audit writes, and the store's lifecycle steps.
FORBIDDEN = {"audit", "record_audit"}
STORE_STEPS = {
    "register_patient",
    "declare_capacity",
    "create_professional",
    "erase_patient",
    "take",
    "close",
    "use_place",
    "attach",
    "mark_proposed",
    "add",
}


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[Actor, AuditEvent]] = []

    def record(self, actor: Actor, at: datetime, event: AuditEvent) -> None:
        self.events.append((actor, event))


ME = Actor(user_id=None, role="coordinator", territory_id="t")


def _service(s: Session, audit: Recorder) -> RegistryService:
    return RegistryService(SqlRegistry(s), audit, lambda: NOW, stored_points_estimate)


def _setup(factory: sessionmaker[Session]) -> list[int]:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        pros = []
        for code in ("03310", "03014"):
            pro = crud.create_professional(
                s, territory_id="t", display_name=code, commune_code=code
            )
            crud.declare_capacity(s, professional_id=pro.id, places=1, now=NOW)
            pros.append(pro.id)
        add_patient(s, "t", "03310", 0)
    return pros


def test_each_use_case_writes_its_own_audit_event(factory: sessionmaker[Session]) -> None:
    pros = _setup(factory)
    audit = Recorder()
    with transaction(factory) as s:
        svc = _service(s, audit)
        svc.run_matching(ME, "t")
        patient = NewPatient("03095", "Fictif", "Jeanne", date(1950, 1, 1))
        new_id = svc.register_patient(ME, "t", patient).id
        first = s.scalars(select(ProposalRow).order_by(ProposalRow.id)).first()
        assert first is not None
        decided = svc.decline(ME, first.id, first.professional_id)
        nxt = decided.next_proposal
        assert nxt is not None
        svc.accept(ME, nxt.id, nxt.professional_id)
        svc.declare_capacity(ME, pros[0], CapacityDeclaration(places=0))
    actions = [e.action for _, e in audit.events]
    assert actions[:2] == ["matching.run", "patient.create"]
    assert {"proposal.decline", "proposal.accept", "capacity.declare"} <= set(actions)
    assert all(a is ME for a, _ in audit.events)
    assert audit.events[1][1].patient_id == new_id
    # Identifiers only: no name of the patient in any event.
    assert not any("Fictif" in e.detail or "Jeanne" in e.detail for _, e in audit.events)


def test_a_refused_use_case_writes_nothing(factory: sessionmaker[Session]) -> None:
    _setup(factory)
    audit = Recorder()
    with transaction(factory) as s:
        _service(s, audit).run_matching(ME, "t")
        live = s.scalars(select(ProposalRow)).all()
    later = datetime(2030, 1, 1)
    with pytest.raises(ProposalStateError), transaction(factory) as s:
        svc = RegistryService(SqlRegistry(s), audit, lambda: later, stored_points_estimate)
        svc.accept(ME, live[0].id, live[0].professional_id)
    assert [e.action for _, e in audit.events] == ["matching.run"]


def _offending_calls(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in FORBIDDEN:
            out.add(f.id)
        elif (
            isinstance(f, ast.Attribute)
            and isinstance(f.value, ast.Name)
            and f.value.id in ("crud", "props")
            and f.attr in STORE_STEPS | FORBIDDEN
        ):
            out.add(f"{f.value.id}.{f.attr}")
    return out


@pytest.mark.parametrize("shell", SHELLS)
def test_shells_do_not_implement_use_cases(shell: str) -> None:
    """No route, page or command writes audit rows or steps the proposal lifecycle itself."""
    assert _offending_calls(SRC / shell) == set(), shell


def test_cli_match_writes_its_audit_row(tmp_path: Path) -> None:
    env = {"PROXISANTE_HOME": str(tmp_path)}
    assert main(["db", "upgrade"], env) == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'proxisante.db'}")
    factory = make_session_factory(engine)
    _setup(factory)
    assert main(["registry", "match", "--territory", "t"], env) == 0
    with factory() as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.action == "matching.run")).all()
    engine.dispose()
    assert len(rows) == 1 and rows[0].role == "cli" and rows[0].territory_id == "t"
    assert "proposals 1" in rows[0].detail
