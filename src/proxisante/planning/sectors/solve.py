"""Design contiguous on-call sectors: fewest sectors, then the most doctors in the smallest one,
then the shortest trips to the hubs.

The problem (a districting problem with a travel-time limit): partition the communes into
sectors, each with a hub commune inside it, such that

- every commune of a sector is within ``max_minutes`` of its hub;
- every sector has at least ``min_doctors`` doctors;
- every sector is contiguous (its communes' contours connect).

Objectives, in this order (lexicographic, one solve each, the previous optimum fixed): (1) the
fewest sectors — each sector needs one doctor on call every night and weekend, so the total
on-call load of the territory is the number of sectors times the load of one; (2) the largest
smallest number of doctors in a sector — the on-call load per doctor is the sector's load
divided by its doctors, so this lowers the heaviest load per doctor; (3) the smallest
population-weighted travel time to the hubs.

Contiguity is written two ways (Validi, Buchanan & Lykhovyd 2022 review both):

- *flows* (exact): each hub sends one unit of flow to every commune of its sector along
  adjacent communes of the same sector; used up to :data:`EXACT_MAX_COMMUNES` communes;
- *paths toward the hub* (sufficient, much smaller): a commune may join hub ``j`` only if one
  of its neighbours nearer to ``j`` has joined it too; every such sector is contiguous, but a
  few contiguous designs are excluded. The gap is then reported against a lower bound of the
  number of sectors computed without any contiguity constraint (a relaxation).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.sectors.model import (
    SectorDraft,
    SectorInstance,
    SectorOptions,
    SectorPlan,
)
from proxisante.planning.siting.mip import Mip, MipSolution, solve
from proxisante.types import FloatArray

EXACT_MAX_COMMUNES = 40
"""Up to this many communes the flow formulation (exact contiguity) is used by default."""
_EPS = 1e-6


@dataclass
class _Rows:
    """A sparse constraint matrix assembled row by row (COO triplets)."""

    n_vars: int
    r: list[int]
    c: list[int]
    v: list[float]
    lb: list[float]
    ub: list[float]

    @classmethod
    def empty(cls, n_vars: int) -> _Rows:
        return cls(n_vars, [], [], [], [], [])

    def add(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        k = len(self.lb)
        self.r.extend([k] * len(cols))
        self.c.extend(cols)
        self.v.extend(vals)
        self.lb.append(lo)
        self.ub.append(hi)

    def matrix(self) -> sp.csr_array:
        return sp.csr_array(
            (np.asarray(self.v, dtype=np.float64), (self.r, self.c)),
            shape=(len(self.lb), self.n_vars),
        )


@dataclass(frozen=True, eq=False)
class _Layout:
    """Variables: x (commune, hub) pairs, then y per hub candidate, then flows, then z."""

    pair_i: np.ndarray
    pair_j: np.ndarray
    hubs: np.ndarray
    y_of: dict[int, int]
    x_of: dict[tuple[int, int], int]
    arcs: tuple[tuple[int, int, int], ...]
    """(u, v, hub) of each flow variable (exact formulation only)."""
    n_x: int

    @property
    def n_y(self) -> int:
        return len(self.hubs)

    def flow(self, k: int) -> int:
        return self.n_x + self.n_y + k

    @property
    def z(self) -> int:
        return self.n_x + self.n_y + len(self.arcs)

    @property
    def n_vars(self) -> int:
        return self.z + 1


def check_instance(inst: SectorInstance, options: SectorOptions) -> None:
    """Refuse limits no design can meet, naming the commune or the figure."""
    if not math.isfinite(options.max_minutes) or options.max_minutes <= 0:
        raise PlanningInputError(
            _("--max-minutes {x} : attendu un nombre de minutes > 0 (ex. 30).").format(
                x=options.max_minutes
            )
        )
    if not math.isfinite(options.min_doctors) or options.min_doctors < 0:
        raise PlanningInputError(
            _("--min-doctors {x} : attendu un nombre ≥ 0 (ex. 4).").format(x=options.min_doctors)
        )
    if inst.size == 0:
        raise PlanningInputError(_("aucune commune localisée à découper en secteurs."))
    if not inst.hub_ok.any():
        raise PlanningInputError(
            _("aucune commune ne peut accueillir le point de garde (aucun médecin).")
        )
    reach = (inst.minutes[:, inst.hub_ok] <= options.max_minutes).any(axis=1)
    if not reach.all():
        i = int(np.flatnonzero(~reach)[0])
        raise PlanningInputError(
            _(
                "limites impossibles : {name} ({code}) est à plus de {m} min de toute commune"
                " pouvant accueillir le point de garde ; augmenter --max-minutes."
            ).format(name=inst.names[i], code=inst.codes[i], m=f"{options.max_minutes:g}")
        )
    if inst.doctors.sum() + _EPS < options.min_doctors:
        raise PlanningInputError(
            _(
                "limites impossibles : {have} médecins en tout, moins que --min-doctors {need}."
            ).format(have=f"{inst.doctors.sum():g}", need=f"{options.min_doctors:g}")
        )


def _layout(inst: SectorInstance, options: SectorOptions, exact: bool) -> _Layout:
    ok = (inst.minutes <= options.max_minutes) & inst.hub_ok[None, :]
    pair_i, pair_j = np.nonzero(ok)
    x_of = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(pair_i, pair_j, strict=True))}
    hubs = np.flatnonzero(inst.hub_ok & ok.any(axis=0))
    y_of = {int(j): len(pair_i) + k for k, j in enumerate(hubs)}
    arcs: list[tuple[int, int, int]] = []
    if exact:
        nbrs = inst.neighbours()
        for j in hubs:
            members = set(np.flatnonzero(ok[:, j]).tolist())
            for u in sorted(members):
                arcs.extend(
                    (u, int(v), int(j)) for v in nbrs[u] if int(v) in members and int(v) != j
                )
    return _Layout(pair_i, pair_j, hubs, y_of, x_of, tuple(arcs), len(pair_i))


def _base_rows(inst: SectorInstance, lay: _Layout, min_doctors: float, contiguity: str) -> _Rows:
    rows = _Rows.empty(lay.n_vars)
    by_commune: dict[int, list[int]] = {}
    by_hub: dict[int, list[int]] = {}
    for (i, j), k in lay.x_of.items():
        by_commune.setdefault(i, []).append(k)
        by_hub.setdefault(j, []).append(k)
    for i in range(inst.size):
        cols = by_commune.get(i, [])
        rows.add(cols, [1.0] * len(cols), 1.0, 1.0)
    for (i, j), k in lay.x_of.items():
        y = lay.y_of[j]
        if i == j:
            rows.add([k, y], [1.0, -1.0], 0.0, 0.0)
        else:
            rows.add([k, y], [1.0, -1.0], -np.inf, 0.0)
    for j in lay.hubs:
        cols = by_hub[int(j)]
        vals = [float(inst.doctors[lay.pair_i[k]]) for k in cols]
        rows.add([*cols, lay.y_of[int(j)]], [*vals, -float(min_doctors)], 0.0, np.inf)
    if contiguity == "paths":
        _path_rows(inst, lay, rows)
    elif contiguity == "flows":
        _flow_rows(lay, rows)
    return rows


def _path_rows(inst: SectorInstance, lay: _Layout, rows: _Rows) -> None:
    """x_ij ≤ Σ x_kj over the neighbours k of i nearer to j (ties broken by index)."""
    nbrs = inst.neighbours()
    t = inst.minutes
    for (i, j), k in lay.x_of.items():
        if i == j:
            continue
        nearer = [
            lay.x_of[(int(m), j)]
            for m in nbrs[i]
            if (int(m), j) in lay.x_of and (t[m, j], int(m)) < (t[i, j], i)
        ]
        rows.add([k, *nearer], [1.0, *([-1.0] * len(nearer))], -np.inf, 0.0)


def _flow_rows(lay: _Layout, rows: _Rows) -> None:
    """Each hub feeds one unit to each commune of its sector through the sector's communes."""
    size: dict[int, int] = {}
    for _i, j in lay.x_of:
        size[j] = size.get(j, 0) + 1
    inflow: dict[tuple[int, int], list[int]] = {}
    outflow: dict[tuple[int, int], list[int]] = {}
    for a, (u, v, j) in enumerate(lay.arcs):
        f = lay.flow(a)
        cap = float(size[j] - 1)
        inflow.setdefault((v, j), []).append(f)
        outflow.setdefault((u, j), []).append(f)
        rows.add([f, lay.x_of[(v, j)]], [1.0, -cap], -np.inf, 0.0)
        rows.add([f, lay.x_of[(u, j)]], [1.0, -cap], -np.inf, 0.0)
    for (i, j), k in lay.x_of.items():
        if i == j:
            continue
        ins = inflow.get((i, j), [])
        outs = outflow.get((i, j), [])
        rows.add(
            [*ins, *outs, k],
            [*([1.0] * len(ins)), *([-1.0] * len(outs)), -1.0],
            0.0,
            0.0,
        )


