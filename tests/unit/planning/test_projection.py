"""Stock-flow projection rules, the work after 65, and the backtests against the naive rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.planning.projection import backtest as bt
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import retirement as rt
from proxisante.territory import bundle

WORK = rt.WorkAfter65(keep_share=0.7, keep_years=9.0, early_exit=0.01)


def _inputs(s65=0.2, trend=0.0, absorbed=0.0, growth=0.0, work=WORK):
    st = rt.AgeStructure(0.1, 0.15, 0.2, np.array([s65, s65]))
    return pj.ProjectionInputs(
        gp_today=np.array([10.0, 4.0]),
        ages=st,
        work=work,
        trend=np.array([trend, trend]),
        absorbed=np.array([absorbed, absorbed]),
        demand_first=np.array([growth, growth]),
        demand_second=np.array([growth, growth]),
    )


def test_supply_ratio_is_remaining_plus_entries():
    inp = _inputs(trend=0.01, absorbed=0.02)
    for h in (1, 5, 10):
        rest = rt.remaining(inp.ages, WORK, h)[0]
        assert pj.supply_ratio(inp, h)[0] == pytest.approx(rest + 0.03 * h)
    everyone_old = _inputs(s65=1.0)
    nobody_stays = rt.WorkAfter65(0.0, 1.0, 0.0)
    stopped = pj.supply_ratio(
        pj.ProjectionInputs(
            everyone_old.gp_today,
            rt.AgeStructure(0.0, 0.0, 0.0, np.array([1.0, 1.0])),
            nobody_stays,
            np.zeros(2),
            np.zeros(2),
            np.zeros(2),
            np.zeros(2),
        ),
        10,
    )
    assert (stopped == 0).all()


def test_more_work_after_65_means_fewer_exits():
    low = rt.WorkAfter65(0.3, 5.0, 0.01)
    high = rt.WorkAfter65(0.9, 12.0, 0.01)
    for h in (3, 10):
        assert (
            pj.supply_ratio(_inputs(work=high), h) > pj.supply_ratio(_inputs(work=low), h)
        ).all()


def test_more_exits_never_raise_supply():
    inp = _inputs(trend=0.01)
    assert (pj.supply_ratio(inp, 5, exit_factor=1.5) <= pj.supply_ratio(inp, 5)).all()


def test_years_six_to_ten_come_from_the_younger_bands():
    """Nobody over 60 today: no exit in years 1–5 beyond early exits; the 55–59 band reaches 65
    in years 6–10 and a share of it stops then."""
    st = rt.AgeStructure(0.0, np.array([0.5]), 0.0, 0.0)
    w = rt.WorkAfter65(0.0, 5.0, 0.0)
    assert rt.exits(st, w, 5)[0] == pytest.approx(0.0)
    assert rt.exits(st, w, 10)[0] > 0.1


def test_calibration_recovers_the_parameters_of_a_simulated_series():
    """National bands simulated with p = 0.6, D = 7 and q = 1 % give them back."""
    p, d, q = 0.6, 7.0, 0.01
    b55 = [40_000.0 + 500 * k for k in range(9)]
    b60, s65 = [36_000.0], [14_000.0]
    for k in range(8):
        b60.append((1 - q) * 0.8 * b60[-1] + b55[k] / 5)
        s65.append((1 - 1 / d) * s65[-1] + p * (1 - q) * b60[k] / 5)
    rows = []
    for k, year in enumerate(range(2012, 2021)):
        for band, n in (("55-59", b55[k]), ("60-64", b60[k]), ("65+", s65[k]), ("<55", 1e5)):
            rows.append(("doctor", year, band, n))
    ages = pd.DataFrame(rows, columns=["profession", "year", "age_band", "count"])
    ages = pd.concat([ages, ages.assign(age_band="50-54", count=0.0).drop_duplicates("year")])
    w = rt.calibrate(ages, 2012, 2020)
    assert w.keep_share == pytest.approx(p, rel=1e-6)
    assert w.keep_years == pytest.approx(d, rel=1e-6)
    assert w.early_exit == pytest.approx(q, rel=1e-6)


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


def _ages(share65_2012: float, share65_2016: float) -> pd.DataFrame:
    rows = []
    for year in range(2012, 2017):
        s = share65_2012 + (share65_2016 - share65_2012) * (year - 2012) / 4
        for band, n in (("<50", 600.0), ("50-54", 100.0), ("55-59", 100.0), ("60-64", 100.0)):
            rows.append(("doctor", year, band, n * (1 - s) / 0.9 * 0.9))
        rows.append(("doctor", year, "65+", 900.0 * s / (1 - s)))
    return pd.DataFrame(rows, columns=["profession", "year", "age_band", "count"])


def test_doctors_backtest_equals_the_trend_when_the_structure_does_not_move():
    """With the same age structure in 2012 and 2016, exits ahead equal the exits the trend
    absorbed: the rule is the trend, exactly."""
    ages = pd.concat(
        [_ages(0.1, 0.1), _ages(0.1, 0.1).assign(year=lambda d: d["year"] + 4)]
    ).drop_duplicates(["year", "age_band"])
    ages = ages[ages["year"] <= 2020]
    workforce = pd.DataFrame(
        [
            (dep, "doctor", year, n)
            for dep, base, growth in (("01", 1000.0, 1.01), ("02", 500.0, 0.99))
            for year, n in ((2012, base), (2016, base * growth**4), (2020, base * growth**8))
        ],
        columns=["dep", "profession", "year", "count"],
    )
    b = bt.doctors(workforce, ages)
    for d in b.departments:
        assert d.projected == pytest.approx(d.trend, rel=1e-9)
        assert d.trend == pytest.approx(d.observed, rel=1e-9)
    assert b.mape == pytest.approx(0.0, abs=1e-9) and b.mape_no_change > 1


def test_default_beats_both_naive_rules_on_dreess_doctors():
    """DREES doctors 2016 → 2020 from 2012–2016, by département: the stock-flow rule (work after
    65 calibrated on 2012–2016 only) beats the trend and no change."""
    b = bt.doctors(bundle.load_workforce(), bundle.load_workforce_ages())
    assert len(b.departments) >= 96
    assert b.mape < b.mape_trend < b.mape_no_change
    assert b.best == "stock-flow"
    assert b.work.calibrated_on == "DREES 2012–2016"


def test_gps_backtest_uses_each_departement_s_share():
    health = pd.DataFrame(
        {"dep": ["01", "02"], "gp_2020": [100, 100], "gp_2024": [100, 100]}
    ).astype({"gp_2020": "Int64", "gp_2024": "Int64"})
    workforce = pd.DataFrame(
        [(d, "doctor", y, 1000) for d in ("01", "02") for y in (2016, 2020)],
        columns=["dep", "profession", "year", "count"],
    )
    ages = bundle.load_workforce_ages()
    b = bt.gps(health, workforce, ages, pd.Series({"01": 0.05, "02": 0.30}))
    young, old = b.departments
    assert old.projected < young.projected  # more doctors over 65 here, more exits ahead
    assert young.trend == old.trend == 100.0
