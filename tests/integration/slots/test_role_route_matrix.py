"""Every slot route × every role: the expected status, from the same data each time.

Anonymous callers get 401 on every API route; another territory's slots are answered 404 and
its schedules as unknown ones (ids are scoped to their territory: their existence is not
disclosed); a role that may not act gets 403. The public
page ``/creneaux`` is the one route open to everyone (it shows no identifier).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ROLES, Env, at  # type: ignore[import-not-found]

READERS = {"coord", "coord2", "pro", "pro2", "reg", "reg2", "admin"}


def expect(default: int, **by_role: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, default)
    out["anon"] = 401
    out.update(by_role)
    return out


def _slot(sid: str, schedule: str, hours: float = 30) -> dict[str, Any]:
    return {
        "id": sid,
        "schedule_id": schedule,
        "start": at(hours).isoformat(),
        "end": at(hours + 0.25).isoformat(),
    }


def _bundle(schedule: str, commune: str) -> dict[str, Any]:
    from proxisante.slots import Schedule, Slot, SlotType, to_bundle

    sc = Schedule(schedule, "Agenda (fictif)", "organization", commune)
    return to_bundle([sc], [Slot("fhir-1", schedule, commune, at(30), at(30.25), SlotType.VISIT)])


# Ids are scoped to their territory: for coord2, t1's agendas do not exist in t2, so it gets
# what any unknown agenda or a commune outside t2 gives (400), never a sign that they exist.
OWN_T1 = expect(403, coord=201, coord2=400)  # the coordination's agenda of t1
PRO_A = expect(403, coord=201, coord2=400, pro=201)  # professional pro's agenda
READ = expect(403, **dict.fromkeys(READERS, 200))
READ_T1 = expect(403, **{**dict.fromkeys(READERS, 200), "coord2": 404, "reg2": 404})
BOOK_T1 = expect(403, coord=200, reg=200, coord2=404, reg2=404)

CASES: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("search", "GET", "/api/v1/slots/search?commune=03310", None, READ),
    (
        "publish-structure",
        "POST",
        "/api/v1/slots",
        {"slots": [_slot("new-1", "msp-t1")]},
        OWN_T1,
    ),
    (
        "change-structure",
        "POST",
        "/api/v1/slots",
        {
            "schedules": [
                {
                    "id": "msp-t1",
                    "provider_name": "Autre nom",
                    "provider_kind": "organization",
                    "commune": "03014",
                }
            ]
        },
        OWN_T1,
    ),
    ("publish-pro", "POST", "/api/v1/slots", {"slots": [_slot("new-2", "dr-a")]}, PRO_A),
    (
        "move-slot",
        "POST",
        "/api/v1/slots",
        {"slots": [_slot("t1-free", "dr-a")]},
        expect(403, coord=409, coord2=400, pro=409),
    ),
    ("export-fhir", "GET", "/api/v1/slots/fhir", None, READ),
    ("export-fhir-sas", "GET", "/api/v1/slots/fhir-sas", None, READ),
    ("import-fhir", "POST", "/api/v1/slots/fhir", _bundle("msp-t1", "03310"), OWN_T1),
    ("one-slot", "GET", "/api/v1/slots/t1-free", None, READ_T1),
    (
        "one-slot-t2",
        "GET",
        "/api/v1/slots/t2-free",
        None,
        expect(403, **{**dict.fromkeys(READERS, 404), "coord2": 200, "reg2": 200, "admin": 200}),
    ),
    ("book", "POST", "/api/v1/slots/t1-free/book", {"booking_ref": "SAS-9"}, BOOK_T1),
    ("release", "POST", "/api/v1/slots/t1-booked/release", {"booking_ref": "SAS-0"}, BOOK_T1),
    ("public-page", "GET", "/creneaux?commune=03310", None, dict.fromkeys(ROLES, 200)),
]


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_matrix(
    env: Env, name: str, method: str, path: str, body: Any, expected: dict[str, int]
) -> None:
    got = {}
    for who in ROLES:
        env.reset()
        r = env.call(who, method, path, body)
        got[who] = r.status_code
        if r.status_code >= 400 and path.startswith("/api/"):
            error = r.json()["error"]
            assert error["status"] == r.status_code and error["message"], (who, r.text)
    assert got == expected


def test_every_slot_route_is_in_the_matrix(env: Env) -> None:
    """create_app builds the slot routers: each of their routes appears in CASES."""
    routes = {
        (m, r.path)  # type: ignore[attr-defined]
        for r in env.app.routes
        if getattr(r, "path", "").startswith(("/api/v1/slots", "/creneaux"))
        for m in getattr(r, "methods", ())
    }
    covered = set()
    for _, method, path, _, _ in CASES:
        bare = path.split("?")[0]
        for m, p in routes:
            pattern = p.replace("{slot_id}", "t1-free")
            if m == method and (
                bare == p
                or bare.replace("t1-booked", "t1-free").replace("t2-free", "t1-free") == pattern
            ):
                covered.add((m, p))
    assert covered == routes
