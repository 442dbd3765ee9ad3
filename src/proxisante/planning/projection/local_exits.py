"""Place and catchment: the share of supply from doctors over 65, where they practise.

Two different things must not be confused:

- **catchment** (what residents reach): DREES publishes, per commune *i*, the APL and the APL
  without the doctors over 65; their gap gives the *catchment exposure*
  r_i = 1 − APL≤65_i / APL_i, the share of the activity reachable from *i* given by doctors over
  65. It describes the doctors *around* the residents, not those practising in the commune;
- **place** (where doctors practise): s_j, the share of the supply *located* in commune *j*
  given by doctors over 65. That is what leaves when they retire, so it is what a projection
  multiplies the located supply by.

The APL is linear in the located supply, so the two are linked exactly (:func:`to_catchment`):

    r_i = Σ_j c_ij · s_j      with  c_ij = w(t_ij)·R_j / APL_i  (the share of *i*'s APL given by
                              the supply located in *j*; each row sums to 1)

and the place shares are recovered by inverting it (:func:`to_place`): a bounded least-squares
fit, s ∈ [0, 1], of the official catchment exposures of the communes that reach each place,
weighted by their standardised population, with a ridge pull towards a prior (Tikhonov
regularisation). The regularisation is needed because the inverse problem is ill-posed: places a
few minutes apart are reached by almost the same residents, their columns are nearly collinear,
and an unregularised fit gives one of them 0 and the other 1 with the same fit. The ridge keeps
what the data determine (the mix seen from each commune) and sends what they do not (the split
between neighbours) to the prior. Its strength :data:`STRENGTH` was chosen on synthetic truths
laid on the real communes (``benchmarks/projection_inversion.py``). The result is an
**estimation**: the model's catchment (headcount × mean activity, estimated times) is not the
DREES one.

The problem is solved in blocks, one per département (:func:`to_place` with ``blocks``): the
unknowns of a block are every place reached by a commune that reaches one of the département's
places; only the département's own places keep their value. A place's estimate then depends on
its département and the communes around it, never on which territory is being projected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import lsq_linear

from proxisante.access.apl import DREES_DECAY
from proxisante.access.traveltimes import TravelTimes
from proxisante.errors import require
from proxisante.types import BoolArray, FloatArray, IntArray

STRENGTH = 0.1
"""Ridge strength λ of the inversion (per place, against the demand-weighted fit of catchment
exposures whose row weights average 1 in each block)."""


@dataclass(frozen=True, eq=False)
class Catchment:
    """The model's catchment of every commune: ``contribution[i, j]`` is the share of commune
    *i*'s model APL given by the supply located in commune *j* (rows sum to 1 where the model
    APL is > 0, and are empty elsewhere)."""

    contribution: sp.csr_array
    model_apl: FloatArray
    supply: FloatArray


def catchment(supply: FloatArray, demand: FloatArray, times: TravelTimes) -> Catchment:
    """The catchment of each commune under the DREES decay (square commune times).

    Examples
    --------
    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0], [12.0, 0.0]]), 20.0)
    >>> c = catchment(np.array([4000.0, 2000.0]), np.array([600.0, 600.0]), tt)
    >>> c.contribution.toarray().round(3).tolist()
    [[0.75, 0.25], [0.571, 0.429]]
    """
    w = times.weights(DREES_DECAY)
    served = np.asarray(w.T @ demand, dtype=np.float64)
    ratio = np.divide(supply, served, out=np.zeros(len(supply)), where=served > 0)
    parts = sp.csr_array(w @ sp.diags_array(ratio))
    parts.eliminate_zeros()
    total = np.asarray(parts.sum(axis=1), dtype=np.float64).ravel()
    inv = np.divide(1.0, total, out=np.zeros(len(total)), where=total > 0)
    contribution = sp.csr_array(sp.diags_array(inv) @ parts)
    return Catchment(contribution, total, np.asarray(supply, dtype=np.float64))


def catchment_exposure(apl_all: FloatArray, apl_le65: FloatArray) -> FloatArray:
    """Catchment exposure 1 − APL(≤ 65) / APL per commune, in [0, 1]; NaN where the APL is
    unknown or 0 (official DREES figures in, a *catchment* property out).

    Examples
    --------
    >>> catchment_exposure(np.array([2.0, 0.0, 3.0]), np.array([1.5, 0.0, np.nan])).tolist()
    [0.25, nan, nan]
    """
    a = np.asarray(apl_all, dtype=np.float64)
    b = np.asarray(apl_le65, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = 1.0 - b / a
    ok = np.isfinite(r) & (a > 0)
    return np.where(ok, np.clip(r, 0.0, 1.0), np.nan)


def to_catchment(c: Catchment, place_share: FloatArray) -> FloatArray:
    """Place → catchment: r_i = Σ_j c_ij s_j (NaN where the commune reaches no supply).

    Examples
    --------
    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0], [12.0, 0.0]]), 20.0)
    >>> c = catchment(np.array([4000.0, 2000.0]), np.array([600.0, 600.0]), tt)
    >>> to_catchment(c, np.array([0.0, 1.0])).round(3).tolist()
    [0.25, 0.429]
    """
    s = np.nan_to_num(np.asarray(place_share, dtype=np.float64))
    r = np.asarray(c.contribution @ s, dtype=np.float64)
    return np.where(c.model_apl > 0, r, np.nan)


@dataclass(frozen=True, eq=False)
class PlaceShares:
    """Share of the supply located in each commune given by doctors over 65.

    ``share``: the estimate where ``estimated``, else the prior (and NaN where no supply is
    located); ``residual``: the weighted root mean square gap between the official catchment
    exposures and those the estimates give, over the communes fitted; ``blocks``: the blocks
    solved; ``strength``: λ."""

    share: FloatArray
    estimated: BoolArray
    residual: float
    blocks: tuple[str, ...]
    strength: float


def to_place(
    c: Catchment,
    exposure: FloatArray,
    weight: FloatArray,
    prior: FloatArray,
    *,
    blocks: IntArray | None = None,
    solve: Iterable[int] | None = None,
    block_names: tuple[str, ...] = (),
    strength: float = STRENGTH,
) -> PlaceShares:
    """Catchment → place: the bounded, regularised least-squares inversion of
    :func:`to_catchment`.

    Parameters
    ----------
    c : the model's catchment of every commune.
    exposure : official catchment exposure per commune (NaN where unknown: not fitted).
    weight : weight of each commune's equation (standardised population).
    prior : value each place is pulled towards (and kept where it is not solved).
    blocks : block number of each commune (e.g. its département); None: one block.
    solve : the blocks to solve (None: all).
    strength : the ridge strength λ.

    Each block minimises Σ_i ω_i (Σ_j c_ij s_j − r_i)² + λ Σ_j (s_j − prior_j)², 0 ≤ s ≤ 1,
    over the places reached by the communes that reach the block's own places, with
    ω_i = weight_i / mean weight of the block's equations.
    """
    n = c.contribution.shape[0]
    require(len(exposure) == n and len(weight) == n and len(prior) == n, "to_place: lengths")
    block = np.zeros(n, dtype=np.int64) if blocks is None else np.asarray(blocks, np.int64)
    problem = Problem.build(c, exposure, weight, prior, block)
    share = np.where(c.supply > 0, np.clip(prior, 0.0, 1.0), np.nan)
    estimated = np.zeros(n, dtype=bool)
    wanted = problem.blocks() if solve is None else sorted({int(b) for b in solve})
    sq, total_w = 0.0, 0.0
    for b in wanted:
        solution = problem.solve(b, strength)
        share[solution.places] = solution.share
        estimated[solution.places] = True
        sq += solution.squares
        total_w += solution.weight
    names = tuple(block_names[int(b)] for b in wanted) if block_names else ()
    residual = float(np.sqrt(sq / total_w)) if total_w else float("nan")
    return PlaceShares(share, estimated, residual, names, strength)


@dataclass(frozen=True, eq=False)
class BlockSolution:
    """The estimates of one block's own places, and its weighted sum of squared gaps."""

    places: IntArray
    share: FloatArray
    squares: float
    weight: float


