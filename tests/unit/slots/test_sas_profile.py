"""The validator of the ANS SAS guide 1.2.0 profiles, against the guide's own example (the
CPTS bundle ExampleBundleCPTS1, transcribed from its FSH as SUSHI renders it) and against
copies that break one constraint each (every problem is listed, with the constraint named)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from proxisante.slots._errors import InvalidSlotError
from proxisante.slots.fhir import from_bundle
from proxisante.slots.sas_profile import (
    BUNDLE_INDIV,
    SasProfileError,
    bundle_case,
    check_sas_bundle,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "fhir-sas-cpts-guide-example.json"


def guide() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def res(data: dict[str, Any], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = next(
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind
    )
    return out


def test_guide_example_conforms_and_imports() -> None:
    data = guide()
    assert bundle_case(data) == "cpts"
    assert check_sas_bundle(data, "cpts") == []
    schedules, slots = from_bundle(data)
    assert [(s.id, s.identifier, s.commune) for s in schedules] == [
        ("ExampleSchedule", "10002909371", "31032")  # RPPS (IDNPS less its 8); Aussonne
    ]
    assert (schedules[0].address_line, schedules[0].postal_code, schedules[0].city) == (
        "25 CHEMIN DE MOUNESTIE",
        "31840",
        "Aussonne",
    )
    assert [(s.id, s.slot_type.value, s.start.isoformat()) for s in slots] == [
        ("ExampleSlotCPTS1", "consultation", "2024-06-12T14:40:00+00:00")
    ]


def _set(kind: str, path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def go(data: dict[str, Any]) -> None:
        node: Any = res(data, kind)
        for p in path[:-1]:
            node = node[p]
        if value is None:
            del node[path[-1]]
        else:
            node[path[-1]] = value

    return go


BREAKS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("slot status", _set("Slot", ["status"], "busy"), "status fixé à free"),
    ("slot end", _set("Slot", ["end"], None), "end obligatoire"),
    ("slot schedule", _set("Slot", ["schedule", "reference"], "Schedule/x"), "schedule doit"),
    ("security", _set("Slot", ["meta", "security", 0, "code"], "SECRET"), "TypeCreneau"),
    ("act code", _set("Slot", ["serviceType", 0, "coding", 0, "code"], "XYZ"), "ActEncounterCode"),
    ("r66", _set("Slot", ["serviceType", 1, "coding", 0, "code"], "999"), "TRE-R66#604"),
    (
        "hcs ref",
        _set(
            "Slot",
            ["serviceType", 1, "extension", 0, "valueReference"],
            {"reference": "HealthcareService/none"},
        ),
        "HealthcareService du bundle",
    ),
    ("reason", _set("Slot", ["appointmentType", "coding", 0, "code"], "LATER"), "ROUTINE"),
    ("rpps", _set("Practitioner", ["identifier", 0, "system"], "urn:x"), "1.2.250.1.71.4.2.1"),
    ("idnps", _set("Practitioner", ["identifier", 0, "type"], None), "IDNPS"),
    ("no id", _set("Practitioner", ["identifier"], []), "identifier obligatoire"),
    ("contained", _set("PractitionerRole", ["contained"], []), "contained obligatoire"),
    (
        "line",
        _set("PractitionerRole", ["contained", 0, "address", 0, "line"], None),
        "address.line",
    ),
    (
        "postal",
        _set("PractitionerRole", ["contained", 0, "address", 0, "postalCode"], None),
        "postalCode",
    ),
    (
        "finess role",
        _set("PractitionerRole", ["organization", "identifier", "system"], "urn:y"),
        "1.2.250.1.71.4.2.2",
    ),
    (
        "finess inv",
        _set("Organization", ["identifier", 0, "value"], "2950047225"),
        "FINESS-invariant",
    ),
    ("providedBy", _set("HealthcareService", ["providedBy"], None), "providedBy"),
    ("actor", _set("Schedule", ["actor"], []), "actor obligatoire"),
]


@pytest.mark.parametrize("name,breaks,expected", BREAKS, ids=[b[0] for b in BREAKS])
def test_each_constraint_is_checked(
    name: str, breaks: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = copy.deepcopy(guide())
    breaks(data)
    problems = check_sas_bundle(data, "cpts")
    assert any(expected in p for p in problems), problems


def test_bundle_level_constraints_and_every_problem_listed() -> None:
    data = copy.deepcopy(guide())
    data["type"] = "collection"
    del data["total"]
    data["link"] = []
    data["entry"] = [e for e in data["entry"] if e["resource"]["resourceType"] != "Practitioner"]
    del data["entry"][0]["fullUrl"]
    problems = check_sas_bundle(data, "cpts")
    for expected in (
        "searchset",
        "Bundle.total",
        "Bundle.link",
        "ressource Practitioner",
        "fullUrl obligatoire",
        "practitioner doit",
    ):
        assert any(expected in p for p in problems), (expected, problems)
    with pytest.raises(SasProfileError) as err:
        from_bundle(data, source="b.json")
    assert err.value.http_status == 422 and isinstance(err.value, InvalidSlotError)
    assert len(err.value.problems) == len(problems) and "b.json" in str(err.value)


def test_individual_case_allows_no_cpts_parts() -> None:
    data = copy.deepcopy(guide())
    data["meta"]["profile"] = [BUNDLE_INDIV]
    # the PS-indiv slot profile knows no CPTS slot kind and no R66 service reference
    problems = check_sas_bundle(data, "indiv")
    assert any("TypeCreneau" in p for p in problems)
    res(data, "Slot")["meta"]["security"] = res(data, "Slot")["meta"]["security"][:1]
    assert check_sas_bundle(data, "indiv") == []
