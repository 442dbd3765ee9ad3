"""The ANS SAS implementation guide 1.2.0 (``../shared/specs/fhir-sas-ig``): the constraints its
aggregator profiles state, checked on a FHIR bundle (JSON), every problem listed.

Two cases: the CPTS bundle (``sas-cpts-bundle-aggregator``) and the individual-practitioner
bundle (``BundleAgregateur``). What is checked, profile by profile (FSH sources in
``input/fsh/profiles``):

- **Bundle**: ``type`` = searchset; CPTS: ``total`` 1.., ``link`` 1..1, at least one Slot,
  Schedule, Practitioner and PractitionerRole entry, every sliced entry with a ``fullUrl``;
- **Slot** (FrSlotAgregateur / FrSlotAgregateurCPTS): ``status`` = free (fixed); ``schedule``,
  ``start``, ``end`` present (FHIR R4 Slot) and the schedule in the bundle (aggregation
  referenced/bundled); ``meta.security`` from the TypeCreneau code system (PUBLIC, PRO, SNP, and
  CPTS for the CPTS case); a ``serviceType`` coded in v3-ActCode must be an ActEncounterCode and
  carry no R5 extension; CPTS: a ``serviceType`` with the R5 ``serviceType`` extension is coded
  in TRE-R66 (604) and references a HealthcareService of the bundle; ``appointmentType`` coded
  ROUTINE or WALKIN (v2-0276, CPTS: required);
- **Schedule**: ``actor`` 1.. (R4), each reference resolved in the bundle;
- **Practitioner**: ``identifier`` 1.., system RPPS ``urn:oid:1.2.250.1.71.4.2.1``, type
  IDNPS (one coding);
- **PractitionerRole**: ``contained`` 1..; ``practitioner`` a Practitioner of the bundle;
  ``organization.identifier`` (when present) of system FINESS and type IDNST; ``location``
  1..1, a reference to a contained Location with an ``address`` (``line`` 1..1, ``city``,
  ``postalCode``);
- **HealthcareService** (CPTS): ``id`` and ``providedBy`` 1..1, an Organization of the bundle;
- **Organization** (CPTS): ``identifier`` 1..1, system FINESS, type IDNST, value matching
  ``^1[0-9]{9}$`` (the guide's FINESS-invariant).

Not checked (see docs/explanation/slots.md): the FR Core parents' own constraints beyond these
(the FR Core package is not in the guide's sources), terminology bindings to external value sets
other than the ones listed above (``specialty``: TRE-R38 is only checked for a system).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from proxisante.i18n import _
from proxisante.slots._errors import InvalidSlotError

SAS = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/"
SAS_OLD = "http://sas.fr/fhir/StructureDefinition/"
BUNDLE_CPTS = SAS + "sas-cpts-bundle-aggregator"
BUNDLE_INDIV = SAS_OLD + "BundleAgregateur"
SLOT_CPTS = SAS + "sas-cpts-slot-aggregator"
SLOT_INDIV = SAS_OLD + "FrSlotAgregateur"
SCHEDULE = SAS_OLD + "FrScheduleAgregateur"
PRACTITIONER = SAS_OLD + "FrPractitionerAgregateur"
ROLE = SAS_OLD + "FrPractitionerRoleExerciceAgregateur"
LOCATION = SAS_OLD + "FrLocationAgregateur"
HEALTHCARE_SERVICE = SAS + "sas-cpts-healthcareservice-aggregator"
ORGANIZATION = SAS + "sas-cpts-organization-aggregator"

RPPS = "urn:oid:1.2.250.1.71.4.2.1"
FINESS = "urn:oid:1.2.250.1.71.4.2.2"
V2_0203 = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203"
FR_CORE_V2_0203 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0276 = "http://terminology.hl7.org/CodeSystem/v2-0276"
TYPE_CRENEAU = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau"
TRE_R66 = (
    "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/"
    "TRE-R66-CategorieEtablissement"
)
SERVICE_TYPE_R5 = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType"
#: v3 ActEncounterCode (the value set bound to serviceType[TypeConsultation]).
ENCOUNTER_CODES = frozenset(
    {"AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC", "OBSENC", "PRENC", "SS", "VR"}
)
APPOINTMENT_REASONS = frozenset({"ROUTINE", "WALKIN"})
SLOT_KINDS_INDIV = frozenset({"PUBLIC", "PRO", "SNP"})
SLOT_KINDS_CPTS = SLOT_KINDS_INDIV | {"CPTS"}
_FINESS_INVARIANT = re.compile(r"^1[0-9]{9}$")


class SasProfileError(InvalidSlotError):
    """A bundle that declares a SAS profile and breaks it (HTTP 422, exit 2); every problem
    listed, nothing imported."""

    http_status = 422


def bundle_case(data: Any) -> str | None:
    """``"cpts"``, ``"indiv"`` or None (a bundle that declares no SAS bundle profile)."""
    profiles = (data.get("meta") or {}).get("profile") or [] if isinstance(data, dict) else []
    if BUNDLE_CPTS in profiles:
        return "cpts"
    if BUNDLE_INDIV in profiles:
        return "indiv"
    return None


@dataclass
class _Check:
    cpts: bool
    problems: list[str] = field(default_factory=list)
    by_ref: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where} : {message}")

    def resolves(self, ref: Any, kind: str) -> bool:
        target = self.by_ref.get(str((ref or {}).get("reference", "")))
        return target is not None and target.get("resourceType") == kind


def _codings(concept: Any) -> list[dict[str, Any]]:
    return [c for c in (concept or {}).get("coding") or [] if isinstance(c, dict)]


def _entries(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    for i, entry in enumerate(data.get("entry") or []):
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            yield i, entry, entry["resource"]


def check_sas_bundle(data: dict[str, Any], case: str) -> list[str]:
    """Every departure of ``data`` from the guide's bundle profile of ``case``."""
    c = _Check(cpts=case == "cpts")
    for _i, entry, res in _entries(data):
        kind, rid = res.get("resourceType"), res.get("id")
        c.by_ref[f"{kind}/{rid}"] = res
        if entry.get("fullUrl"):
            c.by_ref[str(entry["fullUrl"])] = res
    if data.get("type") != "searchset":
        c.fail("Bundle.type", _("attendu searchset (reçu {v!r})").format(v=data.get("type")))
    counts: dict[str, int] = {}
    checks = {**_CHECKS, **(_CPTS_ONLY if c.cpts else {})}
    for i, entry, res in _entries(data):
        kind = str(res.get("resourceType"))
        counts[kind] = counts.get(kind, 0) + 1
        where = f"entry[{i}] ({kind}/{res.get('id')})"
        if c.cpts and kind in checks and not entry.get("fullUrl"):
            c.fail(where, _("fullUrl obligatoire (1..1)"))
        check = checks.get(kind)
        if check is not None:
            check(c, where, res)
    if c.cpts:
        if not isinstance(data.get("total"), int):
            c.fail("Bundle.total", _("obligatoire (1..1)"))
        if len(data.get("link") or []) != 1:
            c.fail("Bundle.link", _("exactement un lien attendu (1..1)"))
        for kind in ("Slot", "Schedule", "Practitioner", "PractitionerRole"):
            if not counts.get(kind):
                c.fail("Bundle.entry", _("au moins une ressource {kind} (1..*)").format(kind=kind))
    return c.problems


