"""The work of ``proxisante plan sectors`` (imported only when it runs)."""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from proxisante.access.providers import build_provider
from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, format_date, format_decimal, get_locale
from proxisante.planning.sectors.figures import GivenSector
from proxisante.planning.sectors.model import PlanFigures, SectorOptions, ShiftLoad
from proxisante.planning.sectors.service import (
    Design,
    SectorsReport,
    SectorsRequest,
    propose_sectors,
)
from proxisante.rota.calendar import PDSA_SHIFT_TYPES, yearly_sector_load
from proxisante.rota.input import EXAMPLE, parse_rota_yaml
from proxisante.rota.model import RotaProblem
from proxisante.territory import load_territory
from proxisante.utils.safe_load import load_yaml


def sectors_command(args: argparse.Namespace, settings: Settings) -> int:
    for flag, value in (("--max-minutes", args.max_minutes), ("--min-doctors", args.min_doctors)):
        if not math.isfinite(value) or value < 0 or (flag == "--max-minutes" and value == 0):
            raise UserError(
                _("{flag} {value} : attendu un nombre positif (ex. {flag} 30).").format(
                    flag=flag, value=value
                )
            )
    if args.time_limit <= 0:
        raise UserError(
            _("--time-limit {x} : attendu un nombre de secondes > 0.").format(x=args.time_limit)
        )
    if args.territory is None and args.sectors is None:
        raise UserError(
            _("plan sectors : donner --territory (ex. dep:03) ou --sectors FICHIER.yaml.")
        )
    text = _read(args.sectors) if args.sectors is not None else None
    problem = parse_rota_yaml(text, source=str(args.sectors)) if text is not None else None
    given = _given(problem)
    terr = load_territory()
    if args.territory is not None:
        area = terr.area(args.territory)
        codes = tuple(c for c in terr.communes_in(args.territory) if c in terr.communes.index)
        label = f"{area.name} ({area.code})"
    else:
        codes = tuple(sorted({c for s in given for c in s.communes}))
        label = _("communes des secteurs de {file}").format(file=args.sectors.name)
    load, source = _load(problem, args.year)
    request = SectorsRequest(
        codes=codes,
        label=label,
        given=given,
        options=SectorOptions(
            max_minutes=args.max_minutes,
            min_doctors=args.min_doctors,
            time_limit_s=args.time_limit,
        ),
        load=load,
        load_source=source,
    )
    provider = build_provider(args.travel, settings.home)
    report = propose_sectors(request, provider)
    if args.out is not None:
        _write_yaml(args.out, report, text, str(args.sectors))
    if args.json:
        print_json(report_json(report))
    else:
        _print(report)
    return 0


def _read(path: Path) -> str:
    from proxisante.cli._rota_input import read_text

    return read_text(str(path), _("fichier de description du tableau de garde"), EXAMPLE)


def _given(problem: RotaProblem | None) -> tuple[GivenSector, ...]:
    if problem is None:
        return ()
    return tuple(
        GivenSector(s.code, s.name, s.communes, s.maison_de_garde) for s in problem.sectors
    )


def _load(problem: RotaProblem | None, year: int | None) -> tuple[ShiftLoad, str]:
    if problem is not None:
        shifts, weighted = yearly_sector_load(
            problem.shift_types,
            problem.start,
            problem.end,
            country=problem.country,
            subdivision=problem.subdivision,
            with_bridges=problem.bridge_days,
        )
        source = _("types de garde du fichier, période du {start} au {end} ramenée à un an").format(
            start=format_date(problem.start), end=format_date(problem.end)
        )
        return ShiftLoad(shifts, weighted), source
    y = year if year is not None else date.today().year + 1
    shifts, weighted = yearly_sector_load(
        PDSA_SHIFT_TYPES,
        date(y, 1, 1),
        date(y, 12, 31),
        country="FR",
        subdivision=None,
        with_bridges=True,
    )
    source = _(
        "horaires de la PDSA en France (nuits 20 h–8 h, samedi 12 h–20 h, dimanches, fériés et"
        " ponts 8 h–20 h), année {year}"
    ).format(year=y)
    return ShiftLoad(shifts, weighted), source


def _plan_json(fig: PlanFigures) -> dict[str, Any]:
    data = asdict(fig)
    for row in data["sectors"]:
        row["communes"] = list(row["communes"])
    data["sectors"] = list(data["sectors"])
    return data


def _design_json(design: Design) -> dict[str, Any]:
    plan = design.plan
    return {
        "method": plan.method,
        "optimal": plan.optimal,
        "lower_bound_sectors": plan.lower_bound,
        "gap": plan.gap,
        "runtime_s": round(plan.seconds, 3),
        **_plan_json(design.figures),
    }


