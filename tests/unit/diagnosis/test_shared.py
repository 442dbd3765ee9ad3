"""A batch's shared computations (national indicators, memo of comparison areas) give the same
diagnosis, figure for figure, as a diagnosis computed on its own context."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.build import contour_lookup
from proxisante.diagnosis.context import scope_of_area
from proxisante.diagnosis.shared import share_computations
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_table
from tests.travel import national


@pytest.fixture(scope="module")
def terr():
    return load_territory()


@pytest.fixture(scope="module")
def inputs():
    contours = read_table("contours")
    return DiagnosticInputs(
        travel=national(),
        contours=contour_lookup(contours["code"].tolist(), contours["wkb"].tolist()),
        today=date(2026, 1, 1),
    )


@pytest.fixture(scope="module")
def shared(terr):
    return share_computations(terr, national(), None, None, ("FR", "CH"))


# Inland, coastal, island (Corse), across a département border, with unlocated communes; Sion.
CODES = ("200071363", "242900314", "200038958", "200006682", "200066637", "ch-district:2312")


@pytest.mark.parametrize("code", CODES)
def test_shared_computations_give_the_same_diagnosis(terr, inputs, shared, code):
    scope = scope_of_area(terr, code)
    alone = build_diagnostic(terr, scope, inputs, "fr")
    together = build_diagnostic(terr, scope, dataclasses.replace(inputs, shared=shared), "fr")
    assert together.to_json() == alone.to_json()


def test_the_memo_of_comparison_areas_is_filled_and_reused(terr, inputs, shared):
    scope = scope_of_area(terr, "200071363")
    build_diagnostic(terr, scope, dataclasses.replace(inputs, shared=shared), "de")
    assert {"dep:03", "reg:84", "fr"} <= set(shared.area_values)


def test_a_batch_projects_once_and_each_diagnosis_sums_its_communes(terr, inputs, monkeypatch):
    """A batch's projection covers its territories' contexts: their diagnoses sum it (no
    projection of their own) and give the same figures; a territory whose context it does not
    cover projects on its own context."""
    from proxisante.planning.projection import territorial

    vichy = scope_of_area(terr, "200071363")
    batch = share_computations(terr, national(), None, None, ("FR",), vichy.communes)
    assert batch.projection is not None
    assert set(vichy.communes) <= set(batch.projection.communes.index)
    corse = scope_of_area(terr, "200038958")
    alone = {s.code: build_diagnostic(terr, s, inputs, "fr").to_json() for s in (vichy, corse)}
    own_projections = []
    project = territorial.project
    monkeypatch.setattr(
        territorial, "project", lambda *a, **k: own_projections.append(1) or project(*a, **k)
    )
    shared = dataclasses.replace(inputs, shared=batch)
    assert build_diagnostic(terr, vichy, shared, "fr").to_json() == alone[vichy.code]
    assert own_projections == []
    assert build_diagnostic(terr, corse, shared, "fr").to_json() == alone[corse.code]
    assert own_projections == [1]
