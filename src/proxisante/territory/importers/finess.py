"""FINESS établissements extract (the ``etalab-cs1100507-stock`` file of data.gouv.fr).

Header-less, ``;``-separated, one record type per line: a first line ``finess;etalab;…``, then
``structureet;nofinesset;nofinessej;rs;rslongue;complrs;compldistrib;numvoie;typvoie;voie;
compvoie;lieuditbp;commune;departement;libdepartement;ligneacheminement;telephone;telecopie;
categetab;libcategetab;…`` lines and ``geolocalisation;nofinesset;coordxet;coordyet;
sourcecoordet;datemaj`` lines. Coordinates are projected (Lambert-93 in metropolitan France, UTM
overseas, as named at the end of ``sourcecoordet``) and converted to WGS84 here.
"""

from __future__ import annotations

import pandas as pd
from pyproj import Transformer

from proxisante.errors import InputFileError, Problem
from proxisante.i18n import _
from proxisante.territory.importers._fields import check_commune, check_point, check_unique
from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector
from proxisante.utils.progress_utils import progress

STRUCTURE_FIELDS = 20  # up to libcategetab; later fields vary between vintages
CRS_BY_SOURCE = {
    "LAMBERT_93": "EPSG:2154",
    "UTM_N20": "EPSG:32620",
    "UTM_N22": "EPSG:2972",
    "UTM_S40": "EPSG:2975",
    "UTM_S38": "EPSG:4471",
}
# FINESS département codes of the overseas départements.
_OVERSEAS = {"9A", "9B", "9C", "9D", "9F"}


def insee_code(departement: str, commune: str) -> str:
    """INSEE commune code from FINESS ``departement`` and 3-digit ``commune``.

    >>> insee_code("03", "310"), insee_code("2A", "004"), insee_code("9D", "411")
    ('03310', '2A004', '97411')
    """
    if departement in _OVERSEAS:
        return "97" + commune
    return departement[-2:] + commune[-3:]


def parse(text: str, path: str, geo: Geography, out: Collector) -> pd.DataFrame:
    lines = text.splitlines()
    if ";" not in lines[0]:
        sep = next((s for s in "|,\t" if s in lines[0]), None)
        looks = _(" ; la première ligne semble séparée par {sep}").format(sep=repr(sep))
        msg = _("mauvais séparateur : attendu ';'") + (looks if sep else "")
        raise InputFileError(path, [Problem(1, msg)])
    structures: dict[str, dict[str, object]] = {}
    coords: dict[str, tuple[float, float, str, int]] = {}
    seen: dict[str, int] = {}
    for i, raw in progress(enumerate(lines, start=1), total=len(lines), desc="lecture"):
        f = raw.split(";")
        kind = f[0].strip().lower()
        if kind == "structureet":
            if len(f) < STRUCTURE_FIELDS:
                msg = _("ligne structureet à {n} champ(s) ; attendu au moins {min}")
                more = " (nofinesset … libcategetab)"
                out.add(i, msg.format(n=len(f), min=STRUCTURE_FIELDS) + more)
                continue
            nofiness = f[1].strip()
            if len(nofiness) != 9:
                msg = _("nofinesset {id} (attendu 9 caractères, p. ex. 030780100)")
                out.add(i, msg.format(id=repr(nofiness)))
                continue
            check_unique(nofiness, line=i, what="nofinesset", seen=seen, out=out)
            code = check_commune(
                insee_code(f[13].strip(), f[12].strip()), line=i, column="commune", geo=geo, out=out
            )
            structures[nofiness] = {
                "id": nofiness,
                "legal_id": f[2].strip(),
                "name": f[3].strip(),
                "commune": code,
                "category_code": f[18].strip(),
                "category": f[19].strip(),
                "line": i,
            }
        elif kind == "geolocalisation":
            if len(f) < 5:
                out.add(i, _("ligne geolocalisation à {n} champ(s) ; attendu 6").format(n=len(f)))
                continue
            try:
                x, y = float(f[2]), float(f[3])
            except ValueError:
                msg = _("coordonnées {x}, {y} non numériques")
                out.add(i, msg.format(x=repr(f[2]), y=repr(f[3])))
                continue
            crs = next((c for s, c in CRS_BY_SOURCE.items() if f[4].strip().endswith(s)), None)
            if crs is None:
                msg = _("système de coordonnées inconnu dans {value} (attendu une fin en {ends})")
                out.add(i, msg.format(value=repr(f[4]), ends=", ".join(CRS_BY_SOURCE)))
                continue
            coords[f[1].strip()] = (x, y, crs, i)
        elif i == 1 and kind == "finess":
            continue
        elif raw.strip():
            msg = _("type d'enregistrement inconnu {kind} (attendu structureet ou geolocalisation)")
            out.add(i, msg.format(kind=repr(f[0])))
    if not structures and not out.problems:
        out.add(
            None, _("aucune ligne structureet : ce fichier ne ressemble pas à un extrait FINESS")
        )
    transformers: dict[str, Transformer] = {}
    rows = []
    for nofiness, s in structures.items():
        lon = lat = None
        if nofiness in coords:
            x, y, crs, line = coords[nofiness]
            t = transformers.setdefault(crs, Transformer.from_crs(crs, "EPSG:4326", always_xy=True))
            lon, lat = t.transform(x, y)
            check_point(
                lon,
                lat,
                s["commune"] if isinstance(s["commune"], str) else None,
                line=line,
                geo=geo,
                out=out,
            )
        rows.append({**{k: v for k, v in s.items() if k != "line"}, "lon": lon, "lat": lat})
    return pd.DataFrame(rows)