def report_json(report: SectorsReport) -> dict[str, Any]:
    """The report as JSON (English keys; numbers raw; ``nature`` says what each part is)."""
    return {
        "territory": report.label,
        "options": {
            "max_minutes": report.options.max_minutes,
            "min_doctors": report.options.min_doctors,
        },
        "load_per_sector": {"shifts": report.load.shifts, "weighted": report.load.weighted},
        "load_source": report.load_source,
        "travel": report.travel,
        "travel_times_estimated": report.travel_estimated,
        "proposed": _design_json(report.proposed),
        "given": _plan_json(report.given) if report.given is not None else None,
        "proposed_on_given_communes": (
            _design_json(report.proposed_on_given) if report.proposed_on_given is not None else None
        ),
        "nature": {
            "proposed": _("simulation"),
            "given": _("calculé (secteurs du fichier, mêmes données)"),
            "doctors": _("officiel (INSEE BPE 2020, généralistes libéraux)"),
            "travel_times": _("estimation") if report.travel_estimated else _("fourni"),
        },
        "notes": list(report.notes),
    }


def _n(value: float, decimals: int = 0) -> str:
    if not math.isfinite(value):
        return "—"
    return format_decimal(value, decimals, get_locale())


def _print_plan(title: str, fig: PlanFigures, design: Design | None) -> None:
    print(title)
    print(
        _(
            "  {n} secteurs, {communes} communes ; trajet maximal {max} min ; au moins"
            " {doctors} médecins par secteur ; gardes par médecin et par an : {worst} au plus,"
            " {mean} en moyenne ; {total} gardes par an en tout"
        ).format(
            n=fig.n_sectors,
            communes=fig.n_communes,
            max=_n(fig.max_minutes),
            doctors=_n(fig.min_doctors),
            worst=_n(fig.shifts_per_doctor_max),
            mean=_n(fig.shifts_per_doctor_mean),
            total=_n(fig.total_shifts),
        )
    )
    if design is not None:
        plan = design.plan
        proven = _("prouvé minimal") if plan.gap == 0 else _("non prouvé minimal")
        print(
            _("  méthode : {method} ; borne inférieure {bound} secteurs, écart {gap} ({x})").format(
                method=plan.method,
                bound=plan.lower_bound,
                gap=f"{_n(plan.gap * 100, 1)} %",
                x=proven,
            )
        )
    if not fig.all_contiguous:
        print(_("  ⚠ au moins un secteur n'est pas d'un seul tenant"))
    for s in fig.sectors:
        print(
            _(
                "  {code:<5} {name} — point de garde {hub} ; {n} communes, {doctors} médecins,"
                " {shifts} gardes/médecin/an, trajet max {max} min"
            ).format(
                code=s.code,
                name=s.name,
                hub=s.hub_name,
                n=len(s.communes),
                doctors=_n(s.doctors),
                shifts=_n(s.shifts_per_doctor),
                max=_n(s.max_minutes),
            )
        )


def _print(report: SectorsReport) -> None:
    print(_("Secteurs de garde — {label}").format(label=report.label))
    print(
        _("  limites : trajet ≤ {m} min jusqu'au point de garde, au moins {n} médecins").format(
            m=_n(report.options.max_minutes), n=_n(report.options.min_doctors)
        )
    )
    print(
        _("  charge d'un secteur : {shifts} gardes par an ({source})").format(
            shifts=_n(report.load.shifts), source=report.load_source
        )
    )
    if report.travel_estimated:
        print("  " + _("⚠ Temps de trajet ESTIMÉS (modèle vitesse/détour), pas un calcul routier."))
    if report.given is not None:
        _print_plan(_("Secteurs donnés :"), report.given, None)
        if report.proposed_on_given is not None and report.proposed_on_given is not report.proposed:
            _print_plan(
                _("Proposition sur les mêmes communes (SIMULATION) :"),
                report.proposed_on_given.figures,
                report.proposed_on_given,
            )
    _print_plan(_("Proposition (SIMULATION) :"), report.proposed.figures, report.proposed)
    for note in report.notes:
        print(_("  note : {note}").format(note=note))


def _write_yaml(out: Path, report: SectorsReport, source: str | None, name: str) -> None:
    """The proposed sectors as a rota file's ``sectors`` (with the file's other parts when a
    rota file was given, its doctors moved to the new sector of their former maison de garde)."""
    design = report.proposed_on_given if report.proposed_on_given is not None else report.proposed
    sectors = [
        {
            "code": s.code,
            "name": s.name,
            "communes": list(s.communes),
            "maison_de_garde": s.hub,
        }
        for s in design.figures.sectors
    ]
    header = _(
        "# Secteurs de garde proposés par `proxisante plan sectors` : une SIMULATION, pas les"
        " secteurs arrêtés par l'ARS.\n"
    )
    if source is not None:
        data = load_yaml(source, source=name)
        home = {c: s["code"] for s in sectors for c in s["communes"]}
        moved = {}
        for old in data.get("sectors", []):
            anchor = str(old.get("maison_de_garde") or old["communes"][0])
            moved[old["code"]] = home.get(anchor)
        for doctor in data.get("doctors", []):
            doctor["sector"] = moved.get(doctor["sector"]) or doctor["sector"]
        staffed = {d["sector"] for d in data.get("doctors", [])}
        empty = [s for s in sectors if s["code"] not in staffed]
        data["sectors"] = [s for s in sectors if s["code"] in staffed]
        if empty:
            header += _(
                "# Secteurs proposés sans médecin dans ce fichier (à compléter) : {codes}\n"
            ).format(codes=", ".join(f"{s['code']} {s['name']}" for s in empty))
    else:
        data = {"sectors": sectors}
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out)
