"""Cascade on real databases: declined or expired proposals pass to the next best professional."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from proxisante.registry._errors import ProposalStateError
from proxisante.registry.ports import CLI
from proxisante.store.db import transaction
from proxisante.store.registry import crud
from proxisante.store.registry import proposals as props
from proxisante.store.registry.models import PatientRow

from .conftest import NOW, VICHY, add_patient, service  # type: ignore[import-not-found]


def _setup(factory: sessionmaker[Session]) -> tuple[int, list[int]]:
    with transaction(factory) as s:
        crud.create_territory(
            s, territory_id="t", name="t", communes=VICHY, now=NOW, proposal_days=7
        )
        pros = []
        for code in ("03310", "03014", "03095"):  # Vichy, Bellerive (2.9 km), Cusset (3.1 km)
            pro = crud.create_professional(
                s, territory_id="t", display_name=code, commune_code=code
            )
            crud.declare_capacity(s, professional_id=pro.id, places=1, now=NOW)
            pros.append(pro.id)
        pid = add_patient(s, "t", "03310", 0)
    return pid, pros


def test_decline_passes_to_the_next_best(factory: sessionmaker[Session]) -> None:
    pid, pros = _setup(factory)
    with transaction(factory) as s:
        service(s).run_matching(CLI, "t")
        first = props.list_proposals(s, status="proposed")[0]
    assert first.professional_id == pros[0]  # same commune
    with transaction(factory) as s:
        nxt = service(s).decline(CLI, first.id, pros[0]).next_proposal
    assert nxt is not None and nxt.professional_id == pros[1]  # the next nearest
    with transaction(factory) as s:
        nxt2 = service(s).decline(CLI, nxt.id, pros[1]).next_proposal
    assert nxt2 is not None and nxt2.professional_id == pros[2]
    with transaction(factory) as s:
        last = service(s).decline(CLI, nxt2.id, pros[2]).next_proposal
    assert last is None
    with factory() as s:
        assert s.get(PatientRow, pid).status == "waiting"  # type: ignore[union-attr]
    # A later matching run never offers the patient again to those who declined.
    with transaction(factory) as s:
        assert service(s).run_matching(CLI, "t").n_proposals == 0


def test_expiry_passes_to_the_next_best_and_blocks_late_acceptance(
    factory: sessionmaker[Session],
) -> None:
    _, pros = _setup(factory)
    with transaction(factory) as s:
        service(s).run_matching(CLI, "t")
        first = props.list_proposals(s, status="proposed")[0]
    later = NOW + timedelta(days=8)
    with pytest.raises(ProposalStateError), transaction(factory) as s:
        service(s, later).accept(CLI, first.id, pros[0])
    with transaction(factory) as s:
        assert service(s, later).expire_overdue("t", later) == 1
        live = props.list_proposals(s, status="proposed")
    assert [p.professional_id for p in live] == [pros[1]]
    with transaction(factory) as s:
        service(s, later).accept(CLI, live[0].id, pros[1])
    with factory() as s:
        assert crud.get_capacity(s, professional_id=pros[1]).places_remaining == 0  # type: ignore[union-attr]
