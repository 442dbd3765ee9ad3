"""Siting instances on the communes of a territory (the edge: bundle, imports, providers)."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY, apl
from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, apl_inputs, commune_points
from proxisante.access.providers import commune_times, parse_travel_spec
from proxisante.cli._plan_inputs import booleans, ids, lookup, numbers, read_csv
from proxisante.cli._plan_site import APL_OBJECTIVES, Prepared
from proxisante.config import Settings
from proxisante.errors import InputFileError, Problem, UserError
from proxisante.i18n import _
from proxisante.planning.aplgain import AplSiting
from proxisante.planning.instance import make_instance
from proxisante.territory import load_territory
from proxisante.territory.local_store import LocalStore

DEFAULT_P_MEDIAN_CUTOFF = 45.0
"""Minutes beyond which p-median pairs are not stored when --radius is not given."""


def territory_instance(args: argparse.Namespace, settings: Settings) -> Prepared:
    terr = load_territory()
    codes = terr.communes_in(args.territory)
    area = terr.area(args.territory)
    communes = terr.communes
    located = communes.loc[codes]
    located = located[located["lon"].notna() & located["lat"].notna()]
    if located.empty:
        raise UserError(
            _("{name} ({code}) : aucune commune localisée à étudier.").format(
                name=area.name, code=area.code
            )
        )
    cand = _candidates(args, list(located.index))
    source = _("{name} ({code}), communes").format(name=area.name, code=area.code)
    if args.objective in APL_OBJECTIVES:
        return _apl_instance(args, settings, communes, located, cand, source)
    radius = args.radius if args.radius is not None else DEFAULT_P_MEDIAN_CUTOFF
    points = commune_points(located)
    times, _radius = commune_times(points, parse_travel_spec(args.travel), radius + 1e-6)
    index = pd.Index(points.codes)
    col = index.get_indexer(pd.Index(cand.codes))
    gp = located["gp_liberal"].fillna(0).to_numpy()[col] > 0
    locked = cand.locked | (gp & (not args.ignore_existing))
    inst = make_instance(
        points.codes,
        located["population"].fillna(0).to_numpy(dtype=np.float64),
        cand.codes,
        times.minutes[:, col],
        capacity=cand.capacity,
        locked=locked,
        cost=cand.cost,
    )
    notes = [
        _(
            "Demande : population municipale INSEE des communes du territoire (les "
            "communes voisines hors du territoire ne comptent pas)."
        ),
        _("Sites existants (communes avec un médecin généraliste libéral, BPE 2020) verrouillés")
        if not args.ignore_existing
        else _("Sites existants ignorés (--ignore-existing)."),
    ]
    if args.radius is None:
        notes.append(f"Paires au-delà de {DEFAULT_P_MEDIAN_CUTOFF:.0f} min non stockées.")
    return Prepared(inst, None, source, times.estimated, (*notes, *times.notes))


class _Candidates:
    def __init__(
        self, codes: list[str], capacity: np.ndarray, locked: np.ndarray, cost: np.ndarray
    ) -> None:
        self.codes, self.capacity, self.locked, self.cost = codes, capacity, locked, cost


def _candidates(args: argparse.Namespace, codes: list[str]) -> _Candidates:
    if args.candidates is None:
        n = len(codes)
        cap = np.full(n, np.nan if args.capacity is None else args.capacity)
        return _Candidates(codes, cap, np.zeros(n, dtype=bool), np.zeros(n))
    problems: list[Problem] = []
    frame = read_csv(args.candidates, ("id",), "id,capacity,locked,cost (ex. 03310,5000,0,1)")
    c_ids = ids(frame, "id", problems)
    lookup(frame["id"], codes, "id", _("commune localisée du territoire"), problems)
    cap = numbers(frame, "capacity", problems)
    if args.capacity is not None:
        cap = np.where(np.isnan(cap), args.capacity, cap)
    locked = booleans(frame, "locked", problems)
    cost = numbers(frame, "cost", problems, default=0.0)
    if problems:
        raise InputFileError(str(args.candidates), problems)
    return _Candidates(c_ids, cap, locked, cost)


def _apl_instance(
    args: argparse.Namespace,
    settings: Settings,
    communes: pd.DataFrame,
    located: pd.DataFrame,
    cand: _Candidates,
    source: str,
) -> Prepared:
    country = set(located["country"])
    universe = communes[communes["country"].isin(country)]
    store = LocalStore(settings.home)
    inputs = apl_inputs(
        universe,
        year=2023,
        professionals=store.load("professionals-csv"),
        age_bands=store.load("insee-age"),
    )
    times, covered = commune_times(
        inputs.points, parse_travel_spec(args.travel), DREES_DECAY.cutoff_min
    )
    base = apl(inputs.supply, inputs.demand, times)
    col = pd.Index(inputs.points.codes).get_indexer(pd.Index(cand.codes))
    sub = times.minutes[:, col].tocsr()
    rows = np.flatnonzero((np.diff(sub.indptr) > 0) & covered)
    inst = make_instance(
        [inputs.points.codes[i] for i in rows],
        inputs.demand[rows],
        cand.codes,
        sub[rows],
        capacity=cand.capacity,
        locked=cand.locked,
        cost=cand.cost,
    )
    supply = np.full(len(cand.codes), args.fte * MEAN_ACTIVITY_PER_GP)
    data = AplSiting(base[rows], inputs.population[rows], supply)
    notes = (
        _("APL de départ calculée (méthode DREES 2023) ; offre : {supply_label}.").format(
            supply_label=inputs.supply_label
        ),
        _("Demande : {demand_label}.").format(demand_label=inputs.demand_label),
        f"Chaque site ouvert apporte {args.fte:g} ETP × {MEAN_ACTIVITY_PER_GP:.0f} actes/an.",
        _(
            "Gains comptés dans toutes les communes à moins de 20 min d'un candidat, "
            "y compris hors du territoire."
        ),
        *times.notes,
    )
    return Prepared(inst, data, source, times.estimated, notes)
