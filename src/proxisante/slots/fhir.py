"""FHIR R4 import and export of slots: a Bundle of Schedule and Slot resources.

Shaped like the availability feeds of the ANS *Service d'accès aux soins* (SAS) guide: a
``searchset`` Bundle holding the ``Slot`` resources (``status`` free/busy, ``start``, ``end``,
``serviceType``, ``schedule`` reference) and the ``Schedule`` resources they point to, whose
``actor`` names the professional or structure (with an RPPS/FINESS identifier when known) and the
place (the commune, by its INSEE/OFS code). ``meta.profile`` cites the FR Core profiles; the
resources are validated with ``fhir.resources`` (R4B models, compatible with R4 for these two
resources), not against the SAS profiles themselves (no FHIR validator is run here).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.schedule import Schedule as FhirSchedule
from fhir.resources.R4B.slot import Slot as FhirSlot
from pydantic import ValidationError

from proxisante.i18n import _
from proxisante.slots._errors import InvalidSlotError
from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType
from proxisante.slots.sas_bundle import read_sas_bundle
from proxisante.slots.sas_profile import SasProfileError, bundle_case, check_sas_bundle

PROFILE_SLOT = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-slot"
PROFILE_SCHEDULE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-schedule"
SYSTEM_COMMUNE_FR = "https://www.insee.fr/fr/metadonnees/cog/commune"
SYSTEM_COMMUNE_CH = "https://www.agvchapp.bfs.admin.ch/fr/communes"
SYSTEM_RPPS = "urn:oid:1.2.250.1.71.4.2.1"
SYSTEM_FINESS = "urn:oid:1.2.250.1.71.4.2.2"
#: Deepest nesting of JSON objects and lists accepted in a bundle (a SAS feed needs about 8).
MAX_DEPTH = 32
_BUNDLE_TYPES = frozenset({"searchset", "collection", "transaction", "batch"})
SYSTEM_SLOT_TYPE = "https://proxisante.example/fhir/CodeSystem/slot-type"


def _commune_system(code: str) -> str:
    return SYSTEM_COMMUNE_CH if len(code) == 4 and code.isdigit() else SYSTEM_COMMUNE_FR


def schedule_resource(s: Schedule) -> dict[str, Any]:
    actor: dict[str, Any] = {
        "type": "Practitioner" if s.provider_kind == "practitioner" else "Organization",
        "display": s.provider_name,
    }
    if s.identifier:
        system = SYSTEM_RPPS if s.provider_kind == "practitioner" else SYSTEM_FINESS
        actor["identifier"] = {"system": system, "value": s.identifier}
    return {
        "resourceType": "Schedule",
        "id": s.id,
        "meta": {"profile": [PROFILE_SCHEDULE]},
        "active": True,
        "actor": [
            actor,
            {
                "type": "Location",
                "identifier": {"system": _commune_system(s.commune), "value": s.commune},
                "display": f"Commune {s.commune}",
            },
        ],
    }


def slot_resource(s: Slot) -> dict[str, Any]:
    return {
        "resourceType": "Slot",
        "id": s.id,
        "meta": {"profile": [PROFILE_SLOT]},
        "serviceType": [
            {
                "coding": [{"system": SYSTEM_SLOT_TYPE, "code": s.slot_type.value}],
                "text": s.slot_type.value,
            }
        ],
        "schedule": {"reference": f"Schedule/{s.schedule_id}"},
        "status": s.status.value,
        "start": s.start.astimezone(UTC).isoformat(),
        "end": s.end.astimezone(UTC).isoformat(),
    }


def to_bundle(schedules: Sequence[Schedule], slots: Sequence[Slot]) -> dict[str, Any]:
    """A validated FHIR ``searchset`` Bundle (as a JSON-ready dict). Booking references stay
    out of it: a busy slot says only ``busy``."""
    entries = [
        {
            "fullUrl": f"Schedule/{s.id}",
            "resource": schedule_resource(s),
            "search": {"mode": "include"},
        }
        for s in schedules
    ] + [
        {"fullUrl": f"Slot/{s.id}", "resource": slot_resource(s), "search": {"mode": "match"}}
        for s in slots
    ]
    data = {"resourceType": "Bundle", "type": "searchset", "total": len(slots), "entry": entries}
    Bundle.model_validate(data)  # never hand out an invalid bundle
    return data


def check_depth(data: Any, *, source: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than ``max_depth`` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise InvalidSlotError(
                source,
                [
                    _("JSON imbriqué sur plus de {n} niveaux : attendu un Bundle FHIR").format(
                        n=max_depth
                    )
                ],
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def from_bundle(data: Any, *, source: str = "bundle FHIR") -> tuple[list[Schedule], list[Slot]]:
    """Schedules and slots of a FHIR R4 Bundle; every problem is listed."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InvalidSlotError(
            source, [_('attendu un objet JSON FHIR {"resourceType": "Bundle", …}')]
        )
    check_depth(data, source=source)
    case = bundle_case(data)
    if case is not None:  # declares a profile of the ANS SAS guide: held to it
        departures = check_sas_bundle(data, case)
        if departures:
            where = _("{source} (guide SAS 1.2.0)").format(source=source)
            raise SasProfileError(where, departures)
        return read_sas_bundle(data, source=source)
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as exc:
        errors = [f"{'.'.join(str(p) for p in e['loc'])} : {e['msg']}" for e in exc.errors()]
        raise InvalidSlotError(source, errors[:50]) from exc
    if bundle.type not in _BUNDLE_TYPES:
        raise InvalidSlotError(
            source,
            [
                _("type {type} non géré (attendu {x})").format(
                    type=repr(bundle.type), x=", ".join(sorted(_BUNDLE_TYPES))
                )
            ],
        )
    schedules: dict[str, Schedule] = {}
    fhir_slots: list[tuple[int, FhirSlot]] = []
    problems: list[str] = []
    for i, entry in enumerate(bundle.entry or []):
        res = entry.resource
        if isinstance(res, FhirSchedule):
            got = _schedule(res, i, problems)
            if got is not None:
                schedules[got.id] = got
        elif isinstance(res, FhirSlot):
            fhir_slots.append((i, res))
    slots: list[Slot] = []
    for i, res in fhir_slots:
        got_slot = _slot(res, i, schedules, problems)
        if got_slot is not None:
            slots.append(got_slot)
    if problems:
        raise InvalidSlotError(source, problems)
    return list(schedules.values()), slots


