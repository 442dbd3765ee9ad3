"""The siting instance's coverage helpers against a dense reference: ``within`` (shared arrays
when every pair is within the radius, a filtered copy otherwise, sorted when the
pairs are not canonical) and ``covered_by``."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.planning.siting.instance import make_instance


def _instance(seed: int, canonical: bool):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    n, m = 40, 15
    dense = np.where(rng.random((n, m)) < 0.3, rng.uniform(0.0, 30.0, (n, m)), np.nan)
    dense[5] = np.nan  # a demand point with no stored pair
    dense[7, 2] = 0.0  # a stored zero-minute trip
    rows, cols = np.nonzero(~np.isnan(dense))
    t = dense[rows, cols]
    if canonical:
        minutes = sp.csr_array((t, (rows, cols)), shape=(n, m))
    else:  # columns in reversed order within each row (not canonical)
        order = np.lexsort((-cols, rows))
        rows, cols, t = rows[order], cols[order], t[order]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        minutes = sp.csr_array((t, cols, indptr), shape=(n, m))
    return make_instance(
        [f"d{i}" for i in range(n)], np.ones(n), [f"c{j}" for j in range(m)], minutes
    ), dense


@pytest.mark.parametrize("canonical", [True, False])
@pytest.mark.parametrize("radius", [0.0, 12.0, 30.0])
def test_within_and_covered_by_match_the_dense_reference(canonical: bool, radius: float) -> None:
    for seed in range(5):
        inst, dense = _instance(seed, canonical)
        reach = np.nan_to_num(dense, nan=np.inf) <= radius
        w = inst.within(radius)
        assert w.has_canonical_format
        assert np.array_equal(w.toarray().astype(bool), reach)
        assert np.all(w.data)  # only the pairs within, no stored False
        chosen = np.random.default_rng(seed).random(inst.n_candidates) < 0.4
        assert np.array_equal(inst.covered_by(radius, chosen), reach[:, chosen].any(axis=1))


def test_within_shares_the_pairs_when_all_are_within() -> None:
    inst, _dense = _instance(1, True)
    w = inst.within(1e9)
    assert np.shares_memory(w.indices, inst.minutes.indices)
    assert w.dtype == bool and w.nnz == inst.minutes.nnz