@dataclass(frozen=True, eq=False)
class Problem:
    """The inversion's data, ready to be solved block by block (:meth:`solve`)."""

    contribution: sp.csr_array
    transposed: sp.csr_array
    exposure: FloatArray
    weight: FloatArray
    prior: FloatArray
    block: IntArray
    has_supply: BoolArray
    usable: BoolArray

    @classmethod
    def build(
        cls, c: Catchment, exposure: FloatArray, weight: FloatArray, prior: FloatArray,
        block: IntArray,
    ) -> Problem:  # fmt: skip
        r = np.asarray(exposure, dtype=np.float64)
        w = np.asarray(weight, dtype=np.float64)
        usable = np.isfinite(r) & (w > 0) & (c.model_apl > 0)
        return cls(
            c.contribution,
            sp.csr_array(c.contribution.T),
            r,
            w,
            np.clip(np.nan_to_num(np.asarray(prior, dtype=np.float64)), 0.0, 1.0),
            np.asarray(block, dtype=np.int64),
            c.supply > 0,
            usable,
        )

    def blocks(self) -> list[int]:
        """The blocks that hold at least one place."""
        return [int(b) for b in np.unique(self.block[self.has_supply])]

    def solve(self, b: int, strength: float = STRENGTH) -> BlockSolution:
        """Block ``b``: its places, every place reached by the communes that reach them, fitted
        on those communes; the block's own places keep their estimate."""
        empty = BlockSolution(np.zeros(0, dtype=np.int64), np.zeros(0), 0.0, 0.0)
        core = np.flatnonzero(self.has_supply & (self.block == b))
        if not core.size:
            return empty
        rows = np.unique(self.transposed[core].indices)
        rows = rows[self.usable[rows]]
        if not rows.size:
            return empty
        sub = self.contribution[rows]
        unknown = np.unique(sub.indices)
        dense = sub[:, unknown].toarray()
        omega = self.weight[rows] / self.weight[rows].mean()
        s = _solve(dense, self.exposure[rows], omega, self.prior[unknown], strength)
        keep = np.isin(unknown, core)
        gap = dense @ s - self.exposure[rows]
        return BlockSolution(
            unknown[keep], s[keep], float(np.sum(omega * gap**2)), float(omega.sum())
        )


