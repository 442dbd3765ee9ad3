import warnings
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fhir.resources.R4B.bundle import Bundle

PUBLISH: dict[str, Any] = {
    "schedules": [
        {
            "id": "msp-moulins",
            "provider_name": "MSP de Moulins (fictive)",
            "provider_kind": "organization",
            "commune": "03190",
        },
        {
            "id": "dr-vichy",
            "provider_name": "Dr Fictif V",
            "provider_kind": "practitioner",
            "commune": "03310",
        },
    ],
    "slots": [
        {
            "id": "m1",
            "schedule_id": "msp-moulins",
            "start": "2027-05-03T10:00:00+02:00",
            "end": "2027-05-03T10:15:00+02:00",
        },
        {
            "id": "v1",
            "schedule_id": "dr-vichy",
            "start": "2027-05-03T09:00:00+02:00",
            "end": "2027-05-03T09:30:00+02:00",
            "slot_type": "visite",
        },
        {
            "id": "m-late",
            "schedule_id": "msp-moulins",
            "start": "2027-05-06T10:00:00+02:00",
            "end": "2027-05-06T10:15:00+02:00",
        },
    ],
}


def test_publish_search_book(client: TestClient) -> None:
    r = client.post("/api/v1/slots", json=PUBLISH)
    assert r.status_code == 201 and r.json() == {"schedules": 2, "slots": 3}
    found = client.get("/api/v1/slots/search", params={"commune": "03321"}).json()
    assert [f["id"] for f in found] == ["m1", "v1"]
    assert found[0]["provider_name"] == "MSP de Moulins (fictive)" and found[0]["travel_min"] < 10
    assert [
        f["id"]
        for f in client.get(
            "/api/v1/slots/search", params={"commune": "03321", "type": "visite"}
        ).json()
    ] == ["v1"]
    r = client.post("/api/v1/slots/m1/book", json={"booking_ref": "SAS03-1"})
    assert r.status_code == 200 and r.json()["status"] == "busy"
    r = client.post("/api/v1/slots/m1/book", json={"booking_ref": "SAS03-2"})
    assert r.status_code == 409 and "déjà réservé" in r.json()["detail"]
    assert (
        client.post("/api/v1/slots/m1/release", json={"booking_ref": "SAS03-2"}).status_code == 409
    )
    assert (
        client.post("/api/v1/slots/m1/release", json={"booking_ref": "SAS03-1"}).json()["status"]
        == "free"
    )
    assert client.get("/api/v1/slots/nope").status_code == 404
    assert (
        client.post("/api/v1/slots/m1/book", json={"booking_ref": "Jean Dupont"}).status_code == 422
    )


def test_bad_requests(client: TestClient) -> None:
    assert client.get("/api/v1/slots/search", params={"commune": "Moulins"}).status_code == 422
    naive = {
        "schedules": PUBLISH["schedules"],
        "slots": [{**PUBLISH["slots"][0], "start": "2027-05-03T10:00:00"}],
    }
    r = client.post("/api/v1/slots", json=naive)
    assert r.status_code == 400 and "fuseau" in r.json()["detail"]
    orphan = {"slots": [{**PUBLISH["slots"][0], "schedule_id": "ghost"}]}
    r = client.post("/api/v1/slots", json=orphan)
    assert r.status_code == 400 and "ghost" in r.json()["detail"]


def test_fhir_export_import_round_trip(client: TestClient) -> None:
    client.post("/api/v1/slots", json=PUBLISH)
    r = client.get("/api/v1/slots/fhir")
    assert r.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(r.text)
    assert bundle.total == 2  # m-late is more than 48 h away
    r2 = client.post("/api/v1/slots/fhir", json=r.json())
    assert r2.status_code == 201 and r2.json() == {"schedules": 2, "slots": 2}
    assert client.get("/api/v1/slots/fhir").json() == r.json()
    bad = client.post("/api/v1/slots/fhir", json={"resourceType": "Bundle", "type": "nope"})
    assert bad.status_code == 400 and "type 'nope' non géré" in bad.json()["detail"]


def test_page_in_french(client: TestClient) -> None:
    client.post("/api/v1/slots", json=PUBLISH)
    r = client.get("/creneaux")
    assert r.status_code == 200 and '<html lang="fr">' in r.text and "48 heures" in r.text
    r = client.get("/creneaux", params={"commune": "03321"})
    assert "MSP de Moulins (fictive)" in r.text and "03/05/2027 10:00" in r.text
    r = client.get("/creneaux", params={"commune": "<b>"})
    assert r.status_code == 400 and "<b>" not in r.text and "&lt;b&gt;" in r.text
    r = client.get("/creneaux", params={"commune": "0A1"})
    assert r.status_code == 400 and "Code commune invalide" in r.text
