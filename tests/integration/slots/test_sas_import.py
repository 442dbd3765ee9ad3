"""POST /api/v1/slots/fhir with a bundle that declares a SAS guide profile and breaks it:
422 listing each problem, nothing stored (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.slots.conftest import Env

EXAMPLE = Path(__file__).parents[3] / "examples" / "fhir-sas-cpts-guide-example.json"


def test_broken_sas_bundle_is_422_with_every_problem(env: Env) -> None:
    env.reset()
    before = (env.count_slots(), len(env.audit()))
    bad = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for e in bad["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Practitioner":
            r["identifier"][0]["system"] = "urn:not-rpps"
        if r["resourceType"] == "Slot":
            del r["start"]
    r = env.call("coord", "POST", "/api/v1/slots/fhir", bad)
    assert r.status_code == 422, r.text
    msg = r.json()["error"]["message"]
    assert "(guide SAS 1.2.0) : 2 problème(s)" in msg
    assert "start obligatoire" in msg and "urn:oid:1.2.250.1.71.4.2.1" in msg
    assert (env.count_slots(), len(env.audit())) == before
