"""``proxisante diagnostic``: the *Diagnostic Santé Flash* of a territory."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proxisante.cli._output import print_json, progress
from proxisante.cli.projects import recorded_projects
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, use_lang

if TYPE_CHECKING:  # the core is imported when the command runs, to keep start-up fast
    from proxisante.cli._diagnostic_batch import BatchEntry
    from proxisante.diagnosis import Diagnostic, DiagnosticInputs
    from proxisante.diagnosis.context import Scope
    from proxisante.diagnosis.model import Contact
    from proxisante.territory import Territory

LANGS = ("fr", "de", "en")

# The columns of --contacts, for --help without importing the core (a test checks they are
# proxisante.reports.inputs.CONTACT_COLUMNS).
CONTACT_COLUMNS = ("territory", "role", "name", "organisation", "email", "phone")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "diagnostic",
        help=_("Diagnostic Santé Flash d'un territoire (HTML, PDF, JSON, CSV, GeoPackage)"),
        description=_(
            "Écrit le Diagnostic Santé Flash d'une commune, d'un EPCI, d'un "
            "département, d'un district ou d'une région du Valais, ou d'un ensemble "
            "choisi de communes (--communes)."
        ),
    )
    p.add_argument(
        "code", nargs="?", metavar="CODE", help=_("code du territoire, p. ex. 200071363")
    )
    p.add_argument(
        "--communes", help=_("codes de communes séparés par des virgules (un périmètre de CPTS)")
    )
    p.add_argument("--name", help=_("nom du périmètre --communes, p. ex. 'CPTS Val d'Allier'"))
    p.add_argument(
        "--batch",
        metavar="PARENT",
        help=_(
            "chaque EPCI (Valais : district) d'un territoire parent : dep:03, "
            "reg:84, fr, ch-canton:VS, ch-region:bas-valais"
        ),
    )
    p.add_argument(
        "--jobs", type=int, default=None, help=_("processus pour --batch (défaut : tous les cœurs)")
    )
    p.add_argument("--out", type=Path, default=Path("diagnostics"), help=_("dossier de sortie"))
    p.add_argument(
        "--format",
        default="html,pdf,json",
        help=_("formats parmi html,pdf,json,csv,gpkg (séparés par des virgules)"),
    )
    p.add_argument(
        "--lang",
        default=argparse.SUPPRESS,
        choices=LANGS,
        help=_("langue des rapports : fr (défaut), de ou en"),
    )
    p.add_argument(
        "--travel",
        default="estimate",
        help=_("temps de trajet : estimate | road:FILE | matrix:FILE"),
    )
    p.add_argument(
        "--contacts",
        type=Path,
        help=_("CSV : {columns}").format(columns=", ".join(CONTACT_COLUMNS)),
    )
    p.add_argument("--json", action="store_true", help=_("afficher un résumé en JSON"))
    p.set_defaults(func=run)


@dataclass(frozen=True, eq=False)
class InputSources:
    """Where the diagnoses of one command read their inputs (loaded once)."""

    home: Path
    shared: DiagnosticInputs
    contacts: tuple[Contact, ...] | None  # --contacts; None: the installation's contacts.csv
    projects: list[Any] | None  # every project of the database; None: no database


def _sources(args: argparse.Namespace, settings: Settings) -> InputSources:
    from proxisante.access.providers import build_provider
    from proxisante.reports.inputs import read_contacts, shared_inputs

    return InputSources(
        settings.home,
        shared_inputs(settings.home, build_provider(args.travel, settings.home), date.today()),
        read_contacts(args.contacts) if args.contacts else None,
        recorded_projects(settings),
    )


def _one(
    terr: Territory,
    scope: Scope,
    src: InputSources,
    lang: str,
    formats: tuple[str, ...],
    out: Path,
) -> Written:
    from proxisante.diagnosis import build_diagnostic
    from proxisante.reports.inputs import diagnostic_inputs
    from proxisante.reports.writer import write_diagnostic

    inputs = diagnostic_inputs(
        src.home, scope, lang, shared=src.shared, contacts=src.contacts, projects=src.projects
    )
    data = build_diagnostic(terr, scope, inputs, lang)
    files = write_diagnostic(data, inputs.contours, out, formats)
    return Written(data, [str(f) for f in files])


@dataclass(frozen=True)
class Written:
    """A diagnosis and the files written for it."""

    data: Diagnostic
    files: list[str]

    def summary(self) -> dict[str, object]:
        meta = self.data.meta
        return {
            "code": meta.code,
            "name": meta.name,
            "class": self.data.classification.klass,
            "explanation": self.data.classification.explanation,
            "files": self.files,
        }


def run(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.diagnosis.context import scope_of_area, scope_of_communes
    from proxisante.reports.writer import parse_formats, prepare_out
    from proxisante.territory import load_territory

    start = time.perf_counter()
    lang = getattr(args, "lang", None) or settings.lang
    if lang not in LANGS:
        raise UserError(
            _("langue {lang} : attendu l'une de {langs}").format(
                lang=repr(lang), langs=", ".join(LANGS)
            )
        )
    formats = parse_formats(args.format)
    chosen = [x for x in (args.code, args.communes, args.batch) if x is not None]
    if len(chosen) != 1:
        raise UserError(
            _(
                "donner exactement un de CODE, --communes ou --batch "
                "(p. ex. `proxisante diagnostic 200071363 --out DOSSIER`)"
            )
        )
    terr = load_territory()
    if args.batch is not None:
        return _batch(terr, args, settings, lang, formats, start)
    scope = (
        scope_of_communes(terr, args.communes.split(","), args.name)
        if args.communes is not None
        else scope_of_area(terr, args.code)
    )
    out = prepare_out(args.out)
    result = _one(terr, scope, _sources(args, settings), lang, formats, out)
    seconds = round(time.perf_counter() - start, 2)
    if args.json:
        print_json(result.summary() | {"seconds": seconds})
    else:
        print(
            _("Diagnostic de {name} ({label}) :").format(
                name=scope.name, label=result.data.classification.label
            )
        )
        print(f"  {result.data.classification.explanation}")
        for f in result.files:
            print(f"  {f}")
    return 0


def _batch(
    terr: Territory,
    args: argparse.Namespace,
    settings: Settings,
    lang: str,
    formats: tuple[str, ...],
    start: float,
) -> int:
    from proxisante.cli._diagnostic_batch import (
        BatchEntry,
        BatchFailure,
        batch_members,
        default_jobs,
        run_parallel,
        shared_computations,
    )
    from proxisante.diagnosis.context import scope_of_area
    from proxisante.reports.writer import prepare_out, slug

    parent = terr.area(args.batch)
    codes = batch_members(terr, parent.code)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        raise UserError(_("--jobs {n} : attendu un entier ≥ 1").format(n=args.jobs))
    out = prepare_out(args.out)
    src = _sources(args, settings)
    src.shared.shared = shared_computations(terr, parent.code, codes, src.shared)

    def work(code: str) -> BatchEntry:
        scope = scope_of_area(terr, code)
        return _entry(_one(terr, scope, src, lang, formats, out))

    done = list(
        progress(
            run_parallel(work, codes, jobs), total=len(codes), desc=f"diagnostics {parent.name}"
        )
    )
    results = [r for r in done if isinstance(r, BatchEntry)]
    failed = [r for r in done if isinstance(r, BatchFailure)]
    index = out / f"index-{slug(parent.code)}.html"
    index.write_text(_index_html(parent.name, results, lang), encoding="utf-8")
    seconds = round(time.perf_counter() - start, 2)
    summary: dict[str, object] = {"parent": parent.code}
    if parent.level == "departement":  # the key of the first, département-only batches
        summary["departement"] = parent.code
    summary |= {
        "epci": len(results),
        "jobs": jobs,
        "index": str(index),
        "seconds": seconds,
        "diagnostics": [r.summary() for r in results],
        "failed": [{"code": f.code, "error": f.error} for f in failed],
    }
    if args.json:
        print_json(summary)
    else:
        print(
            _("{n} diagnostics écrits dans {out} en {seconds} s ; index : {index}").format(
                n=len(results), out=out, seconds=seconds, index=index
            )
        )
    for f in failed:
        print(
            _("diagnostic de {code} non écrit : {error}").format(code=f.code, error=f.error),
            file=sys.stderr,
        )
    return 1 if failed else 0


def _entry(w: Written) -> BatchEntry:
    from proxisante.cli._diagnostic_batch import BatchEntry

    f, c = w.data.figures, w.data.classification
    return BatchEntry(
        code=w.data.meta.code,
        name=w.data.meta.name,
        klass=c.klass,
        class_label=c.label,
        population=f["population"].display,
        gp_per_10k=f["gp_per_10k"].display,
        apl_2023=f["apl_2023"].display,
        files=tuple(w.files),
    )


def _index_html(title: str, results: list[BatchEntry], lang: str) -> str:
    from html import escape

    rows = []
    for r in sorted(results, key=lambda r: r.name):
        html_file = next((Path(x).name for x in r.files if x.endswith(".html")), None)
        pdf_file = next((Path(x).name for x in r.files if x.endswith(".pdf")), None)
        link = (
            f'<a href="{escape(html_file)}">{escape(r.name)}</a>' if html_file else escape(r.name)
        )
        pdf = f' (<a href="{escape(pdf_file)}">PDF</a>)' if pdf_file else ""
        cells = [r.class_label, r.population, r.gp_per_10k, r.apl_2023]
        rows.append(
            f"<tr><td>{link}{pdf}</td>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
        )
    with use_lang(lang):
        head = (
            _("Diagnostics Santé Flash"),
            _("Territoire"),
            _("Classe"),
            _("Population"),
            _("Généralistes / 10 000 hab."),
            "APL 2023",
        )
    header = "".join(f"<th>{escape(h)}</th>" for h in head[1:])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>'
        f"{escape(head[0])} — {escape(title)}</title></head><body><h1>{escape(head[0])} — "
        f"{escape(title)}</h1><table><thead><tr>{header}</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + json.dumps({"generated": len(results)}).join(["<!-- ", " -->"])
        + "</body></html>"
    )
