"""Stock-flow projection rules and the backtest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.planning.projection import engine as pj
from proxisante.planning.projection.backtest import backtest


def _inputs(exposure=0.2, entry=0.01, growth=0.0):
    return pj.ProjectionInputs(
        gp_today=np.array([10.0, 4.0]),
        exposure=np.array([exposure, exposure]),
        entry_rate=np.array([entry, entry]),
        demand_growth=np.array([growth, growth]),
        share_60_64=0.15,
    )


def test_supply_ratio_follows_exits_and_entries():
    inp = _inputs()
    assert pj.supply_ratio(inp, 5)[0] == pytest.approx(1 - 0.2 + 0.05)
    assert pj.supply_ratio(inp, 10)[0] == pytest.approx(1 - 0.2 - 0.15 + 0.10)
    assert (pj.supply_ratio(_inputs(exposure=1.0, entry=0.0), 10) == 0).all()


def test_more_exits_never_raise_supply():
    inp = _inputs()
    assert (pj.supply_ratio(inp, 5, exit_factor=1.5) <= pj.supply_ratio(inp, 5)).all()


def test_draws_are_reproducible_and_central_is_neutral():
    u = pj.Uncertainty()
    assert pj.Draw(3, 7).factors(u) == pj.Draw(3, 7).factors(u)
    assert pj.Draw(3, 7).factors(u) != pj.Draw(4, 7).factors(u)
    assert pj.Draw(0, 7, central=True).factors(u) == (1.0, 0.0, 0.0)


def test_summary_bands_are_ordered():
    draws = [pj.DrawResult((float(k),), (2.0 * k,), (0.1 * k,)) for k in range(100)]
    s = pj.summarise([5], draws[50], draws)
    h = s.horizons[0]
    assert h.gp[0] <= h.gp[1] <= h.gp[2] and h.gp[0] == pytest.approx(9.9)


def test_backtest_is_exact_when_the_rule_holds():
    # 2012 → 2016 growth 1 %/yr net; national share over 65: 0 in 2012 and 2016.
    ages = pd.DataFrame(
        {
            "profession": ["doctor"] * 4,
            "year": [2012, 2012, 2016, 2016],
            "age_min": [30, 65, 30, 65],
            "count": [100, 0, 100, 0],
        }
    )
    n12 = 1000.0
    n16 = n12 * 1.01**4
    n20 = n16 * (1 + 4 * (1.01 - 1))
    work = pd.DataFrame(
        {
            "dep": ["03"] * 3,
            "profession": ["doctor"] * 3,
            "year": [2012, 2016, 2020],
            "count": [n12, n16, n20],
        }
    )
    bt = backtest(work, ages)
    assert bt.departments[0].error_pct == pytest.approx(0.0, abs=1e-9)
