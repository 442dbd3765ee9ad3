"""Zoning simulation: national selection, vivier, regional ceiling."""

from __future__ import annotations

import numpy as np

from proxisante.planning.zoning.simulation import simulate


def _run(ceiling=None):
    return simulate(
        ["a", "b", "c", "d", "e"],
        ["A", "B", "C", "D", "E"],
        ["r"] * 5,
        np.array([100.0, 200.0, 300.0, 400.0, 1000.0]),
        np.array([2.0, 2.6, 3.9, 4.5, np.nan]),
        ceiling,
    )


def test_rules_without_ceiling():
    zones = {u.code: u.zone for u in _run()}
    assert zones == {"a": "ZIP", "b": "ZAC", "c": "ZAC", "d": "hors zonage", "e": "non classé"}


def test_ceiling_fills_zip_from_the_vivier_lowest_apl_first():
    # Ceiling 30 % of 2 000 = 600: a (100) is ZIP anyway; b (200) fits, then c (300) fits.
    zones = {u.code: u.zone for u in _run(0.3)}
    assert zones["b"] == "ZIP" and zones["c"] == "ZIP"
    zones = {u.code: u.zone for u in _run(0.2)}  # room 400 − 100 = 300: b fits, c does not
    assert zones["b"] == "ZIP" and zones["c"] == "ZAC"
