"""The slot API end to end (as the coordination and the regulation of territory t1)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle

from .conftest import Env  # type: ignore[import-not-found]

PUBLISH: dict[str, Any] = {
    "schedules": [
        {
            "id": "msp-cusset",
            "provider_name": "MSP de Cusset (fictive)",
            "provider_kind": "organization",
            "commune": "03095",
        },
        {
            "id": "dr-bellerive",
            "provider_name": "Dr Fictif B",
            "provider_kind": "practitioner",
            "commune": "03014",
        },
    ],
    "slots": [
        {
            "id": "m1",
            "schedule_id": "msp-cusset",
            "start": "2027-05-03T10:00:00+02:00",
            "end": "2027-05-03T10:15:00+02:00",
        },
        {
            "id": "v1",
            "schedule_id": "dr-bellerive",
            "start": "2027-05-03T09:00:00+02:00",
            "end": "2027-05-03T09:30:00+02:00",
            "slot_type": "visite",
        },
        {
            "id": "m-late",
            "schedule_id": "msp-cusset",
            "start": "2027-05-06T10:00:00+02:00",
            "end": "2027-05-06T10:15:00+02:00",
        },
    ],
}


def _ids(env: Env, **params: str) -> list[str]:
    r = env.client.get("/api/v1/slots/search", params=params, headers=env.headers("reg"))
    assert r.status_code == 200, r.text
    return [f["id"] for f in r.json()]


def test_publish_search_book(env: Env) -> None:
    env.reset()
    r = env.call("coord", "POST", "/api/v1/slots", PUBLISH)
    assert r.status_code == 201 and r.json() == {"schedules": 2, "slots": 3}
    found = env.client.get(
        "/api/v1/slots/search", params={"commune": "03095"}, headers=env.headers("reg")
    ).json()
    assert [f["id"] for f in found][:2] == ["m1", "a-free"]  # same commune first, then soonest
    assert found[0]["provider_name"] == "MSP de Cusset (fictive)" and found[0]["travel_min"] == 5
    assert "m-late" not in [f["id"] for f in found]  # more than 48 h away
    assert "t2-free" not in [f["id"] for f in found]  # another territory
    assert _ids(env, commune="03095", type="visite") == ["v1"]
    r = env.call("reg", "POST", "/api/v1/slots/m1/book", {"booking_ref": "SAS03-1"})
    assert r.status_code == 200 and r.json()["status"] == "busy"
    r = env.call("coord", "POST", "/api/v1/slots/m1/book", {"booking_ref": "SAS03-2"})
    assert r.status_code == 409 and "déjà réservé" in r.json()["error"]["message"]
    r = env.call("reg", "POST", "/api/v1/slots/m1/release", {"booking_ref": "SAS03-2"})
    assert r.status_code == 409
    r = env.call("reg", "POST", "/api/v1/slots/m1/release", {"booking_ref": "SAS03-1"})
    assert r.json()["status"] == "free"
    assert env.call("reg", "GET", "/api/v1/slots/nope").status_code == 404
    r = env.call("reg", "POST", "/api/v1/slots/m1/book", {"booking_ref": "Jean Dupont"})
    assert r.status_code == 422


def test_bad_requests(env: Env) -> None:
    env.reset()
    r = env.client.get(
        "/api/v1/slots/search", params={"commune": "Moulins"}, headers=env.headers("reg")
    )
    assert r.status_code == 422
    naive = {
        "schedules": PUBLISH["schedules"],
        "slots": [{**PUBLISH["slots"][0], "start": "2027-05-03T10:00:00"}],
    }
    r = env.call("coord", "POST", "/api/v1/slots", naive)
    assert r.status_code == 400 and "fuseau" in r.json()["error"]["message"]
    orphan = {"slots": [{**PUBLISH["slots"][0], "schedule_id": "ghost"}]}
    r = env.call("coord", "POST", "/api/v1/slots", orphan)
    assert r.status_code == 400 and "ghost" in r.json()["error"]["message"]


def test_fhir_export_import_round_trip(env: Env) -> None:
    env.reset()
    env.call("coord", "POST", "/api/v1/slots", PUBLISH)
    r = env.call("coord", "GET", "/api/v1/slots/fhir")
    assert r.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(r.text)
    assert bundle.total == 5  # t1 only; m-late is more than 48 h away
    r2 = env.call("coord", "POST", "/api/v1/slots/fhir", r.json())
    # 4 agendas; the booked slot t1-booked is left as it is
    assert r2.status_code == 201 and r2.json() == {"schedules": 4, "slots": 4}
    assert env.call("coord", "GET", "/api/v1/slots/fhir").json() == r.json()
    bad = env.call("coord", "POST", "/api/v1/slots/fhir", {"resourceType": "Bundle", "type": "x"})
    assert bad.status_code == 400 and "type 'x' non géré" in bad.json()["error"]["message"]


def test_page_in_french(env: Env) -> None:
    env.reset()
    env.call("coord", "POST", "/api/v1/slots", PUBLISH)
    r = env.client.get("/creneaux")
    assert r.status_code == 200 and '<html lang="fr"' in r.text and "48 heures" in r.text
    r = env.client.get("/creneaux", params={"commune": "03095"})
    assert "MSP de Cusset (fictive)" in r.text and "03/05/2027 10:00" in r.text
    assert "m1" not in r.text and "msp-cusset" not in r.text  # no internal identifier
    assert "MSP de Moulins (fictive)" in r.text  # the public offer of every territory
    r = env.client.get("/creneaux", params={"commune": "<b>"})
    assert r.status_code == 400 and "<b>" not in r.text and "&lt;b&gt;" in r.text
    r = env.client.get("/creneaux", params={"commune": "0A1"})
    assert r.status_code == 400 and "Code commune invalide" in r.text
    r = env.client.get("/creneaux", params={"commune": "99999"})
    assert r.status_code == 404 and "Commune 99999 inconnue" in r.text


def test_each_api_action_leaves_exactly_one_audit_row(env: Env) -> None:
    env.reset()
    steps = [
        ("coord", "POST", "/api/v1/slots", PUBLISH, "slots.publish"),
        ("reg", "POST", "/api/v1/slots/m1/book", {"booking_ref": "SAS03-5"}, "slots.book"),
        ("reg", "POST", "/api/v1/slots/m1/release", {"booking_ref": "SAS03-5"}, "slots.release"),
        ("coord", "POST", "/api/v1/slots/fhir", None, "slots.publish"),
    ]
    for i, (who, method, path, body, action) in enumerate(steps, start=1):
        if body is None:  # re-import this territory's own export
            body = env.call(who, "GET", "/api/v1/slots/fhir").json()
        assert env.call(who, method, path, body).status_code < 300
        rows = env.audit()
        assert len(rows) == i and rows[-1].action == action
        assert rows[-1].territory_id == "t1" and rows[-1].patient_id is None
    details = " ".join(r.detail for r in env.audit())
    assert "SAS03-5" not in details and "MSP de Cusset" not in details  # identifiers only
    # refused or failed actions leave none
    env.call("reg", "POST", "/api/v1/slots/t1-booked/book", {"booking_ref": "SAS03-6"})
    env.call("pro2", "POST", "/api/v1/slots", PUBLISH)
    env.call("reg2", "POST", "/api/v1/slots/m1/book", {"booking_ref": "SAS03-7"})
    assert len(env.audit()) == len(steps)
