"""Export of slots as bundles of the ANS SAS guide 1.2.0: each bundle declares the guide's
profiles and satisfies every constraint the validator checks, validates with fhir.resources
(resource by resource too), imports back, and says what it left out."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.schedule import Schedule as FhirSchedule
from fhir.resources.R4B.slot import Slot as FhirSlot

from proxisante.errors import UserError
from proxisante.slots.fhir import from_bundle
from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType
from proxisante.slots.sas_export import Cpts, fhir_id, to_sas_bundle
from proxisante.slots.sas_profile import (
    BUNDLE_CPTS,
    BUNDLE_INDIV,
    SLOT_CPTS,
    SLOT_INDIV,
    SasProfileError,
    bundle_case,
    check_sas_bundle,
)

T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
MODELS = {
    "Practitioner": Practitioner,
    "PractitionerRole": PractitionerRole,
    "Schedule": FhirSchedule,
    "Slot": FhirSlot,
    "Organization": Organization,
    "HealthcareService": HealthcareService,
}
DR = Schedule(
    "dr_aubert",
    "Dr Fictif Aubert",
    "practitioner",
    "03310",
    "10001234567",
    address_line="2 rue Fictive",
    postal_code="03200",
    city="Vichy",
    specialty="SM54",
    organization="030780092",
)
NO_ADDRESS = Schedule("dr-b", "Dr Fictif B", "practitioner", "03095", "10007654321")
STRUCTURE = Schedule("msp", "MSP fictive", "organization", "03310", "030785430")


def _slots() -> list[Slot]:
    def slot(sid: str, sc: Schedule, h: int, kind: SlotType, status: SlotStatus) -> Slot:
        start = T0 + timedelta(hours=h)
        return Slot(sid, sc.id, sc.commune, start, start + timedelta(minutes=20), kind, status)

    return [
        slot("s:1", DR, 1, SlotType.CONSULTATION, SlotStatus.FREE),
        slot("s2", DR, 2, SlotType.VISIT, SlotStatus.FREE),
        slot("s3", DR, 3, SlotType.TELECONSULTATION, SlotStatus.FREE),
        slot("s4", DR, 4, SlotType.CONSULTATION, SlotStatus.BUSY),
        slot("b1", NO_ADDRESS, 1, SlotType.CONSULTATION, SlotStatus.FREE),
        slot("m1", STRUCTURE, 1, SlotType.CONSULTATION, SlotStatus.FREE),
    ]


def _export(case: str) -> Any:
    cpts = Cpts("030012345", "CPTS fictive de Vichy") if case == "cpts" else None
    return to_sas_bundle(
        [DR, NO_ADDRESS, STRUCTURE], _slots(), case=case, base_url="https://x.test/fhir", cpts=cpts
    )


@pytest.mark.parametrize("case", ["indiv", "cpts"])
def test_export_declares_and_satisfies_the_guide(case: str) -> None:
    done = _export(case)
    bundle = done.bundle
    assert bundle_case(bundle) == case
    assert bundle["meta"]["profile"] == [BUNDLE_CPTS if case == "cpts" else BUNDLE_INDIV]
    assert check_sas_bundle(bundle, case) == []
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Slot") == 3 == done.slots == bundle["total"]
    assert {"Schedule", "Practitioner", "PractitionerRole"} <= set(kinds)
    assert ("Organization" in kinds and "HealthcareService" in kinds) == (case == "cpts")
    for entry in bundle["entry"]:
        r = entry["resource"]
        MODELS[r["resourceType"]].model_validate(r)  # fhir.resources, resource by resource
        assert r["meta"]["profile"], r["resourceType"]
        assert entry["fullUrl"] == f"https://x.test/fhir/{r['resourceType']}/{r['id']}"
    slot = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Slot")
    assert slot["meta"]["profile"] == [SLOT_CPTS if case == "cpts" else SLOT_INDIV]
    assert slot["status"] == "free" and slot["id"] == fhir_id("s:1")
    codes = {c["code"] for st in slot["serviceType"] for c in st.get("coding", [])}
    assert "AMB" in codes and ("604" in codes) == (case == "cpts")
    assert slot["specialty"][0]["coding"][0]["code"] == "SM54"
    person = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Practitioner"
    )
    assert person["identifier"][0]["value"] == "810001234567"  # IDNPS = 8 + RPPS
    omitted = " | ".join(done.omitted)
    assert "agenda dr-b : adresse du lieu de consultation incomplète" in omitted
    assert "agenda msp : agenda d'une structure" in omitted
    assert "1 créneau(x) réservé(s)" in omitted


@pytest.mark.parametrize("case", ["indiv", "cpts"])
def test_export_imports_back(case: str) -> None:
    schedules, slots = from_bundle(_export(case).bundle, source="export")
    assert len(slots) == 3 and {s.slot_type for s in slots} == set(SlotType)
    (sc,) = schedules
    assert (sc.commune, sc.identifier, sc.provider_name) == (
        "03310",
        "10001234567",
        DR.provider_name,
    )
    assert (sc.address_line, sc.postal_code, sc.city) == ("2 rue Fictive", "03200", "Vichy")
    assert (sc.specialty, sc.organization) == ("SM54", "030780092")


def test_a_broken_export_is_refused_listing_each_problem() -> None:
    bundle = copy.deepcopy(_export("cpts").bundle)
    for e in bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Slot":
            r["status"] = "busy"
        if r["resourceType"] == "Practitioner":
            r["identifier"][0]["system"] = "urn:oid:0"
    with pytest.raises(SasProfileError) as err:
        from_bundle(bundle, source="b.json")
    message = str(err.value)
    assert message.count("status fixé à free") == 3 and "identifier.system fixé à" in message


def test_cpts_case_needs_the_cpts_and_a_slot() -> None:
    with pytest.raises(UserError, match="FINESS de la CPTS"):
        to_sas_bundle([DR], _slots(), case="cpts", base_url="https://x.test")
    with pytest.raises(UserError, match="aucun créneau libre exportable"):
        to_sas_bundle(
            [STRUCTURE],
            _slots(),
            case="cpts",
            base_url="https://x.test",
            cpts=Cpts("030012345", "C"),
        )
    with pytest.raises(UserError, match="cas SAS inconnu"):
        to_sas_bundle([DR], _slots(), case="sos", base_url="https://x.test")
    empty = to_sas_bundle([STRUCTURE], [], case="indiv", base_url="https://x.test")
    assert empty.bundle["total"] == 0 and check_sas_bundle(empty.bundle, "indiv") == []
