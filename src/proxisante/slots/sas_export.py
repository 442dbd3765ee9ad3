"""Export of slots as bundles of the ANS SAS implementation guide 1.2.0 (aggregator flows).

Two cases, as the guide has them (``../shared/specs/fhir-sas-ig``):

- **individual practitioners** (``BundleAgregateur``): per agenda a ``Schedule``
  (FrScheduleAgregateur) whose actors are the ``Practitioner`` (FrPractitionerAgregateur: the
  IDNPS identifier ``8`` + RPPS, system ``urn:oid:1.2.250.1.71.4.2.1``, type fr-v2-0203#IDNPS)
  and the ``PractitionerRole`` (FrPractitionerRoleExerciceAgregateur: the place of consultation
  as a contained ``Location`` — FrLocationAgregateur, one address line, city, postal code — and,
  when known, the organisation's IDNST ``1`` + FINESS, system ``urn:oid:1.2.250.1.71.4.2.2``);
  each free ``Slot`` (FrSlotAgregateur) with ``meta.security`` TRE-R314#PUBLIC, a
  ``serviceType`` in v3-ActCode (AMB consultation, HH visit, VR teleconsultation), the
  TRE-R38 ``specialty`` when known and ``appointmentType`` v2-0276#WALKIN (unscheduled care);
- **CPTS** (``sas-cpts-bundle-aggregator``): the same, plus the CPTS as an ``Organization``
  (sas-cpts-organization-aggregator: IDNST ``1`` + FINESS, the guide's FINESS-invariant) and a
  ``HealthcareService`` it provides; each slot (sas-cpts-slot-aggregator) is tagged CPTS and
  points to that service through the R5 ``serviceType`` extension coded TRE-R66#604; the
  bundle has ``total``, one ``self`` link and a ``fullUrl`` on every entry.

What the guide cannot carry is left out, and said so (:attr:`SasExport.omitted`): busy slots
(the guide's Slot.status is fixed to ``free``), agendas of a structure without a practitioner
(every profile hangs a slot on a Practitioner with an RPPS number), agendas without an RPPS
number or without the address of the place of consultation. Every bundle is checked against the
guide's constraints (:func:`~proxisante.slots.sas_profile.check_sas_bundle`) and against the
FHIR R4 models of ``fhir.resources`` before it is handed out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from proxisante.errors import InternalError, UserError
from proxisante.i18n import _
from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType
from proxisante.slots.sas_profile import (
    ACT_CODE,
    BUNDLE_CPTS,
    BUNDLE_INDIV,
    FINESS,
    FR_CORE_V2_0203,
    HEALTHCARE_SERVICE,
    LOCATION,
    ORGANIZATION,
    PRACTITIONER,
    ROLE,
    RPPS,
    SCHEDULE,
    SERVICE_TYPE_R5,
    SLOT_CPTS,
    SLOT_INDIV,
    TRE_R66,
    TYPE_CRENEAU,
    V2_0203,
    V2_0276,
    check_sas_bundle,
)

TRE_R38 = (
    "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale"
)
SYSTEM_COMMUNE_FR = "https://www.insee.fr/fr/metadonnees/cog/commune"
CASES = ("indiv", "cpts")
_ACT = {SlotType.CONSULTATION: "AMB", SlotType.VISIT: "HH", SlotType.TELECONSULTATION: "VR"}
_FHIR_ID = re.compile(r"[A-Za-z0-9.-]{1,64}")
_RPPS = re.compile(r"8?([0-9]{11})")
_FINESS = re.compile(r"(?:[0-9]{2}|2A|2B)[0-9]{7}")


@dataclass(frozen=True)
class Cpts:
    """The CPTS publishing its members' slots: its FINESS number (9 characters) and name."""

    finess: str
    name: str


@dataclass(frozen=True)
class SasExport:
    """A bundle of the guide (JSON-ready), and what was left out and why (one line each)."""

    bundle: dict[str, Any]
    omitted: tuple[str, ...]
    slots: int


def fhir_id(raw: str) -> str:
    """``raw`` if it is a valid FHIR id, else a readable valid id with a hash of ``raw``.

    >>> fhir_id("dr-a.1")
    'dr-a.1'
    >>> fhir_id("slot_1:2")
    'slot-1-2-9a32f905ab49'
    """
    if _FHIR_ID.fullmatch(raw):
        return raw
    digest = hashlib.sha256(raw.encode()).hexdigest()[:12]
    return f"{re.sub(r'[^A-Za-z0-9.-]', '-', raw)[:48]}-{digest}"


