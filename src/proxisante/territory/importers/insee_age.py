"""INSEE population by age band per commune (``base-cc-evol-struct-pop`` layout).

Columns ``CODGEO`` and ``P{yy}_POP{aa}{bb}`` (band aa–bb years) or ``P{yy}_POP{aa}P`` (aa and
over), ``;``-separated, p. ex. ``P21_POP0014``, ``P21_POP90P``. Quinquennal bands (``P21_POP0004``,
``P21_POP0509``…) are what the DREES age weights need.
"""

from __future__ import annotations

import re

import pandas as pd

from proxisante.errors import InternalError
from proxisante.i18n import N_, _
from proxisante.territory.importers._fields import check_commune, check_unique, parse_float
from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector, read_rows

_BAND = re.compile(r"^P(\d\d)_POP(\d\d)(\d\d|P)$")


def parse(text: str, path: str, geo: Geography, out: Collector) -> pd.DataFrame:
    header = text.splitlines()[0].lstrip("\ufeff").split(";")
    bands = [h.strip() for h in header if _BAND.match(h.strip())]
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, r in read_rows(text, path, separator=";", required=("CODGEO",), collector=out):
        if not bands:
            out.add(
                1,
                "aucune colonne de tranche d'âge "
                "(attendu des colonnes comme P21_POP0014, P21_POP90P)",
            )
            break
        code = check_commune(r["CODGEO"], line=line, column="CODGEO", geo=geo, out=out)
        check_unique(r["CODGEO"], line=line, what=N_("code commune"), seen=seen, out=out)
        for b in bands:
            value = parse_float(r[b], line=line, column=b, out=out, lo=0.0)
            if code is not None and value is not None:
                m = _BAND.match(b)
                if m is None:
                    raise InternalError(
                        _("colonne de tranche d'âge {b} non conforme à {pattern}").format(
                            b=repr(b), pattern=_BAND.pattern
                        )
                    )
                hi = 200 if m.group(3) == "P" else int(m.group(3))
                rows.append(
                    {
                        "commune": code,
                        "age_min": int(m.group(2)),
                        "age_max": hi,
                        "population": value,
                        "year": 2000 + int(m.group(1)),
                    }
                )
    return pd.DataFrame(rows)