def _slot(c: _Check, where: str, res: dict[str, Any]) -> None:
    if res.get("status") != "free":
        c.fail(where, _("status fixé à free (reçu {v!r})").format(v=res.get("status")))
    for name in ("start", "end"):
        if not res.get(name):
            c.fail(where, _("{name} obligatoire (1..1)").format(name=name))
    if not c.resolves(res.get("schedule"), "Schedule"):
        c.fail(where, _("schedule doit référencer un Schedule du bundle"))
    allowed = SLOT_KINDS_CPTS if c.cpts else SLOT_KINDS_INDIV
    for tag in (res.get("meta") or {}).get("security") or []:
        if tag.get("system") != TYPE_CRENEAU or tag.get("code") not in allowed:
            c.fail(
                where,
                _("meta.security hors du jeu TypeCreneau ({codes}) : {v}").format(
                    codes=", ".join(sorted(allowed)), v=f"{tag.get('system')}#{tag.get('code')}"
                ),
            )
    for n, concept in enumerate(res.get("serviceType") or []):
        _service_type(c, f"{where} serviceType[{n}]", concept)
    reasons = _codings(res.get("appointmentType"))
    if c.cpts and res.get("appointmentType") and not reasons:
        c.fail(where, _("appointmentType.coding obligatoire (liaison required)"))
    for coding in reasons:
        if coding.get("system") != V2_0276 or coding.get("code") not in APPOINTMENT_REASONS:
            c.fail(where, _("appointmentType attendu ROUTINE ou WALKIN (v2-0276)"))


