"""Anchoring a modelled change on the official APL: the methods, and the case of the
CC du Pays d'Huriel from the real bundle (issue 22: additive anchoring gave negative APL)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from proxisante.access.anchoring import RATIO_BAND, AnchorMethod, anchor, anchoring_methods
from proxisante.diagnosis.context import neighbour_communes, scope_of_area
from proxisante.errors import InternalError
from proxisante.planning.scenarios.baseline import build_baseline
from proxisante.planning.scenarios.scenario import GpLeave, Scenario
from proxisante.planning.scenarios.whatif import area_figures, commune_table, run_scenario
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_table
from tests.travel import national

HURIEL = "240300657"  # CC du Pays d'Huriel (Allier)


def test_ratio_where_model_and_official_agree_within_the_band():
    lo, hi = RATIO_BAND
    official = np.array([2.0, 2.0, 2.0, 2.0, 2.0])
    model = np.array([2.0 * lo, 2.0 * hi, 2.0 * lo * 0.99, 2.0 * hi * 1.01, 3.0])
    assert anchoring_methods(official, model).tolist() == [
        "ratio",
        "ratio",
        "fragile",
        "fragile",
        "ratio",
    ]


def test_a_model_twice_the_official_loses_the_models_share_not_more():
    # The commune of the issue: model APL twice the official; the model loses 30 %.
    a = anchor([1.0], [2.0], [1.4])
    assert a.method.tolist() == ["ratio"]
    assert a.values[0] == pytest.approx(0.7)  # −30 %, where additive anchoring gave −60 %


def test_fragile_anchoring_is_additive_and_clipped_at_zero():
    a = anchor([0.5, 3.0], [3.0, 0.0], [0.0, 1.0])
    assert a.method.tolist() == ["fragile", "fragile"]
    assert a.values.tolist() == [0.0, 4.0]


def test_both_zero_is_additive_and_unknown_official_is_not_anchored():
    a = anchor([0.0, np.nan], [0.0, 2.0], [0.3, 1.0])
    assert a.method.tolist() == ["additive", "none"]
    assert a.values[0] == pytest.approx(0.3) and np.isnan(a.values[1])


def test_tiny_negative_model_values_give_zero_not_a_negative():
    a = anchor([1.0, 0.0], [1.0, 0.0], [-2.8e-17, -2.8e-17])
    assert a.values.tolist() == [0.0, 0.0]


def test_a_stack_of_horizons_is_anchored_row_by_row():
    a = anchor([2.0, 1.0], [2.0, 3.0], np.array([[1.0, 1.0], [0.0, 0.0]]))
    assert a.values.tolist() == [[1.0, 0.0], [0.0, 0.0]]
    assert a.counts() == {"ratio": 1, "additive": 0, "fragile": 1, "none": 0}


def test_shapes_that_do_not_match_are_an_internal_error():
    with pytest.raises(InternalError):
        anchor([1.0, 2.0], [1.0], [1.0, 2.0])
    with pytest.raises(InternalError):
        anchor([1.0, 2.0], [1.0, 2.0], [1.0, 2.0, 3.0])


@pytest.fixture(scope="module")
def huriel(tmp_path_factory):
    terr = load_territory()
    scope = scope_of_area(terr, HURIEL)
    frame = read_table("contours")
    frame = frame[frame["code"].str.len() == 5]
    contours = dict(zip(frame["code"], shapely.from_wkb(frame["wkb"].to_numpy()), strict=True))
    around = neighbour_communes(scope, contours, terr.communes.index)
    baseline = build_baseline(terr, Path(tmp_path_factory.mktemp("home")), national(), [])
    return terr, scope, around, baseline


def test_removing_every_gp_around_huriel_leaves_every_anchored_apl_at_or_above_zero(huriel):
    terr, scope, around, baseline = huriel
    codes = [*scope.communes, *around]
    gps = terr.communes.loc[codes, "gp_liberal"].fillna(0)
    assert len(around) >= 10 and gps.sum() >= 10  # the real case: 13 GPs in 30 communes
    leave = tuple(GpLeave(c, float(g), 1) for c, g in gps.items() if g > 0)
    outcome = run_scenario(baseline, Scenario("départs", HURIEL, leave))
    table = commune_table(baseline, outcome, codes)
    assert (table["apl_anchored_after"] >= 0).all()
    assert (table["apl_model_after"].loc[list(scope.communes)] < 0.5).any()  # a real shock
    figures = area_figures(table.loc[list(scope.communes)], (None, None))
    assert figures.apl_anchored_after is not None and figures.apl_anchored_after >= 0
    assert figures.apl_anchored_after < figures.apl_anchored_before
    # Each commune carries its method, and every commune anchored by ratio loses the model's
    # share of its APL.
    ratio = table["anchoring"] == AnchorMethod.RATIO.value
    assert ratio.any() and set(table["anchoring"]) <= {m.value for m in AnchorMethod}
    kept = table.loc[ratio, "apl_anchored_after"] / table.loc[ratio, "apl_official"]
    model_kept = table.loc[ratio, "apl_model_after"] / table.loc[ratio, "apl_model_before"]
    np.testing.assert_allclose(kept, model_kept.clip(lower=0), atol=1e-12)