def _schedule(res: FhirSchedule, i: int, problems: list[str]) -> Schedule | None:
    where = f"entry.{i} (Schedule {res.id})"
    provider = next(
        (
            a
            for a in res.actor or []
            if a.type in ("Practitioner", "Organization", "PractitionerRole")
        ),
        None,
    )
    place = next((a for a in res.actor or [] if a.type == "Location" and a.identifier), None)
    if res.id is None or provider is None or place is None:
        problems.append(
            _(
                "{where} : attendu un id, un acteur Practitioner ou Organization et un "
                "acteur Location identifié par le code commune"
            ).format(where=where)
        )
        return None
    identifier = provider.identifier.value if provider.identifier else None
    return Schedule(
        id=res.id,
        provider_name=provider.display or "",
        provider_kind="practitioner"
        if provider.type in ("Practitioner", "PractitionerRole")
        else "organization",
        commune=str(place.identifier.value if place.identifier else ""),
        identifier=identifier,
    )


def _utc(t: datetime | None) -> datetime | None:
    if t is None or t.tzinfo is None:
        return None
    try:
        return t.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _slot(
    res: FhirSlot, i: int, schedules: dict[str, Schedule], problems: list[str]
) -> Slot | None:
    where = f"entry.{i} (Slot {res.id})"
    ref = (res.schedule.reference or "") if res.schedule else ""
    schedule = schedules.get(ref.removeprefix("Schedule/"))
    if res.id is None or schedule is None:
        problems.append(
            _("{where} : schedule {ref} absent du bundle (attendu « Schedule/<id> »)").format(
                where=where, ref=repr(ref)
            )
        )
        return None
    try:
        status = SlotStatus(res.status or "")
    except ValueError:
        problems.append(
            _("{where} : status {status} non géré (attendu free ou busy)").format(
                where=where, status=repr(res.status)
            )
        )
        return None
    text = ""
    for concept in res.serviceType or []:
        codes = [c.code for c in concept.coding or [] if c.code]
        text = codes[0] if codes else (concept.text or "")
        break
    try:
        slot_type = SlotType(text or SlotType.CONSULTATION.value)
    except ValueError:
        problems.append(
            _("{where} : serviceType {text} inconnu (attendu {x})").format(
                where=where, text=repr(text), x=", ".join(t.value for t in SlotType)
            )
        )
        return None
    start, end = _utc(res.start), _utc(res.end)
    if start is None or end is None or end <= start:
        problems.append(
            _(
                "{where} : attendu start puis end, avec fuseau, dans le calendrier "
                "(reçu {start} → {end})"
            ).format(where=where, start=res.start, end=res.end)
        )
        return None
    return Slot(
        id=res.id,
        schedule_id=schedule.id,
        commune=schedule.commune,
        start=start,
        end=end,
        slot_type=slot_type,
        status=status,
    )
