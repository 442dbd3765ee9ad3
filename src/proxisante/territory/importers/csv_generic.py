"""Generic CSV of professionals or structures with coordinates (comma-separated, UTF-8).

Professionals: ``id, profession, commune, lon, lat`` required (commune or coordinates may be
empty, not both); optional ``name, age, activity, mode, had_activity_last_year, health_centre``.
Structures: ``id, type, name, commune, lon, lat`` required; optional ``capacity,
opening_hours, emergency``. Types: msp, centre_sante, cpts, hospital, emergency, smur, pharmacy,
maison_de_garde, other.
"""

from __future__ import annotations

import pandas as pd

from proxisante.i18n import _
from proxisante.territory.importers._fields import (
    check_commune,
    check_point,
    check_unique,
    parse_float,
)
from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector, read_rows

PROFESSIONS = {"gp", "nurse", "physiotherapist", "dentist", "pharmacist", "midwife", "specialist"}
STRUCTURE_TYPES = {
    "msp",
    "centre_sante",
    "cpts",
    "hospital",
    "emergency",
    "smur",
    "pharmacy",
    "maison_de_garde",
    "other",
}
MODES = {"liberal", "salaried", "centre_sante", ""}
_BOOL = {
    "1": True,
    "true": True,
    "oui": True,
    "yes": True,
    "0": False,
    "false": False,
    "non": False,
    "no": False,
    "": None,
}


def _location(
    r: dict[str, str], line: int, geo: Geography, out: Collector
) -> tuple[str | None, float | None, float | None]:
    commune = check_commune(r["commune"], line=line, column="commune", geo=geo, out=out)
    lon = parse_float(r["lon"], line=line, column="lon", out=out, lo=-180, hi=180)
    lat = parse_float(r["lat"], line=line, column="lat", out=out, lo=-90, hi=90)
    if not r["commune"] and (lon is None or lat is None):
        out.add(line, _("pas de localisation : donner un code commune ou lon et lat"))
    check_point(lon, lat, commune, line=line, geo=geo, out=out)
    return commune, lon, lat


def _identified(r: dict[str, str], line: int, seen: dict[str, int], out: Collector) -> bool:
    """Whether the row has an id (recording a problem if not, or if it repeats one)."""
    if not r["id"]:
        out.add(
            line,
            _("colonne 'id' vide (attendu un identifiant unique, p. ex. un numéro RPPS ou FINESS)"),
        )
        return False
    check_unique(r["id"], line=line, what="id", seen=seen, out=out)
    return True


def _check_choice(
    r: dict[str, str], column: str, allowed: set[str], line: int, out: Collector
) -> None:
    if r[column] not in allowed:
        choices = ", ".join(sorted(allowed))
        out.add(
            line,
            _("colonne {column} : {value} (attendu l'un de : {choices})").format(
                column=repr(column), value=repr(r[column]), choices=choices
            ),
        )


def _bool(value: str, *, line: int, column: str, out: Collector) -> bool | None:
    key = value.strip().lower()
    if key not in _BOOL:
        out.add(
            line,
            _("colonne {column} : {value} (attendu true/false, oui/non, 1/0)").format(
                column=repr(column), value=repr(value)
            ),
        )
        return None
    return _BOOL[key]


def parse_professionals(text: str, path: str, geo: Geography, out: Collector) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    req = ("id", "profession", "commune", "lon", "lat")
    for line, r in read_rows(text, path, separator=",", required=req, collector=out):
        if not _identified(r, line, seen, out):
            continue
        _check_choice(r, "profession", PROFESSIONS, line, out)
        mode = r.get("mode", "")
        if mode not in MODES:
            out.add(
                line,
                _("colonne 'mode' : {mode} (attendu liberal, salaried ou centre_sante)").format(
                    mode=repr(mode)
                ),
            )
        commune, lon, lat = _location(r, line, geo, out)
        rows.append(
            {
                "id": r["id"],
                "profession": r["profession"],
                "commune": commune,
                "lon": lon,
                "lat": lat,
                "name": r.get("name") or None,
                "age": parse_float(
                    r.get("age", ""), line=line, column="age", out=out, lo=18, hi=100
                ),
                "activity": parse_float(
                    r.get("activity", ""), line=line, column="activity", out=out, lo=0, hi=100000
                ),
                "mode": mode or None,
                "had_activity_last_year": _bool(
                    r.get("had_activity_last_year", ""),
                    line=line,
                    column="had_activity_last_year",
                    out=out,
                ),
                "health_centre": _bool(
                    r.get("health_centre", ""), line=line, column="health_centre", out=out
                ),
            }
        )
    return pd.DataFrame(rows)


def parse_structures(text: str, path: str, geo: Geography, out: Collector) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    req = ("id", "type", "name", "commune", "lon", "lat")
    for line, r in read_rows(text, path, separator=",", required=req, collector=out):
        if not _identified(r, line, seen, out):
            continue
        _check_choice(r, "type", STRUCTURE_TYPES, line, out)
        commune, lon, lat = _location(r, line, geo, out)
        rows.append(
            {
                "id": r["id"],
                "type": r["type"],
                "name": r["name"],
                "commune": commune,
                "lon": lon,
                "lat": lat,
                "capacity": parse_float(
                    r.get("capacity", ""), line=line, column="capacity", out=out, lo=0
                ),
                "opening_hours": r.get("opening_hours") or None,
                "emergency": _bool(r.get("emergency", ""), line=line, column="emergency", out=out),
            }
        )
    return pd.DataFrame(rows)
