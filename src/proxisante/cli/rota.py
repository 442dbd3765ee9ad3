"""``proxisante rota``: solve an on-call rota from a YAML description, check a rota made elsewhere.

``proxisante rota solve INPUT.yaml --out DIR [--time-limit 60] [--json]`` writes
``DIR/rota.json``, ``DIR/rota.csv`` (all sectors), ``DIR/secteurs/<secteur>.csv`` (the tableau
de garde of each sector) and ``DIR/ics/<médecin>.ics`` (each doctor's calendar).
``proxisante rota check INPUT.yaml ROTA.csv [--sector S1]`` lists every broken rule (exit 2).
``proxisante rota publish`` and ``proxisante rota swap list|propose|accept|refuse`` act on a rota
published in the database (see :mod:`proxisante.cli._rota_db`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from proxisante.cli._rota_input import read_text
from proxisante.config import Settings
from proxisante.i18n import N_, _

# The rota core (OR-Tools, pydantic, icalendar) is imported inside the commands, so that
# building the parser stays fast.


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rota = subparsers.add_parser(
        "rota",
        help=_("tableau de garde (permanence des soins) : calcul et vérification"),
        description=_("Tableau de garde (PDSA) : secteurs, gardes, contraintes, équité."),
    )
    sub = rota.add_subparsers(dest="rota_command", metavar="ACTION", parser_class=type(rota))
    sub.required = True

    solve = sub.add_parser("solve", help=_("calculer un tableau de garde équitable"))
    solve.add_argument(
        "input", metavar="INPUT.yaml", help=_("description YAML (secteurs, médecins…)")
    )
    solve.add_argument("--out", required=True, metavar="DIR", help=_("dossier de sortie"))
    solve.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help=_("limite du solveur (s)")
    )
    solve.add_argument("--json", action="store_true", help=_("résumé JSON sur la sortie standard"))
    solve.set_defaults(func=run_solve)

    check = sub.add_parser("check", help=_("vérifier un tableau de garde fait ailleurs"))
    check.add_argument("input", metavar="INPUT.yaml")
    check.add_argument("rota", metavar="ROTA.csv", help=_("colonnes secteur,date,type,medecin_id"))
    check.add_argument(
        "--sector",
        action="append",
        metavar="CODE",
        help=_("ne vérifier que ce secteur (répétable)"),
    )
    check.add_argument("--json", action="store_true", help=_("violations en JSON"))
    check.set_defaults(func=run_check)

    from proxisante.cli import _rota_db

    _rota_db.register(sub)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_name(identifier: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", identifier)


def run_solve(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._output import print_json
    from proxisante.rota._errors import RotaInputError
    from proxisante.rota.export import doctor_ics, rota_csv, rota_json
    from proxisante.rota.input import EXAMPLE, parse_rota_yaml
    from proxisante.rota.solver import solve_rota

    text = read_text(args.input, _("fichier de description du tableau de garde"), EXAMPLE)
    problem = parse_rota_yaml(text, source=args.input)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise RotaInputError(args.out, [_("--out doit être un dossier (ex. --out sortie/)")])
    rota = solve_rota(problem, time_limit_s=args.time_limit)
    # Everything is computed before the first file is written: an error leaves DIR untouched.
    files: dict[Path, bytes] = {
        out / "rota.json": json.dumps(
            rota_json(problem, rota), ensure_ascii=False, indent=2
        ).encode(),
        out / "rota.csv": rota_csv(problem, rota).encode(),
    }
    for sector in problem.sectors:
        files[out / "secteurs" / f"{_safe_name(sector.code)}.csv"] = rota_csv(
            problem, rota, sector=sector.code
        ).encode()
    stamp = datetime.now(UTC).replace(microsecond=0)
    for doctor in problem.doctors:
        if not doctor.exempt:
            files[out / "ics" / f"{_safe_name(doctor.id)}.ics"] = doctor_ics(
                problem, rota, doctor.id, stamp=stamp
            )
    for path, data in files.items():
        _write_atomic(path, data)
    summary = [
        {
            "secteur": st.sector,
            "gardes": st.shifts,
            "medecins": st.doctors,
            "statut": st.status,
            "ecart_charge": st.load_spread,
            "ecart_weekends": st.weekend_spread,
            "temps_s": st.solve_time_s,
        }
        for st in rota.stats
    ]
    if args.json:
        print_json({"dossier": str(out), "fichiers": len(files), "secteurs": summary})
    else:
        w = sys.stdout.write
        head = _("Tableau de garde du {start} au {end} : {n} gardes.")
        w(head.format(start=problem.start, end=problem.end, n=len(rota.shifts)) + "\n")
        line = _(
            "  secteur {sector} : {shifts} gardes, {doctors} médecins, écart de charge {load}"
            " garde(s), écart week-ends/fériés {weekends}, {status} ({seconds} s)"
        )
        for row in summary:
            values = {
                "sector": row["secteur"],
                "shifts": row["gardes"],
                "doctors": row["medecins"],
                "load": f"{row['ecart_charge']:g}",
                "weekends": row["ecart_weekends"],
                "status": _status_label(str(row["statut"])),
                "seconds": f"{row['temps_s']:g}",
            }
            w(line.format(**values) + "\n")
        w(_("{n} fichiers écrits dans {out}/").format(n=len(files), out=out) + "\n")
    return 0


# The solver's statuses (kept as they are in the JSON), as the text output writes them.
_STATUS = {
    "optimal": N_("optimal"),
    "faisable": N_("faisable"),
    "recherche locale": N_("recherche locale"),
}


def _status_label(status: str) -> str:
    """A solver status in the reader's language (« faisable (objectif atteint) »…)."""
    base, reached = (
        status.removesuffix(" (objectif atteint)"),
        status.endswith("(objectif atteint)"),
    )
    text = _(_STATUS[base]) if base in _STATUS else base
    return text + (" " + _("(objectif atteint)") if reached else "")


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._output import print_json
    from proxisante.rota._errors import RotaCheckFailedError, RotaInputError
    from proxisante.rota.calendar import generate_shifts
    from proxisante.rota.check import check_rota
    from proxisante.rota.export import read_rota_csv
    from proxisante.rota.input import EXAMPLE, parse_rota_yaml

    problem = parse_rota_yaml(
        read_text(args.input, _("fichier de description du tableau de garde"), EXAMPLE),
        source=args.input,
    )
    csv_example = "secteur,date,type,medecin_id"
    try:
        rows = read_rota_csv(
            read_text(args.rota, _("tableau de garde CSV"), csv_example), source=args.rota
        )
    except csv.Error as exc:
        raise RotaInputError(
            args.rota,
            [
                _("ligne illisible ({error}) ; attendu un CSV séparé par des virgules").format(
                    error=exc
                )
            ],
        ) from None
    known = {s.code for s in problem.sectors}
    if args.sector:
        unknown = sorted(set(args.sector) - known)
        if unknown:
            raise RotaInputError(
                args.input,
                [
                    _("--sector : secteurs inconnus {unknown} (connus : {known})").format(
                        unknown=unknown, known=sorted(known)
                    )
                ],
            )
    sectors = args.sector or sorted(known)
    violations = check_rota(
        problem, generate_shifts(problem), [a for _, a in rows], sectors=sectors
    )
    if args.json:
        print_json(
            {
                "secteurs": sectors,
                "valide": not violations,
                "violations": [
                    {"regle": v.rule, "secteur": v.sector, "message": v.message} for v in violations
                ],
            }
        )
        return 2 if violations else 0
    if violations:
        raise RotaCheckFailedError(args.rota, violations)
    valid = _("{rota} : tableau valide ({n} gardes, secteurs {sectors}).")
    sys.stdout.write(valid.format(rota=args.rota, n=len(rows), sectors=", ".join(sectors)) + "\n")
    return 0
