"""Bad input on the slot routes: a French 4xx naming the input, never a 500, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from proxisante.slots.publishing import MAX_SCHEDULES, MAX_SLOTS

from .conftest import Env, at  # type: ignore[import-not-found]


def _slot(sid: str, start: str, end: str, schedule: str = "msp-t1") -> dict[str, Any]:
    return {"id": sid, "schedule_id": schedule, "start": start, "end": end}


BAD_SLOTS = [
    (
        "overflow",
        _slot("o", "9999-12-31T23:00:00-14:00", "9999-12-31T23:30:00-14:00"),
        "calendrier",
    ),
    ("far-past", _slot("p", "1900-01-01T10:00:00+01:00", "1900-01-01T10:15:00+01:00"), "fenêtre"),
    ("far-future", _slot("f", "2999-01-01T10:00:00+01:00", "2999-01-01T10:15:00+01:00"), "fenêtre"),
    (
        "min-year",
        _slot("m", "0001-01-01T00:30:00+14:00", "0001-01-01T01:00:00+14:00"),
        "calendrier",
    ),
    ("reversed", _slot("r", at(10).isoformat(), at(9).isoformat()), "la fin précède"),
    ("too-long", _slot("l", at(10).isoformat(), at(60).isoformat()), "heures entre"),
    ("naive", _slot("n", "2027-05-03T10:00:00", "2027-05-03T10:15:00"), "fuseau"),
]


@pytest.mark.parametrize(("name", "slot", "words"), BAD_SLOTS, ids=[b[0] for b in BAD_SLOTS])
def test_bad_slot_times(env: Env, name: str, slot: dict[str, Any], words: str) -> None:
    env.reset()
    before = env.count_slots()
    r = env.call("coord", "POST", "/api/v1/slots", {"slots": [slot]})
    assert 400 <= r.status_code < 500, r.text
    message = r.json()["error"]["message"]
    assert words in message and f"créneau {slot['id']}" in message
    assert env.count_slots() == before and env.audit() == []


def test_the_same_overflow_in_a_fhir_bundle(env: Env) -> None:
    env.reset()
    from proxisante.slots import Schedule, Slot, SlotType, to_bundle

    bundle = to_bundle(
        [Schedule("msp-t1", "MSP", "organization", "03310")],
        [Slot("o", "msp-t1", "03310", at(3), at(4), SlotType.VISIT)],
    )
    bundle["entry"][1]["resource"]["start"] = "9999-12-31T23:00:00-14:00"
    bundle["entry"][1]["resource"]["end"] = "9999-12-31T23:30:00-14:00"
    r = env.call("coord", "POST", "/api/v1/slots/fhir", bundle)
    assert r.status_code == 400 and "calendrier" in r.json()["error"]["message"]


def test_caps_are_named(env: Env) -> None:
    env.reset()
    schedules = [
        {"id": f"s{i}", "provider_name": "X", "provider_kind": "organization", "commune": "03310"}
        for i in range(MAX_SCHEDULES + 1)
    ]
    r = env.call("coord", "POST", "/api/v1/slots", {"schedules": schedules})
    assert r.status_code == 422
    assert f"au plus {MAX_SCHEDULES}" in r.json()["error"]["message"]
    slots = [_slot(f"x{i}", at(3).isoformat(), at(4).isoformat()) for i in range(MAX_SLOTS + 1)]
    r = env.call("coord", "POST", "/api/v1/slots", {"slots": slots})
    assert r.status_code == 422 and f"au plus {MAX_SLOTS}" in r.json()["error"]["message"]
    assert env.count_slots() == 4


def test_unknown_commune_search_is_not_an_empty_list(env: Env) -> None:
    r = env.call("reg", "GET", "/api/v1/slots/search?commune=99999")
    assert r.status_code == 422 and "commune '99999' inconnue" in r.json()["error"]["message"]


def test_deep_or_odd_json(env: Env) -> None:
    env.reset()
    deep: Any = {"resourceType": "Bundle", "type": "collection", "entry": []}
    node = deep
    for _ in range(200):
        node["x"] = {}
        node = node["x"]
    r = env.call("coord", "POST", "/api/v1/slots/fhir", deep)
    assert r.status_code == 400 and "imbriqué" in r.json()["error"]["message"]
    r = env.client.post(
        "/api/v1/slots/fhir",
        content=b"[" * 100_000,
        headers={**env.headers("coord"), "content-type": "application/json"},
    )
    assert 400 <= r.status_code < 500
    for bad in [{"slots": "nope"}, [], {"slots": [None]}]:
        r = env.call("coord", "POST", "/api/v1/slots", bad)
        assert r.status_code == 422, (bad, r.text)
    # A NUL anywhere in a JSON body is refused at the edge, naming the field (issue 20).
    r = env.call("coord", "POST", "/api/v1/slots", {"schedules": [{"id": "a\x00b"}]})
    assert r.status_code == 400 and "NUL" in r.text, r.text
    for path in ["/api/v1/slots/a%00b", "/api/v1/slots/" + "x" * 300]:
        assert env.call("reg", "GET", path).status_code in (400, 404, 422)
    r = env.call("reg", "GET", "/api/v1/slots/search?commune=03310&max_travel_min=inf")
    assert r.status_code == 422
    assert env.count_slots() == 4 and env.audit() == []


def test_fhir_names_and_ids_checked_like_the_api(env: Env) -> None:
    """A FHIR schedule has no pattern on its name or commune: the service checks them."""
    env.reset()
    from proxisante.slots import Schedule, Slot, SlotType, to_bundle

    bundle = to_bundle(
        [Schedule("msp-new", "N" * 300, "organization", "03310")],
        [Slot("s", "msp-new", "03310", at(3), at(4), SlotType.VISIT)],
    )
    bundle["entry"][0]["resource"]["actor"][1]["identifier"]["value"] = "0" * 40
    r = env.call("coord", "POST", "/api/v1/slots/fhir", bundle)
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    assert "200 signes" in message and "hors du territoire" in message
    assert env.count_slots() == 4
