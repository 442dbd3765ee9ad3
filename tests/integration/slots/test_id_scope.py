"""Schedule and slot ids are scoped to their territory (issue 20, lower findings): a
coordinator of another territory learns nothing from an id (a used one answers as a free one)
and no first publisher can squat an id another would use."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete

from proxisante.store.slots import SlotRow

from .conftest import Env, at  # type: ignore[import-not-found]


def _schedule(sid: str, commune: str) -> dict[str, Any]:
    return {
        "schedules": [
            {
                "id": sid,
                "provider_name": "Structure fictive",
                "provider_kind": "organization",
                "commune": commune,
            }
        ],
        "slots": [],
    }


def test_another_territory_s_schedule_id_answers_as_a_free_one(env: Env) -> None:
    env.reset()
    assert (
        env.call("coord", "POST", "/api/v1/slots", _schedule("agenda-x", "03095")).status_code
        == 201
    )
    fresh = env.call("coord2", "POST", "/api/v1/slots", _schedule("agenda-free", "03190"))
    taken = env.call("coord2", "POST", "/api/v1/slots", _schedule("agenda-x", "03190"))
    assert fresh.status_code == 201
    assert taken.status_code == fresh.status_code  # was 404: the id existed elsewhere


def test_an_id_used_first_elsewhere_can_still_be_published(env: Env) -> None:
    env.reset()
    squat = env.call("coord2", "POST", "/api/v1/slots", _schedule("msp-cusset", "03190"))
    assert squat.status_code == 201
    mine = env.call("coord", "POST", "/api/v1/slots", _schedule("msp-cusset", "03095"))
    assert mine.status_code == 201  # was 404: squatted by territory t2


def _same_ids_in_t2(env: Env) -> None:
    """t2 publishes "msp-t1" and a slot "t1-free", ids t1 already uses."""
    body = _schedule("msp-t1", "03190") | {
        "slots": [
            {
                "id": "t1-free",
                "schedule_id": "msp-t1",
                "start": at(9).isoformat(),
                "end": at(9.25).isoformat(),
            }
        ]
    }
    assert env.call("coord2", "POST", "/api/v1/slots", body).status_code == 201


def test_each_territory_books_and_reads_its_own_slot(env: Env) -> None:
    env.reset()
    _same_ids_in_t2(env)
    r = env.call("reg2", "POST", "/api/v1/slots/t1-free/book", {"booking_ref": "SAS-T2"})
    assert r.status_code == 200 and r.json()["start"].startswith(at(9).strftime("%Y-%m-%dT%H"))
    mine = env.call("reg", "GET", "/api/v1/slots/t1-free").json()
    assert mine["status"] == "free" and mine["commune"] == "03310"  # t1's, untouched
    r = env.call("reg", "POST", "/api/v1/slots/t1-free/book", {"booking_ref": "SAS-T1"})
    assert r.status_code == 200 and r.json()["commune"] == "03310"
    agenda = env.call("coord", "GET", "/api/v1/slots/fhir").json()
    names = {e["resource"].get("name") for e in agenda["entry"]} - {None}
    assert all("Structure fictive" not in str(n) for n in names)  # t2's agenda not in t1's


def test_an_administrator_names_the_territory_of_a_shared_id(env: Env) -> None:
    env.reset()
    _same_ids_in_t2(env)
    r = env.call("admin", "GET", "/api/v1/slots/t1-free")
    assert r.status_code == 409 and "territory" in r.json()["error"]["message"]
    r = env.call("admin", "GET", "/api/v1/slots/t1-free?territory=t2")
    assert r.status_code == 200 and r.json()["commune"] == "03190"
    assert env.call("admin", "GET", "/api/v1/slots/t2-free").status_code == 200
    assert env.call("admin", "GET", "/api/v1/slots/t2-free?territory=t1").status_code == 404


def test_an_export_of_several_territories_keeps_its_ids_unique(env: Env) -> None:
    env.reset()
    _same_ids_in_t2(env)
    bundle = env.call("admin", "GET", "/api/v1/slots/fhir").json()
    ids = [e["resource"]["resourceType"] + "/" + e["resource"]["id"] for e in bundle["entry"]]
    assert len(ids) == len(set(ids))
    assert {"Schedule/t1.msp-t1", "Schedule/t2.msp-t1", "Slot/t2.t1-free"} <= set(ids)
    refs = {
        e["resource"]["schedule"]["reference"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Slot"
    }
    assert refs <= {i for i in ids if i.startswith("Schedule/")}
    sas = env.call("admin", "GET", "/api/v1/slots/fhir-sas").json()
    sas_ids = [e["resource"]["resourceType"] + e["resource"]["id"] for e in sas["entry"]]
    assert len(sas_ids) == len(set(sas_ids))
    # one territory's export keeps its own ids, as published
    mine = env.call("coord", "GET", "/api/v1/slots/fhir").json()
    assert "msp-t1" in {e["resource"]["id"] for e in mine["entry"]}


def test_the_operator_adopts_an_agenda_without_territory_with_its_slots(env: Env) -> None:
    from proxisante.actor import Actor
    from proxisante.slots import Schedule, Slot, SlotType
    from proxisante.slots._errors import InvalidSlotError
    from proxisante.slots.service import SlotService
    from proxisante.store.db import transaction
    from proxisante.store.slots import SqlSlotAudit, SqlSlotRepository

    env.reset()
    old = Schedule("ancien", "Ancien agenda (fictif)", "organization", "03310")
    with transaction(env.factory) as s:
        repo = SqlSlotRepository(s)
        repo.save_schedule(old, now=at(0))
        for sid in ("ancien-1", "t1-free"):  # "t1-free" is also one of t1's slot ids
            repo.save_slot(Slot(sid, "ancien", "03310", at(20), at(20.5), SlotType.VISIT))
    assert env.call("reg", "GET", "/api/v1/slots/ancien-1").status_code == 404

    def adopt() -> None:
        with transaction(env.factory) as s:
            service = SlotService(SqlSlotRepository(s), SqlSlotAudit(s), lambda: at(0))
            service.publish(Actor.operator("t1"), [old], [])

    with pytest.raises(InvalidSlotError, match="déjà utilisé dans le territoire"):
        adopt()  # its "t1-free" would clash with t1's: nothing changes
    assert env.call("reg", "GET", "/api/v1/slots/ancien-1").status_code == 404
    with transaction(env.factory) as s:
        s.execute(delete(SlotRow).where(SlotRow.ns == "", SlotRow.id == "t1-free"))
    adopt()
    r = env.call("reg", "GET", "/api/v1/slots/ancien-1")
    assert r.status_code == 200 and r.json()["schedule_id"] == "ancien"
    assert env.call("reg2", "GET", "/api/v1/slots/ancien-1").status_code == 404
