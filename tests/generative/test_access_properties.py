"""Properties of the accessibility engine on random territories (Hypothesis).

More supply never lowers any APL; results do not depend on the order of the communes;
Σ APL_i·P_i = Σ O_j when every supply point is reached by some demand. A few deterministic
examples run by default; the ``slow`` variants run many more.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from proxisante.access.apl import DREES_DECAY, apl
from proxisante.access.travel.estimate import estimate_times
from proxisante.access.traveltimes import from_dense

FAST = settings(max_examples=40, deadline=None, derandomize=True)
MANY = settings(max_examples=600, deadline=None)


@st.composite
def territories(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square matrix of minutes (some pairs unreachable), supply ≥ 0 and demand > 0.

    The diagonal is under 10 minutes, so every commune reaches its own supply.
    """
    n = draw(st.integers(1, 12))
    minutes = draw(
        hnp.arrays(np.float64, (n, n), elements=st.floats(0.0, 30.0, allow_subnormal=False))
    )
    hidden = draw(hnp.arrays(np.bool_, (n, n)))
    minutes = np.where(hidden, np.inf, minutes)
    diag = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 9.9, allow_subnormal=False)))
    np.fill_diagonal(minutes, diag)
    supply = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1e5, allow_subnormal=False)))
    demand = draw(hnp.arrays(np.float64, n, elements=st.floats(1.0, 1e5, allow_subnormal=False)))
    return minutes, supply, demand


def _apl(minutes: np.ndarray, supply: np.ndarray, demand: np.ndarray) -> np.ndarray:
    return apl(supply, demand, from_dense(minutes, DREES_DECAY.cutoff_min))


def check_more_supply(t, extra, where) -> None:
    minutes, supply, demand = t
    more = supply.copy()
    more[where % supply.size] += extra
    before, after = _apl(minutes, supply, demand), _apl(minutes, more, demand)
    assert np.all(after >= before * (1 - 1e-12))


def check_order(t, seed) -> None:
    minutes, supply, demand = t
    perm = np.random.default_rng(seed).permutation(supply.size)
    base = _apl(minutes, supply, demand)
    shuffled = _apl(minutes[np.ix_(perm, perm)], supply[perm], demand[perm])
    np.testing.assert_allclose(shuffled, base[perm], rtol=1e-12, atol=1e-300)


def check_conservation(t) -> None:
    minutes, supply, demand = t
    got = _apl(minutes, supply, demand)
    assert float(got @ demand) == pytest.approx(float(supply.sum()), rel=1e-9, abs=1e-6)


@FAST
@given(territories(), st.floats(0.0, 1e5), st.integers(0, 100))
def test_more_supply_never_lowers_any_apl(t, extra, where):
    check_more_supply(t, extra, where)


@FAST
@given(territories(), st.integers(0, 2**32 - 1))
def test_invariant_to_commune_order(t, seed):
    check_order(t, seed)


@FAST
@given(territories())
def test_supply_is_conserved_when_every_supply_point_is_reached(t):
    check_conservation(t)


@FAST
@given(st.integers(2, 40), st.integers(0, 2**32 - 1))
def test_estimate_provider_is_invariant_to_order(n, seed):
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(2.9, 3.3, n), rng.uniform(45.9, 46.2, n)
    dens, area = rng.uniform(0, 2000, n), rng.uniform(0, 50, n)
    perm = rng.permutation(n)
    a = estimate_times(lon, lat, dens, area, 20.0).minutes.toarray()
    b = estimate_times(lon[perm], lat[perm], dens[perm], area[perm], 20.0).minutes.toarray()
    np.testing.assert_allclose(b, a[np.ix_(perm, perm)], rtol=1e-12)


@pytest.mark.slow
@MANY
@given(territories(), st.floats(0.0, 1e5), st.integers(0, 100), st.integers(0, 2**32 - 1))
def test_properties_on_many_examples(t, extra, where, seed):
    check_more_supply(t, extra, where)
    check_order(t, seed)
    check_conservation(t)
