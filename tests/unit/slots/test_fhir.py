import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle

from proxisante.slots import Schedule, Slot, SlotStatus, SlotType, from_bundle, to_bundle
from proxisante.slots._errors import InvalidSlotError

T0 = datetime(2027, 5, 3, 7, 0, tzinfo=UTC)
SCHEDULES = [
    Schedule("msp-moulins", "MSP de Moulins (fictive)", "organization", "03190", "030000000"),
    Schedule("dr-fictif-a", "Dr Fictif A", "practitioner", "03321", "10000000001"),
    Schedule("sion-garde", "Maison de garde (fictive)", "organization", "6266"),
]
SLOTS = [
    Slot("s1", "msp-moulins", "03190", T0, T0 + timedelta(minutes=15), SlotType.CONSULTATION),
    Slot(
        "s2",
        "dr-fictif-a",
        "03321",
        T0 + timedelta(hours=2),
        T0 + timedelta(hours=3),
        SlotType.VISIT,
        SlotStatus.BUSY,
        "REF",
    ),
    Slot("s3", "sion-garde", "6266", T0, T0 + timedelta(minutes=20), SlotType.TELECONSULTATION),
]


def test_bundle_validates_and_round_trips() -> None:
    data = to_bundle(SCHEDULES, SLOTS)
    text = json.dumps(data)
    parsed = Bundle.model_validate_json(text)  # fhir.resources validation
    assert parsed.type == "searchset" and len(parsed.entry or []) == 6
    schedules, slots = from_bundle(json.loads(parsed.model_dump_json()))
    assert schedules == SCHEDULES
    # booking references never leave the database
    assert slots == [SLOTS[0], Slot(**{**SLOTS[1].__dict__, "booking_ref": None}), SLOTS[2]]
    assert to_bundle(schedules, slots) == to_bundle(SCHEDULES, [*slots])


def test_bundle_shape_follows_sas_usage() -> None:
    data = to_bundle(SCHEDULES[:1], SLOTS[:1])
    schedule = data["entry"][0]["resource"]
    slot = data["entry"][1]["resource"]
    assert schedule["actor"][1]["identifier"] == {
        "system": "https://www.insee.fr/fr/metadonnees/cog/commune",
        "value": "03190",
    }
    assert slot["schedule"] == {"reference": "Schedule/msp-moulins"}
    assert slot["status"] == "free" and slot["start"].endswith("+00:00")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(resourceType="Patient"), "resourceType"),
        (lambda d: d["entry"][1]["resource"].update(start="demain"), "entry.1.resource.start"),
        (lambda d: d["entry"][1]["resource"].update(status="entered-in-error"), "status"),
        (
            lambda d: d["entry"][1]["resource"]["schedule"].update(reference="Schedule/x"),
            "Schedule/x",
        ),
        (lambda d: d["entry"][0]["resource"].update(actor=[{"display": "?"}]), "acteur Location"),
        (
            lambda d: d["entry"][1]["resource"]["serviceType"][0]["coding"][0].update(code="x"),
            "serviceType 'x' inconnu",
        ),
    ],
)
def test_invalid_bundles_are_refused_with_the_place(mutate: object, expected: str) -> None:
    data = copy.deepcopy(to_bundle(SCHEDULES[:1], SLOTS[:1]))
    mutate(data)  # type: ignore[operator]
    with pytest.raises(InvalidSlotError) as info:
        from_bundle(data, source="feed.json")
    assert expected in str(info.value) and "feed.json" in str(info.value)
