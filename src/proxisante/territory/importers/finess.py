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
        looks = f" ; la première ligne semble séparée par {sep!r}" if sep else ""
        raise InputFileError(path, [Problem(1, f"mauvais séparateur : attendu ';'{looks}")])
    structures: dict[str, dict[str, object]] = {}
    coords: dict[str, tuple[float, float, str, int]] = {}
    seen: dict[str, int] = {}
    for i, raw in progress(enumerate(lines, start=1), total=len(lines), desc="lecture"):
        f = raw.split(";")
        kind = f[0].strip().lower()
        if kind == "structureet":
            if len(f) < STRUCTURE_FIELDS:
                out.add(
                    i,
                    f"ligne structureet à {len(f)} champ(s) ; attendu au moins "
                    f"{STRUCTURE_FIELDS} (nofinesset … libcategetab)",
                )
                continue
            nofiness = f[1].strip()
            if len(nofiness) != 9:
                out.add(i, f"nofinesset {nofiness!r} (attendu 9 caractères, p. ex. 030780100)")
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
                out.add(i, f"ligne geolocalisation à {len(f)} champ(s) ; attendu 6")
                continue
            try:
                x, y = float(f[2]), float(f[3])
            except ValueError:
                out.add(i, f"coordonnées {f[2]!r}, {f[3]!r} non numériques")
                continue
            crs = next((c for s, c in CRS_BY_SOURCE.items() if f[4].strip().endswith(s)), None)
            if crs is None:
                out.add(
                    i,
                    f"système de coordonnées inconnu dans {f[4]!r} (attendu une fin en "
                    + ", ".join(CRS_BY_SOURCE)
                    + ")",
                )
                continue
            coords[f[1].strip()] = (x, y, crs, i)
        elif i == 1 and kind == "finess":
            continue
        elif raw.strip():
            out.add(
                i,
                f"type d'enregistrement inconnu {f[0]!r} (attendu structureet ou geolocalisation)",
            )
    if not structures and not out.problems:
        out.add(None, "aucune ligne structureet : ce fichier ne ressemble pas à un extrait FINESS")
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