def _mip(
    lay: _Layout,
    rows: _Rows,
    c: FloatArray,
    maximize: bool,
    z_bounds: tuple[float, float] = (0.0, 0.0),
) -> Mip:
    n = lay.n_vars
    var_lb = np.zeros(n)
    var_ub = np.ones(n)
    var_ub[lay.n_x + lay.n_y : lay.z] = np.inf
    var_lb[lay.z], var_ub[lay.z] = z_bounds
    integer = np.zeros(n, dtype=bool)
    integer[: lay.n_x + lay.n_y] = True
    return Mip(
        c=c,
        a=rows.matrix(),
        row_lb=np.asarray(rows.lb, dtype=np.float64),
        row_ub=np.asarray(rows.ub, dtype=np.float64),
        var_lb=var_lb,
        var_ub=var_ub,
        integer=integer,
        maximize=maximize,
    )


def _count_objective(lay: _Layout) -> FloatArray:
    c = np.zeros(lay.n_vars)
    c[lay.n_x : lay.n_x + lay.n_y] = 1.0
    return c


def _solve_or_refuse(mip: Mip, time_limit_s: float) -> MipSolution:
    sol = solve(mip, time_limit_s)
    if not np.isfinite(sol.objective):
        if sol.status == "INFEASIBLE":
            raise PlanningInputError(
                _(
                    "limites impossibles : aucun découpage en secteurs contigus ne respecte"
                    " --max-minutes et --min-doctors (augmenter l'un, diminuer l'autre)."
                )
            )
        raise PlanningInputError(
            _("aucun découpage trouvé en {s} s (statut {status}) : augmenter --time-limit.").format(
                s=f"{time_limit_s:g}", status=sol.status
            )
        )
    return sol