def check_cpts(cpts: Cpts | None, case: str) -> None:
    """The case is known; the CPTS case names a CPTS with a FINESS number (UserError)."""
    if case not in CASES:
        raise UserError(_("cas SAS inconnu {case} ; attendu indiv ou cpts").format(case=repr(case)))
    if case == "cpts" and (cpts is None or not _FINESS.fullmatch(cpts.finess)):
        raise UserError(
            _(
                "le cas CPTS du guide SAS demande le numéro FINESS de la CPTS (9 caractères, "
                "p. ex. 030780092) et son nom"
            )
        )
    if case == "cpts" and cpts is not None and not 1 <= len(cpts.name) <= 200:
        raise UserError(_("nom de la CPTS attendu (1 à 200 signes)"))


def _why_not(s: Schedule) -> str | None:
    if s.provider_kind != "practitioner":
        return _(
            "agenda {id} : agenda d'une structure, sans praticien (le guide rattache chaque "
            "créneau à un Practitioner)"
        ).format(id=s.id)
    if s.identifier is None or not _RPPS.fullmatch(s.identifier):
        return _("agenda {id} : pas de numéro RPPS (11 chiffres)").format(id=s.id)
    if not (s.address_line and s.city and s.postal_code):
        return _(
            "agenda {id} : adresse du lieu de consultation incomplète (ligne, ville, code postal)"
        ).format(id=s.id)
    return None


def to_sas_bundle(
    schedules: Sequence[Schedule],
    slots: Sequence[Slot],
    *,
    case: str,
    base_url: str,
    cpts: Cpts | None = None,
) -> SasExport:
    """The free slots of agendas the guide can describe, as a bundle of ``case``."""
    check_cpts(cpts, case)
    base = base_url.rstrip("/")
    omitted: list[str] = []
    kept: dict[str, Schedule] = {}
    for s in schedules:
        why = _why_not(s)
        if why is None:
            kept[s.id] = s
        else:
            omitted.append(why)
    free = [s for s in slots if s.schedule_id in kept and s.status == SlotStatus.FREE]
    busy = sum(1 for s in slots if s.schedule_id in kept and s.status != SlotStatus.FREE)
    if busy:
        omitted.append(
            _("{n} créneau(x) réservé(s) : le guide ne publie que des créneaux libres").format(
                n=busy
            )
        )
    other = sum(1 for s in slots if s.schedule_id not in kept)
    if other:
        omitted.append(_("{n} créneau(x) des agendas laissés de côté ci-dessus").format(n=other))
    if case == "cpts" and not free:
        raise UserError(
            _("aucun créneau libre exportable au format SAS (cas CPTS) : {why}").format(
                why=" ; ".join(omitted) or _("aucun créneau dans l'horizon demandé")
            )
        )
    used = {s.schedule_id for s in free}
    entries: list[dict[str, Any]] = []
    service = None
    if case == "cpts" and cpts is not None:
        service = _cpts_entries(entries, base, cpts)
    specialty = {s.schedule_id: kept[s.schedule_id].specialty for s in free}
    for sid in sorted(used):
        _agenda_entries(entries, base, kept[sid])
    for slot in free:
        entries.append(
            _entry(base, _slot(slot, case, service, specialty.get(slot.schedule_id)), "match")
        )
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "meta": {"profile": [BUNDLE_CPTS if case == "cpts" else BUNDLE_INDIV]},
        "type": "searchset",
        "total": len(free),
        "link": [{"relation": "self", "url": f"{base}/Slot?status=free"}],
        "entry": entries,
    }
    _validate(bundle, case)
    return SasExport(bundle, tuple(omitted), len(free))


def _entry(base: str, resource: dict[str, Any], mode: str) -> dict[str, Any]:
    return {
        "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
        "resource": resource,
        "search": {"mode": mode},
    }


def _cpts_entries(entries: list[dict[str, Any]], base: str, cpts: Cpts) -> str:
    org_id = fhir_id(f"cpts-{cpts.finess}")
    service_id = fhir_id(f"service-cpts-{cpts.finess}")
    entries.append(
        _entry(
            base,
            {
                "resourceType": "Organization",
                "id": org_id,
                "meta": {"profile": [ORGANIZATION]},
                "identifier": [_identifier(FINESS, FR_CORE_V2_0203, "IDNST", "1" + cpts.finess)],
                "name": cpts.name,
            },
            "include",
        )
    )
    entries.append(
        _entry(
            base,
            {
                "resourceType": "HealthcareService",
                "id": service_id,
                "meta": {"profile": [HEALTHCARE_SERVICE]},
                "providedBy": {"reference": f"Organization/{org_id}"},
                "name": cpts.name,
            },
            "include",
        )
    )
    return service_id