def _solve(
    a: FloatArray, r: FloatArray, omega: FloatArray, prior: FloatArray, strength: float
) -> FloatArray:
    """min ‖√ω (A s − r)‖² + λ ‖s − prior‖², 0 ≤ s ≤ 1 (``scipy.optimize.lsq_linear``), on the
    square triangular factor of the stacked system (same solution, fewer rows)."""
    k = a.shape[1]
    root = np.sqrt(omega)[:, None]
    stacked = np.vstack([root * a, np.sqrt(strength) * np.eye(k)])
    rhs = np.concatenate([root[:, 0] * r, np.sqrt(strength) * prior])
    q, upper = np.linalg.qr(stacked)
    res = lsq_linear(upper, q.T @ rhs, bounds=(0.0, 1.0), method="trf", tol=1e-10)
    return np.asarray(np.clip(res.x, 0.0, 1.0), dtype=np.float64)


def block_mean_prior(
    exposure: FloatArray, weight: FloatArray, blocks: IntArray, fallback: float
) -> FloatArray:
    """Each commune's prior: the weighted mean catchment exposure of its block (``fallback``
    where the block has none)."""
    ok = np.isfinite(exposure) & (weight > 0)
    n_blocks = int(blocks.max()) + 1 if len(blocks) else 0
    num = np.bincount(blocks[ok], weights=(exposure * weight)[ok], minlength=n_blocks)
    den = np.bincount(blocks[ok], weights=weight[ok], minlength=n_blocks)
    mean = np.divide(num, den, out=np.full(n_blocks, fallback), where=den > 0)
    return np.asarray(mean[blocks], dtype=np.float64)