def lower_bound(inst: SectorInstance, options: SectorOptions) -> int:
    """Fewest sectors without any contiguity constraint: a bound for every contiguous design."""
    lay = _layout(inst, options, exact=False)
    rows = _base_rows(inst, lay, options.min_doctors, contiguity="none")
    sol = solve(_mip(lay, rows, _count_objective(lay), False), options.time_limit_s)
    bound = sol.bound if np.isfinite(sol.bound) else 1.0
    return max(1, math.ceil(bound - _EPS))


def design_sectors(inst: SectorInstance, options: SectorOptions) -> SectorPlan:
    """The lexicographic optimum (exact contiguity) or a design with its gap (paths)."""
    check_instance(inst, options)
    started = time.perf_counter()
    exact = options.exact if options.exact is not None else inst.size <= EXACT_MAX_COMMUNES
    contiguity = "flows" if exact else "paths"
    lay = _layout(inst, options, exact)
    limit = options.time_limit_s
    rows = _base_rows(inst, lay, options.min_doctors, contiguity)
    count = _solve_or_refuse(_mip(lay, rows, _count_objective(lay), False), limit)
    n_sectors = round(count.objective)
    proven = count.optimal
    ys = list(range(lay.n_x, lay.n_x + lay.n_y))
    # (2) with that many sectors, the most doctors in the smallest sector.
    rows.add(ys, [1.0] * len(ys), n_sectors, n_sectors)
    big = float(inst.doctors.sum())
    for j in lay.hubs:
        cols = [k for (i, h), k in lay.x_of.items() if h == int(j)]
        vals = [-float(inst.doctors[lay.pair_i[k]]) for k in cols]
        rows.add([lay.z, *cols, lay.y_of[int(j)]], [1.0, *vals, big], -np.inf, big)
    balance = _solve_or_refuse(_mip(lay, rows, _z_objective(lay), True, (0.0, big)), limit)
    proven = proven and balance.optimal
    # (3) with both fixed, the shortest population-weighted trips to the hubs.
    c = np.zeros(lay.n_vars)
    c[: lay.n_x] = inst.population[lay.pair_i] * inst.minutes[lay.pair_i, lay.pair_j]
    floor = max(0.0, balance.objective - _EPS)
    trips = _solve_or_refuse(_mip(lay, rows, c, False, (floor, big)), limit)
    proven = proven and trips.optimal
    drafts = _drafts(lay, trips.x)
    bound = n_sectors if exact and count.optimal else min(n_sectors, lower_bound(inst, options))
    gap = (n_sectors - bound) / n_sectors if n_sectors else 0.0
    method = (
        _("optimisation exacte (contiguïté par flots)")
        if exact
        else _("optimisation (contiguïté par chemins vers le point de garde)")
    )
    return SectorPlan(
        drafts=drafts,
        method=method,
        optimal=bool(exact and proven),
        lower_bound=int(bound),
        gap=float(gap),
        seconds=time.perf_counter() - started,
    )


def _z_objective(lay: _Layout) -> FloatArray:
    c = np.zeros(lay.n_vars)
    c[lay.z] = 1.0
    return c


def _drafts(lay: _Layout, x: FloatArray) -> tuple[SectorDraft, ...]:
    members: dict[int, list[int]] = {}
    for (i, j), k in lay.x_of.items():
        if x[k] > 0.5:
            members.setdefault(j, []).append(i)
    return tuple(SectorDraft(hub=j, members=tuple(sorted(ms))) for j, ms in sorted(members.items()))
