"""Who may do what with the slots (pure rules) and the time checks of a publication."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from proxisante.actor import Actor
from proxisante.slots import Schedule
from proxisante.slots._errors import SlotLimitError
from proxisante.slots.publishing import MAX_SCHEDULES, MAX_SLOTS, check_caps, to_utc
from proxisante.slots.rules import manages, scope, sees

STRUCTURE = Schedule("msp", "MSP", "organization", "03310", territory_id="t1")
OWN = Schedule("dr", "Dr", "practitioner", "03310", territory_id="t1", professional_id=7)
ORPHAN = Schedule("old", "Old", "organization", "03310")


@pytest.mark.parametrize(
    ("actor", "structure", "own", "orphan"),
    [
        (Actor(1, "coordinator", "t1"), True, True, False),
        (Actor(2, "coordinator", "t2"), False, False, False),
        (Actor(3, "professional", "t1", 7), False, True, False),
        (Actor(4, "professional", "t1", 8), False, False, False),
        (Actor(4, "professional", "t1", None), False, False, False),
        (Actor(5, "regulator", "t1"), False, False, False),
        (Actor(6, "admin", None), False, False, False),
        (Actor.operator("t1"), True, True, False),
    ],
)
def test_who_manages(actor: Actor, structure: bool, own: bool, orphan: bool) -> None:
    assert (manages(actor, STRUCTURE), manages(actor, OWN), manages(actor, ORPHAN)) == (
        structure,
        own,
        orphan,
    )


def test_scope_and_visibility() -> None:
    assert scope(Actor(6, "admin", None)) is None and sees(Actor(6, "admin", None), None)
    assert scope(Actor(5, "regulator", "t2")) == "t2"
    assert not sees(Actor(5, "regulator", None), None)  # no territory sees nothing


def test_to_utc_refuses_naive_and_out_of_calendar() -> None:
    assert to_utc(datetime(2027, 5, 3, 9)) is None
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-14)))
    assert to_utc(late) is None
    early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=14)))
    assert to_utc(early) is None
    paris = datetime(2027, 5, 3, 9, tzinfo=timezone(timedelta(hours=2)))
    assert to_utc(paris) == datetime(2027, 5, 3, 7, tzinfo=UTC)


def test_caps() -> None:
    check_caps(MAX_SCHEDULES, MAX_SLOTS)
    with pytest.raises(SlotLimitError, match=f"au plus {MAX_SLOTS}"):
        check_caps(0, MAX_SLOTS + 1)
    with pytest.raises(SlotLimitError, match="agendas"):
        check_caps(MAX_SCHEDULES + 1, 0)


def test_slot_messages_follow_the_language() -> None:
    from proxisante.i18n import use_lang

    with use_lang("de"), pytest.raises(SlotLimitError, match="höchstens 5000 pro Anfrage"):
        check_caps(0, MAX_SLOTS + 1)
    with use_lang("en"), pytest.raises(SlotLimitError, match="at most 5000 per request"):
        check_caps(0, MAX_SLOTS + 1)
