"""Reading a bundle of the ANS SAS guide (CPTS or individual-practitioner case) into schedules
and slots, after :func:`proxisante.slots.sas_profile.check_sas_bundle` found it conformant.

- a **schedule** is the guide's Schedule: its provider is the Practitioner among its actors
  (RPPS number, name) and its commune the one of the PractitionerRole's contained Location: an
  identifier of the INSEE commune system when present, else the address (city and postal code)
  matched by name among the communes of the postal code's département (the embedded bundle);
- a **slot** is the guide's Slot: ``serviceType`` AMB → consultation, HH → visite, VR →
  teleconsultation (consultation otherwise); the guide only publishes free slots.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from proxisante.i18n import _
from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType
from proxisante.slots.sas_profile import ACT_CODE, SasProfileError

SYSTEM_COMMUNE_FR = "https://www.insee.fr/fr/metadonnees/cog/commune"
_KINDS = {"AMB": SlotType.CONSULTATION, "HH": SlotType.VISIT, "VR": SlotType.TELECONSULTATION}

CommuneResolver = Callable[[str, str], str | None]


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = text.replace("saint", "st").replace("-", " ").replace("'", " ")
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _communes_by_department() -> dict[tuple[str, str], str]:
    from proxisante.territory import load_territory

    communes = load_territory().communes
    fr = communes[(communes["country"] == "FR") & (communes["level"] == "commune")]
    out: dict[tuple[str, str], str] = {}
    for code, name in zip(fr.index, fr["name"], strict=True):
        out.setdefault((str(code)[:2], _norm(str(name))), str(code))
    return out


def embedded_commune(city: str, postal_code: str) -> str | None:
    """The INSEE code of ``city`` in the département of ``postal_code`` (None if unknown)."""
    dep = postal_code[:2]
    if dep == "20":  # Corsica: 2A / 2B
        table = _communes_by_department()
        return table.get(("2A", _norm(city))) or table.get(("2B", _norm(city)))
    return _communes_by_department().get((dep, _norm(city)))


def _by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in data.get("entry") or []:
        res = entry.get("resource") or {}
        out[f"{res.get('resourceType')}/{res.get('id')}"] = res
        if entry.get("fullUrl"):
            out[str(entry["fullUrl"])] = res
    return out


def _commune(role: dict[str, Any], resolve: CommuneResolver) -> str | None:
    ref = str(((role.get("location") or [{}])[0] or {}).get("reference", ""))
    place: dict[str, Any] = next(
        (r for r in role.get("contained") or [] if f"#{r.get('id')}" == ref), {}
    )
    for ident in place.get("identifier") or []:
        if ident.get("system") == SYSTEM_COMMUNE_FR and ident.get("value"):
            return str(ident["value"])
    address = place.get("address")
    address = address[0] if isinstance(address, list) and address else address or {}
    return resolve(str(address.get("city", "")), str(address.get("postalCode", "")))


def _schedule(
    res: dict[str, Any],
    refs: dict[str, dict[str, Any]],
    resolve: CommuneResolver,
    problems: list[str],
) -> Schedule | None:
    actors = [refs.get(str(a.get("reference", ""))) or {} for a in res.get("actor") or []]
    person = next((a for a in actors if a.get("resourceType") == "Practitioner"), None)
    role = next((a for a in actors if a.get("resourceType") == "PractitionerRole"), None)
    where = f"Schedule/{res.get('id')}"
    if person is None or role is None:
        problems.append(
            _("{where} : attendu un acteur Practitioner et un acteur PractitionerRole").format(
                where=where
            )
        )
        return None
    commune = _commune(role, resolve)
    if commune is None:
        problems.append(
            _(
                "{where} : commune du lieu de consultation introuvable (ville et code postal)"
            ).format(where=where)
        )
        return None
    name = (person.get("name") or [{}])[0]
    display = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")])
    rpps = str((person.get("identifier") or [{}])[0].get("value", "")) or None
    if rpps and len(rpps) == 12 and rpps.startswith("8"):
        rpps = rpps[1:]  # IDNPS = 8 + RPPS
    f = _sas_fields(role)
    return Schedule(
        str(res["id"]),
        display.strip()[:200] or where,
        "practitioner",
        commune,
        rpps,
        address_line=f["address_line"],
        postal_code=f["postal_code"],
        city=f["city"],
        specialty=f["specialty"],
        organization=f["organization"],
    )


def _sas_fields(role: dict[str, Any]) -> dict[str, str | None]:
    """Address, specialty (TRE-R38) and organisation FINESS of a PractitionerRole."""
    ref = str(((role.get("location") or [{}])[0] or {}).get("reference", ""))
    place: dict[str, Any] = next(
        (r for r in role.get("contained") or [] if f"#{r.get('id')}" == ref), {}
    )
    address = place.get("address")
    address = address[0] if isinstance(address, list) and address else address or {}
    lines = address.get("line") or []
    ident = str(((role.get("organization") or {}).get("identifier") or {}).get("value", ""))
    finess = ident[1:] if len(ident) == 10 and ident.startswith("1") else None
    specialty = next(
        (
            str(c.get("code"))
            for concept in role.get("specialty") or []
            for c in concept.get("coding") or []
            if "TRE-R38" in str(c.get("system")) and re.fullmatch(r"SM[0-9]{2}", str(c.get("code")))
        ),
        None,
    )
    postal = str(address.get("postalCode") or "")
    return {
        "address_line": str(lines[0])[:200] if lines else None,
        "postal_code": postal if re.fullmatch(r"[0-9]{4,5}", postal) else None,
        "city": str(address.get("city"))[:100] if address.get("city") else None,
        "specialty": specialty,
        "organization": finess,
    }


def _utc(text: Any) -> datetime | None:
    try:
        t = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return t.astimezone(UTC) if t.tzinfo else None


def _slot(
    res: dict[str, Any],
    schedules: dict[str, Schedule],
    refs: dict[str, dict[str, Any]],
    problems: list[str],
) -> Slot | None:
    target = refs.get(str((res.get("schedule") or {}).get("reference", ""))) or {}
    schedule = schedules.get(str(target.get("id")))
    start, end = _utc(res.get("start")), _utc(res.get("end"))
    where = f"Slot/{res.get('id')}"
    if schedule is None or start is None or end is None or end <= start:
        problems.append(
            _("{where} : attendu un agenda lu et start < end avec fuseau").format(where=where)
        )
        return None
    codes = [
        c.get("code")
        for st in res.get("serviceType") or []
        for c in st.get("coding") or []
        if c.get("system") == ACT_CODE
    ]
    kind = next((_KINDS[c] for c in codes if c in _KINDS), SlotType.CONSULTATION)
    return Slot(str(res["id"]), schedule.id, schedule.commune, start, end, kind, SlotStatus.FREE)


def read_sas_bundle(
    data: dict[str, Any], *, source: str, resolve: CommuneResolver = embedded_commune
) -> tuple[list[Schedule], list[Slot]]:
    """Schedules and slots of a conformant SAS bundle; every problem listed (422)."""
    refs = _by_ref(data)
    problems: list[str] = []
    schedules: dict[str, Schedule] = {}
    resources = [e.get("resource") or {} for e in data.get("entry") or []]
    for res in resources:
        if res.get("resourceType") == "Schedule":
            got = _schedule(res, refs, resolve, problems)
            if got is not None:
                schedules[got.id] = got
    slots = [
        s
        for res in resources
        if res.get("resourceType") == "Slot"
        and (s := _slot(res, schedules, refs, problems)) is not None
    ]
    if problems:
        raise SasProfileError(source, problems)
    return list(schedules.values()), slots
