"""The slot service on a real database: publish, search, book, release, ownership, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.slots import Schedule, SlotStatus, SlotType
from proxisante.slots._errors import (
    InvalidSlotError,
    SlotForbiddenError,
    SlotMovedError,
    SlotNotFoundError,
    SlotReleaseError,
    SlotUnavailableError,
    UnknownCommuneError,
)
from proxisante.slots.model import SlotDraft
from proxisante.slots.service import SearchQuery, SlotService
from proxisante.store.slots import SqlSlotAudit, SqlSlotRepository

from .conftest import GEOGRAPHY, NOW_UTC, Env, at  # type: ignore[import-not-found]

COORD = Actor(1, "coordinator", "t1")
REG = Actor(5, "regulator", "t1")
REG2 = Actor(6, "regulator", "t2")


def _run(env: Env, action: Callable[[SlotService], object], clock_h: float = 0) -> object:
    """Run one use case in one transaction (committed only when it succeeds)."""
    with env.factory() as db:
        service = _service(db, clock_h)
        try:
            out = action(service)
        except Exception:
            db.rollback()
            raise
        db.commit()
        return out


def _service(db: Session, clock_h: float = 0) -> SlotService:
    return SlotService(
        SqlSlotRepository(db), SqlSlotAudit(db), lambda: NOW_UTC + timedelta(hours=clock_h)
    )


def _draft(sid: str, schedule: str, hours: float) -> SlotDraft:
    return SlotDraft(sid, schedule, at(hours), at(hours + 0.25), SlotType.CONSULTATION)


def test_search_book_release(env: Env) -> None:
    env.reset()
    q = SearchQuery("03014")
    found = _run(env, lambda s: s.search(REG, q, GEOGRAPHY))
    assert [f.slot.id for f in found] == ["t1-free", "a-free"]  # type: ignore[attr-defined]
    booked = _run(env, lambda s: s.book(REG, "t1-free", "SAS-1"))
    assert booked.status is SlotStatus.BUSY  # type: ignore[attr-defined]
    with pytest.raises(SlotUnavailableError, match="déjà réservé"):
        _run(env, lambda s: s.book(COORD, "t1-free", "SAS-2"))
    with pytest.raises(SlotReleaseError):
        _run(env, lambda s: s.release(REG, "t1-free", "SAS-2"))
    found = _run(env, lambda s: s.search(REG, q, GEOGRAPHY))
    assert [f.slot.id for f in found] == ["a-free"]  # type: ignore[attr-defined]
    freed = _run(env, lambda s: s.release(REG, "t1-free", "SAS-1"))
    assert freed.status is SlotStatus.FREE  # type: ignore[attr-defined]
    # the other territory's regulator sees none of t1's slots
    assert [f.slot.id for f in _run(env, lambda s: s.search(REG2, q, GEOGRAPHY))] == [  # type: ignore[attr-defined]
        "t2-free"
    ]


def test_errors(env: Env) -> None:
    env.reset()
    with pytest.raises(SlotNotFoundError):
        _run(env, lambda s: s.book(REG, "nope", "R"))
    with pytest.raises(SlotNotFoundError):  # another territory's slot: unknown
        _run(env, lambda s: s.book(REG2, "t1-free", "R"))
    with pytest.raises(SlotUnavailableError, match="déjà commencé"):
        _run(env, lambda s: s.book(REG, "t1-free", "R"), clock_h=5)
    with pytest.raises(InvalidSlotError, match="agenda 'unknown' inconnu"):
        _run(env, lambda s: s.publish(COORD, [], [_draft("x", "unknown", 3)]))
    with pytest.raises(UnknownCommuneError, match="99999"):
        _run(env, lambda s: s.search(REG, SearchQuery("99999"), GEOGRAPHY))


def test_republishing_never_overwrites_a_booking(env: Env) -> None:
    env.reset()
    drafts = [_draft("t1-free", "msp-t1", 7), _draft("t1-booked", "msp-t1", 8)]
    done = _run(env, lambda s: s.publish(COORD, [], drafts))
    assert done.slots == 1  # type: ignore[attr-defined]
    with env.factory() as db:
        slots = SqlSlotRepository(db).slots(["t1-free", "t1-booked"], territory_id="t1")
    assert slots["t1-booked"].booking_ref == "SAS-0" and slots["t1-booked"].start == at(5)
    assert slots["t1-free"].start == at(7)


def test_ownership(env: Env) -> None:
    env.reset()
    pro, pro2 = env.professionals["pro"], env.professionals["pro2"]
    as_pro = Actor(3, "professional", "t1", pro)
    as_pro2 = Actor(4, "professional", "t1", pro2)
    renamed = Schedule("dr-a", "Autre nom", "practitioner", "03310")
    with pytest.raises(SlotForbiddenError, match="autre professionnel"):
        _run(env, lambda s: s.publish(as_pro2, [renamed], []))
    with pytest.raises(SlotForbiddenError):
        _run(env, lambda s: s.publish(as_pro2, [], [_draft("a-free", "dr-a", 9)]))
    # ids are scoped to their territory: t2 neither sees nor changes t1's "dr-a", and may use
    # the id itself (in one of its own communes)
    with pytest.raises(InvalidSlotError, match="hors du territoire"):
        _run(env, lambda s: s.publish(Actor(2, "coordinator", "t2"), [renamed], []))
    theirs = Schedule("dr-a", "Dr A de t2", "practitioner", "03190")
    _run(env, lambda s: s.publish(Actor(2, "coordinator", "t2"), [theirs], []))
    with pytest.raises(SlotMovedError, match="ne change jamais d'agenda"):
        _run(env, lambda s: s.publish(COORD, [], [_draft("a-free", "msp-t1", 9)]))
    with pytest.raises(SlotForbiddenError, match="ses propres agendas"):
        _run(
            env,
            lambda s: s.publish(
                as_pro, [Schedule("x", "X", "practitioner", "03310", None, None, pro2)], []
            ),
        )
    # a professional's new agenda is theirs; the coordination may hand one to a professional
    _run(env, lambda s: s.publish(as_pro2, [Schedule("dr-b", "Dr B", "practitioner", "03310")], []))
    _run(
        env,
        lambda s: s.publish(
            COORD, [Schedule("cab", "Cabinet", "organization", "03014", None, None, pro)], []
        ),
    )
    with env.factory() as db:
        got = SqlSlotRepository(db).schedules(["dr-a", "dr-b", "cab"], territory_id="t1")
    assert got["dr-a"].provider_name == "Dr A (fictif)"  # unchanged by the refusals
    assert (got["dr-b"].territory_id, got["dr-b"].professional_id) == ("t1", pro2)
    assert (got["cab"].territory_id, got["cab"].professional_id) == ("t1", pro)
    with pytest.raises(InvalidSlotError, match="hors du territoire"):
        _run(env, lambda s: s.publish(COORD, [Schedule("far", "F", "organization", "03190")], []))
    with pytest.raises(InvalidSlotError, match="inconnu dans le territoire"):
        _run(
            env,
            lambda s: s.publish(
                Actor(2, "coordinator", "t2"),
                [Schedule("z", "Z", "organization", "03190", None, None, pro)],
                [],
            ),
        )


def test_each_action_leaves_exactly_one_audit_row(env: Env) -> None:
    env.reset()
    drafts = [_draft("n1", "msp-t1", 10), _draft("n2", "msp-t1", 11)]
    _run(env, lambda s: s.publish(COORD, [], drafts))
    _run(env, lambda s: s.book(REG, "n1", "SAS-7"))
    _run(env, lambda s: s.release(REG, "n1", "SAS-7"))
    rows = env.audit()
    assert [(r.action, r.user_id, r.role, r.territory_id) for r in rows] == [
        ("slots.publish", 1, "coordinator", "t1"),
        ("slots.book", 5, "regulator", "t1"),
        ("slots.release", 5, "regulator", "t1"),
    ]
    assert rows[1].detail == "creneau=n1" and "SAS-7" not in " ".join(r.detail for r in rows)
    assert rows[0].patient_id is None and "creneaux=2" in rows[0].detail
    # a refused action leaves none
    with pytest.raises(SlotUnavailableError):
        _run(env, lambda s: s.book(REG, "t1-booked", "SAS-8"))
    with pytest.raises(SlotForbiddenError):
        _run(env, lambda s: s.publish(Actor(9, "admin", None), [], drafts))
    assert len(env.audit()) == 3