def _service_type(c: _Check, where: str, concept: Any) -> None:
    if not isinstance(concept, dict):
        c.fail(where, _("attendu un CodeableConcept"))
        return
    r5 = [e for e in concept.get("extension") or [] if e.get("url") == SERVICE_TYPE_R5]
    for coding in _codings(concept):
        if coding.get("system") == ACT_CODE:
            if coding.get("code") not in ENCOUNTER_CODES:
                c.fail(where, _("code {v!r} hors de ActEncounterCode").format(v=coding.get("code")))
            if r5:
                c.fail(where, _("l'extension serviceType R5 est interdite sur TypeConsultation"))
    if not r5 or not c.cpts:
        return
    if len(r5) > 1:
        c.fail(where, _("extension serviceType R5 : au plus une (0..1)"))
    if not any(x.get("system") == TRE_R66 and x.get("code") == "604" for x in _codings(concept)):
        c.fail(where, _("catégorie d'établissement attendue TRE-R66#604"))
    if not c.resolves(r5[0].get("valueReference"), "HealthcareService"):
        c.fail(
            where, _("l'extension serviceType R5 doit référencer un HealthcareService du bundle")
        )


def _schedule(c: _Check, where: str, res: dict[str, Any]) -> None:
    actors = res.get("actor") or []
    if not actors:
        c.fail(where, _("actor obligatoire (1..*)"))
    for n, actor in enumerate(actors):
        target = c.by_ref.get(str((actor or {}).get("reference", "")))
        if target is None:
            c.fail(where, _("actor[{n}] doit référencer une ressource du bundle").format(n=n))


def _typed_identifier(
    c: _Check, where: str, ident: Any, system: str, type_system: str, code: str
) -> None:
    if not isinstance(ident, dict):
        c.fail(where, _("identifier obligatoire"))
        return
    if ident.get("system") != system:
        c.fail(
            where,
            _("identifier.system fixé à {s} (reçu {v!r})").format(s=system, v=ident.get("system")),
        )
    codings = _codings(ident.get("type"))
    if not any(x.get("system") == type_system and x.get("code") == code for x in codings):
        c.fail(where, _("identifier.type fixé à {s}#{code}").format(s=type_system, code=code))
    if not ident.get("value"):
        c.fail(where, _("identifier.value obligatoire"))


def _practitioner(c: _Check, where: str, res: dict[str, Any]) -> None:
    idents = res.get("identifier") or []
    if not idents:
        c.fail(where, _("identifier obligatoire (1..*)"))
    for ident in idents:
        _typed_identifier(c, where, ident, RPPS, V2_0203, "IDNPS")
        if len(_codings((ident or {}).get("type"))) > 1:
            c.fail(where, _("identifier.type.coding : au plus un (..1)"))


def _role(c: _Check, where: str, res: dict[str, Any]) -> None:
    contained = {f"#{r.get('id')}": r for r in res.get("contained") or [] if isinstance(r, dict)}
    if not contained:
        c.fail(where, _("contained obligatoire (1..*)"))
    if not c.resolves(res.get("practitioner"), "Practitioner"):
        c.fail(where, _("practitioner doit référencer un Practitioner du bundle"))
    org = res.get("organization")
    if isinstance(org, dict) and "identifier" in org:
        _typed_identifier(c, where + " organization", org["identifier"], FINESS, V2_0203, "IDNST")
    locations = res.get("location") or []
    if len(locations) != 1:
        c.fail(where, _("location : exactement une (1..1)"))
        return
    place = contained.get(str((locations[0] or {}).get("reference", "")))
    if place is None or place.get("resourceType") != "Location":
        c.fail(where, _("location doit référencer une Location contenue (#id)"))
        return
    addresses = place.get("address")
    address = addresses[0] if isinstance(addresses, list) and addresses else addresses
    if not isinstance(address, dict):
        c.fail(where, _("Location.address obligatoire (1..)"))
        return
    if len(address.get("line") or []) != 1:
        c.fail(where, _("Location.address.line : exactement une (1..1)"))
    for name in ("city", "postalCode"):
        if not address.get(name):
            c.fail(where, _("Location.address.{name} obligatoire (1..)").format(name=name))


def _healthcare_service(c: _Check, where: str, res: dict[str, Any]) -> None:
    if not res.get("id"):
        c.fail(where, _("id obligatoire (1..1)"))
    if not c.resolves(res.get("providedBy"), "Organization"):
        c.fail(where, _("providedBy doit référencer une Organization du bundle (1..1)"))


def _organization(c: _Check, where: str, res: dict[str, Any]) -> None:
    idents = res.get("identifier") or []
    if len(idents) != 1:
        c.fail(where, _("identifier : exactement un (1..1)"))
        return
    _typed_identifier(c, where, idents[0], FINESS, FR_CORE_V2_0203, "IDNST")
    if not _FINESS_INVARIANT.match(str(idents[0].get("value", ""))):
        c.fail(where, _("FINESS-invariant : attendu 1 suivi de 9 chiffres"))


_CHECKS = {
    "Slot": _slot,
    "Schedule": _schedule,
    "Practitioner": _practitioner,
    "PractitionerRole": _role,
}
_CPTS_ONLY = {"HealthcareService": _healthcare_service, "Organization": _organization}
