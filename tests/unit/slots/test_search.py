from datetime import UTC, datetime, timedelta

from proxisante.access.port import trip_minutes
from proxisante.slots import Slot, SlotStatus, SlotType, find_nearest_free_slots
from tests.travel import GreatCircleTravel, great_circle_m

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
# Town-hall points (lon, lat) of three Allier communes, rounded.
POINTS = {"03190": (3.3326, 46.5661), "03321": (3.3553, 46.5647), "03310": (3.4260, 46.1279)}


def _slot(sid: str, commune: str, hours: float, **kw: object) -> Slot:
    start = NOW + timedelta(hours=hours)
    return Slot(
        sid, "sch", commune, start, start + timedelta(minutes=15), SlotType.CONSULTATION, **kw
    )  # type: ignore[arg-type]


def test_nearest_first_then_soonest_within_48_hours() -> None:
    slots = [
        _slot("vichy-soon", "03310", 1),
        _slot("moulins-late", "03190", 30),
        _slot("moulins-soon", "03190", 2),
        _slot("yzeure", "03321", 3),
        _slot("too-late", "03190", 49),
        _slot("past", "03190", -1),
        _slot("busy", "03190", 1, status=SlotStatus.BUSY, booking_ref="X"),
    ]
    tt = GreatCircleTravel(POINTS)
    got = find_nearest_free_slots(slots, from_commune="03190", now=NOW, provider=tt)
    assert [m.slot.id for m in got] == ["moulins-soon", "moulins-late", "yzeure", "vichy-soon"]
    assert got[0].travel_min == 5.0
    assert 40 < got[-1].travel_min < 75


def test_filters_type_distance_unknown_and_limit() -> None:
    slots = [
        _slot("a", "03190", 1),
        _slot("b", "03310", 1),
        _slot("c", "99999", 1),
        Slot(
            "v", "sch", "03190", NOW + timedelta(hours=2), NOW + timedelta(hours=3), SlotType.VISIT
        ),
    ]
    tt = GreatCircleTravel(POINTS)
    ids = lambda **kw: [  # noqa: E731
        m.slot.id
        for m in find_nearest_free_slots(slots, from_commune="03321", now=NOW, provider=tt, **kw)
    ]
    assert ids() == ["a", "v", "b"]  # unknown commune 99999 left out
    assert ids(slot_type=SlotType.VISIT) == ["v"]
    assert ids(max_travel_min=20) == ["a", "v"]
    assert ids(limit=1) == ["a"]
    assert ids(within_h=0.5) == []


def test_travel_time_functions() -> None:
    assert 48 < great_circle_m(*POINTS["03190"], *POINTS["03310"]) / 1000 < 50
    tt = GreatCircleTravel(POINTS, detour_factor=1.0, speed_kmh=60, access_min=0)
    got = trip_minutes(tt, "03190", "03310")
    assert got is not None
    assert abs(got - great_circle_m(*POINTS["03190"], *POINTS["03310"]) / 1000) < 1e-9
    assert trip_minutes(tt, "03190", "99999") is None
