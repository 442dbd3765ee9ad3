"""RPPS extract ``PS_LibreAcces_Personne_activite`` (Annuaire Santé, pipe-separated).

One line per activity of a professional: a person may have several lines (several sites), so
the identifier of a line is (Identifiant PP, Identifiant technique de la structure). Lines without
a commune (activity with no address) are kept with an empty commune.
"""

from __future__ import annotations

import pandas as pd

from proxisante.i18n import N_, _
from proxisante.territory.importers._fields import check_commune, check_unique
from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector, read_rows

ID = "Identifiant PP"
PROFESSION = "Code profession"
MODE = "Code mode exercice"
COMMUNE = "Code commune (coord. structure)"
STRUCTURE = "Identifiant technique de la structure"
REQUIRED = (ID, PROFESSION, MODE, COMMUNE, STRUCTURE)
OPTIONAL = {
    "Libellé profession": "profession_label",
    "Code savoir-faire": "specialty_code",
    "Libellé savoir-faire": "specialty_label",
    "Nom d'exercice": "last_name",
    "Prénom d'exercice": "first_name",
    "Numéro FINESS site": "site_finess",
    "Raison sociale site": "site_name",
}
MODES = {"L": "liberal", "S": "salaried", "B": "volunteer", "": "unknown"}


def parse(text: str, path: str, geo: Geography, out: Collector) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, r in read_rows(text, path, separator="|", required=REQUIRED, collector=out):
        if not r[ID]:
            out.add(
                line,
                _("colonne {column} vide (attendu le numéro RPPS, p. ex. 810001234567)").format(
                    column=repr(ID)
                ),
            )
            continue
        if not r[PROFESSION].isdigit():
            out.add(
                line,
                _(
                    "colonne {column} : {value} n'est pas un code profession "
                    "(attendu des chiffres, p. ex. 10 pour médecin)"
                ).format(column=repr(PROFESSION), value=repr(r[PROFESSION])),
            )
            continue
        if r[MODE] not in MODES:
            out.add(
                line,
                _("colonne {column} : {value} (attendu L, S, B ou vide)").format(
                    column=repr(MODE), value=repr(r[MODE])
                ),
            )
            continue
        commune = check_commune(r[COMMUNE], line=line, column=COMMUNE, geo=geo, out=out)
        check_unique(
            f"{r[ID]} / {r[STRUCTURE]}",
            line=line,
            what=N_("activité (Identifiant PP / structure)"),
            seen=seen,
            out=out,
        )
        row: dict[str, object] = {
            "id": r[ID],
            "profession_code": r[PROFESSION],
            "mode": MODES[r[MODE]],
            "commune": commune,
            "structure_id": r[STRUCTURE] or None,
        }
        row.update({dst: (r.get(src) or None) for src, dst in OPTIONAL.items()})
        row["is_gp"] = r[PROFESSION] == "10" and r.get("Code savoir-faire", "") in ("SM54", "SM53")
        rows.append(row)
    return pd.DataFrame(rows)
