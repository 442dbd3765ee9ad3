"""Siting instances on the communes of a territory (bundle, imports and the travel provider).

Shared by ``plan site TERRITORY`` and the analyst workbench: the candidates are the territory's
communes (or a given list), demand its communes' population (APL objectives: every commune whose
APL a new site could change), times from the one travel-time provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from proxisante.access.anchoring import AnchorMethod, anchoring_methods, anchoring_note
from proxisante.access.apl import DREES_DECAY, apl
from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, apl_inputs, commune_points
from proxisante.access.port import TravelTimeProvider
from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.planning.siting.aplgain import AplSiting
from proxisante.planning.siting.instance import SitingInstance, make_instance
from proxisante.territory import load_territory
from proxisante.territory.local_store import LocalStore

DEFAULT_P_MEDIAN_CUTOFF = 45.0
"""Minutes beyond which p-median pairs are not stored when no radius is given."""
APL_OBJECTIVES = ("apl-gain", "lift-above-2.5")


@dataclass(frozen=True, eq=False)
class Prepared:
    """An instance with what the APL objectives need and how its figures were obtained."""

    instance: SitingInstance
    apl: AplSiting | None
    source: str
    estimated: bool
    notes: tuple[str, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    """Names of the communes among the demand points and candidates (empty: ids are not
    communes, e.g. custom files)."""
    demand_label: str = ""


@dataclass(frozen=True, eq=False)
class Candidates:
    """Candidate communes with their optional capacity (NaN: none), lock and cost."""

    codes: list[str]
    capacity: np.ndarray
    locked: np.ndarray
    cost: np.ndarray


@dataclass(frozen=True)
class TerritorySiting:
    """What to build: the area, the objective (it decides the demand) and the radius (the travel
    times come from the provider passed beside it)."""

    territory: str
    objective: str
    radius: float | None = None
    ignore_existing: bool = False
    fte: float = 1.0
    capacity: float | None = None
    plain_population: bool = False  # APL objectives: plain population instead of DREES's


def located_communes(territory: str) -> tuple[list[str], str]:
    """The territory's communes that have coordinates, and how to name the source."""
    terr = load_territory()
    codes = terr.communes_in(territory)
    area = terr.area(territory)
    located = terr.communes.loc[codes]
    located = located[located["lon"].notna() & located["lat"].notna()]
    if located.empty:
        raise UserError(
            _("{name} ({code}) : aucune commune localisée à étudier.").format(
                name=area.name, code=area.code
            )
        )
    return list(located.index), f"{area.name} ({area.code}), communes"


def default_candidates(codes: list[str], capacity: float | None) -> Candidates:
    n = len(codes)
    cap = np.full(n, np.nan if capacity is None else capacity)
    return Candidates(codes, cap, np.zeros(n, dtype=bool), np.zeros(n))


def territory_instance(
    request: TerritorySiting,
    home: Path,
    provider: TravelTimeProvider,
    candidates: Candidates | None = None,
) -> Prepared:
    """The siting instance of ``request`` (candidates: the territory's communes by default)."""
    codes, source = located_communes(request.territory)
    communes = load_territory().communes
    located = communes.loc[codes]
    cand = candidates or default_candidates(codes, request.capacity)
    if request.objective in APL_OBJECTIVES:
        return _apl_instance(request, home, provider, communes, located, cand, source)
    radius = request.radius if request.radius is not None else DEFAULT_P_MEDIAN_CUTOFF
    points = commune_points(located)
    times, _covered = provider.commune_times(points.codes, radius + 1e-6)
    index = pd.Index(points.codes)
    col = index.get_indexer(pd.Index(cand.codes))
    gp = located["gp_liberal"].fillna(0).to_numpy()[col] > 0
    locked = cand.locked | (gp & (not request.ignore_existing))
    # The default candidates are the demand points themselves: no copy of the pairs then.
    same = col.size == len(points.codes) and bool(np.all(col == np.arange(col.size)))
    inst = make_instance(
        points.codes,
        located["population"].fillna(0).to_numpy(dtype=np.float64),
        cand.codes,
        times.minutes if same else times.minutes[:, col],
        capacity=cand.capacity,
        locked=locked,
        cost=cand.cost,
    )
    notes = [
        _(
            "Demande : population municipale INSEE des communes du territoire (les communes"
            " voisines hors du territoire ne comptent pas)."
        ),
        _("Sites existants (communes avec un médecin généraliste libéral, BPE 2020) verrouillés.")
        if not request.ignore_existing
        else _("Sites existants ignorés (--ignore-existing)."),
    ]
    if request.radius is None:
        notes.append(
            _("Paires au-delà de {minutes} min non stockées.").format(
                minutes=f"{DEFAULT_P_MEDIAN_CUTOFF:.0f}"
            )
        )
    names = _names(communes, [*points.codes, *cand.codes])
    label = _("population municipale INSEE (non standardisée)")
    return Prepared(inst, None, source, times.estimated, (*notes, *times.notes), names, label)


def _names(communes: pd.DataFrame, codes: list[str]) -> dict[str, str]:
    known = communes.index.intersection(pd.Index(codes).unique())
    return {str(c): str(n) for c, n in communes.loc[known, "name"].items()}


def _apl_instance(
    request: TerritorySiting,
    home: Path,
    provider: TravelTimeProvider,
    communes: pd.DataFrame,
    located: pd.DataFrame,
    cand: Candidates,
    source: str,
) -> Prepared:
    country = set(located["country"])
    universe = communes[communes["country"].isin(country)]
    store = LocalStore(home)
    inputs = apl_inputs(
        universe,
        year=2023,
        demand="population" if request.plain_population else "drees-standardised",
        professionals=store.load("professionals-csv"),
        age_bands=store.load("insee-age"),
    )
    times, covered = provider.commune_times(inputs.points.codes, DREES_DECAY.cutoff_min)
    model = apl(inputs.supply, inputs.demand, times)
    official = universe["apl_2023"].to_numpy(dtype=np.float64)
    methods = anchoring_methods(official, model)
    ratio = methods == AnchorMethod.RATIO.value
    anchored = methods != AnchorMethod.NONE.value
    base = np.where(anchored, official, model)
    scale = np.ones_like(model)
    np.divide(official, model, out=scale, where=ratio)
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
    supply = np.full(len(cand.codes), request.fte * MEAN_ACTIVITY_PER_GP)
    data = AplSiting(
        base[rows],
        inputs.population[rows],
        supply,
        gain_scale=scale[rows],
        anchoring=tuple(str(m) for m in methods[rows]),
    )
    notes = (
        _(
            "APL de départ : APL officielle DREES 2023 ; gains du modèle (méthode DREES,"
            " offre : {supply}) ancrés sur elle : {anchoring}"
        ).format(supply=inputs.supply_label, anchoring=anchoring_note()),
        _("Demande : {demand}.").format(demand=inputs.demand_label),
        _("Chaque site ouvert apporte {fte} ETP × {acts} actes/an.").format(
            fte=f"{request.fte:g}", acts=f"{MEAN_ACTIVITY_PER_GP:.0f}"
        ),
        _(
            "Gains comptés dans toutes les communes à moins de 20 min d'un candidat, y compris"
            " hors du territoire."
        ),
        *times.notes,
    )
    names = _names(communes, [*inst.demand_ids, *cand.codes])
    return Prepared(inst, data, source, times.estimated, notes, names, inputs.demand_label)