def _identifier(system: str, type_system: str, code: str, value: str) -> dict[str, Any]:
    return {
        "type": {"coding": [{"system": type_system, "code": code}]},
        "system": system,
        "value": value,
    }


def _agenda_entries(entries: list[dict[str, Any]], base: str, s: Schedule) -> None:
    key = fhir_id(s.id)
    person, role = f"pr-{key}"[:64], f"role-{key}"[:64]
    match = _RPPS.fullmatch(s.identifier or "")
    if match is None:  # _why_not keeps only agendas with an RPPS number
        raise InternalError("invariant broken: an RPPS number for a kept agenda")
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": person,
        "meta": {"profile": [PRACTITIONER]},
        "identifier": [_identifier(RPPS, V2_0203, "IDNPS", "8" + match.group(1))],
        "name": [{"text": s.provider_name}],
    }
    location = {
        "resourceType": "Location",
        "id": "lieu",
        "meta": {"profile": [LOCATION]},
        "identifier": [{"system": SYSTEM_COMMUNE_FR, "value": s.commune}],
        "address": {"line": [s.address_line], "city": s.city, "postalCode": s.postal_code},
    }
    practitioner_role: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "id": role,
        "meta": {"profile": [ROLE]},
        "contained": [location],
        "practitioner": {"reference": f"Practitioner/{person}"},
        "location": [{"reference": "#lieu"}],
    }
    if s.organization:
        practitioner_role["organization"] = {
            "identifier": _identifier(FINESS, V2_0203, "IDNST", "1" + s.organization)
        }
    if s.specialty:
        practitioner_role["specialty"] = [{"coding": [{"system": TRE_R38, "code": s.specialty}]}]
    schedule = {
        "resourceType": "Schedule",
        "id": key,
        "meta": {"profile": [SCHEDULE]},
        "active": True,
        "actor": [
            {"reference": f"Practitioner/{person}"},
            {"reference": f"PractitionerRole/{role}"},
        ],
    }
    entries.extend(_entry(base, r, "include") for r in (schedule, practitioner, practitioner_role))


def _slot(slot: Slot, case: str, service: str | None, specialty: str | None) -> dict[str, Any]:
    security = [{"system": TYPE_CRENEAU, "code": "PUBLIC"}]
    service_types: list[dict[str, Any]] = [
        {"coding": [{"system": ACT_CODE, "code": _ACT[slot.slot_type]}]}
    ]
    if case == "cpts" and service is not None:
        security.append({"system": TYPE_CRENEAU, "code": "CPTS"})
        service_types.append(
            {
                "extension": [
                    {
                        "url": SERVICE_TYPE_R5,
                        "valueReference": {"reference": f"HealthcareService/{service}"},
                    }
                ],
                "coding": [{"system": TRE_R66, "code": "604"}],
            }
        )
    out: dict[str, Any] = {
        "resourceType": "Slot",
        "id": fhir_id(slot.id),
        "meta": {"profile": [SLOT_CPTS if case == "cpts" else SLOT_INDIV], "security": security},
        "serviceType": service_types,
        "appointmentType": {"coding": [{"system": V2_0276, "code": "WALKIN"}]},
        "schedule": {"reference": f"Schedule/{fhir_id(slot.schedule_id)}"},
        "status": "free",
        "start": slot.start.astimezone(UTC).isoformat(),
        "end": slot.end.astimezone(UTC).isoformat(),
    }
    if specialty:
        out["specialty"] = [{"coding": [{"system": TRE_R38, "code": specialty}]}]
    return out


def _validate(bundle: dict[str, Any], case: str) -> None:
    """Never hand out a bundle that breaks the guide or the FHIR R4 models (a bug if so)."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    problems = check_sas_bundle(bundle, case)
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        problems += [f"{'.'.join(str(p) for p in e['loc'])} : {e['msg']}" for e in exc.errors()]
    if problems:
        raise InternalError("SAS export breaks the guide: " + "; ".join(problems[:10]))
