"""The "Perspectives à 5 et 10 ans" section: the planning engine's projection in the diagnostic
(CA Vichy Communauté), its retirement exposure recomputed by hand from the DREES columns, and a
Valais district where it is labelled unavailable (no DREES data for Switzerland)."""

from __future__ import annotations

from datetime import date

import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic, projection_inputs
from proxisante.diagnosis.context import scope_of_area
from proxisante.diagnosis.projection_inputs import YEARS
from proxisante.planning.projection import retirement as rt
from proxisante.territory import bundle, load_territory
from tests.travel import national

VICHY = "200071363"
SION = "ch-district:2312"


@pytest.fixture(scope="module")
def terr():
    return load_territory()


@pytest.fixture(scope="module")
def vichy(terr):
    inputs = DiagnosticInputs(travel=national(), today=date(2026, 1, 1))
    return build_diagnostic(terr, scope_of_area(terr, VICHY), inputs, "fr")


def test_vichy_has_the_section_with_bands_and_natures(vichy):
    shown = vichy.sections["perspectives"]
    assert shown[0] == "retirement_exposure"
    for h in YEARS:
        for what in ("gp", "demand", "apl"):
            low, mid, high = (vichy.figures[f"{what}_{h}y{b}"] for b in ("_p10", "", "_p90"))
            assert {f"{what}_{h}y_p10", f"{what}_{h}y", f"{what}_{h}y_p90"} <= set(shown)
            assert low.value is not None and high.value is not None and mid.value is not None
            assert low.value < high.value
            assert low.value * 0.8 < mid.value < high.value * 1.2
            assert {low.nature, mid.nature, high.nature} == {"estimate"}
            assert mid.nature_label == "estimation"
    assert vichy.figures["retirement_exposure"].nature == "computed"
    assert vichy.section_titles["perspectives"] == "Perspectives à 5 et 10 ans"
    doc = vichy.to_json()
    assert "perspectives" in doc["sections"] and "perspectives" in doc["section_titles"]


def test_retirement_exposure_is_one_minus_apl65_over_apl(terr, vichy):
    rows = terr.communes.loc[terr.communes_in(VICHY)]
    ok = rows["apl_2023"].notna() & (rows["pop_std_2023"] > 0)
    w = rows.loc[ok, "pop_std_2023"]
    expected = 1 - (w * rows.loc[ok, "apl_2023_le65"]).sum() / (w * rows.loc[ok, "apl_2023"]).sum()
    assert vichy.figures["retirement_exposure"].value == pytest.approx(expected, abs=1e-4)
    assert 0.1 < expected < 0.3


def _remaining(s65, s60, s55, s50, keep, years_after, early, h):
    """The cohort rule written out for one place (independently of the engine's arrays): ages
    50–64 one by one, each band spread evenly over its five years of age."""
    rest = 1 - s65 - s60 - s55 - s50
    by_age = {50 + a: band / 5 for a, band in enumerate([s50] * 5 + [s55] * 5 + [s60] * 5)}
    for _ in range(h):
        for age in range(60, 65):
            by_age[age] *= 1 - early
        s65 = s65 * (1 - 1 / years_after) + keep * by_age[64]
        by_age = {age + 1: n for age, n in by_age.items() if age < 64} | {50: 0.0}
    return rest + sum(by_age.values()) + s65


def test_central_gp_follows_the_stock_flow_rule(terr, vichy):
    """GPs at +5/+10 years = Σ GPs × (remaining share + entries × h), with each place's own
    estimated share over 65, the national structure under 65 (DREES 2020), the work after 65
    calibrated on DREES 2012–2020 and entries = Allier's BPE trend + the exits it absorbed."""
    rows = terr.communes.loc[terr.communes_in(VICHY)]
    ages = bundle.load_workforce_ages()
    work = rt.calibrate(ages, 2012, 2020)
    assert 0.5 < work.keep_share < 0.9 and 5 < work.keep_years < 15
    bands = ages[(ages["profession"] == "doctor") & (ages["year"] == 2020)]
    bands = bands.set_index("age_band")["count"]
    under = bands.sum() - bands["65+"]
    u50, u55, u60 = (bands[b] / under for b in ("50-54", "55-59", "60-64"))
    france = terr.communes[terr.communes["country"] == "FR"]
    estimator = projection_inputs._estimator(france, national(), None)
    places = estimator.places(estimator.codes.get_indexer(rows.index))
    share, estimated = places.on(rows.index)
    gp = rows["gp_liberal"].fillna(0).to_numpy()
    assert estimated[gp > 0].all()

    def remaining(s, h):
        r = 1 - s
        return _remaining(
            s, r * u60, r * u55, r * u50, work.keep_share, work.keep_years, work.early_exit, h
        )

    allier = france["departement"] == "dep:03"
    all_share, _ = places.on(france.index[allier])
    all_gp = france.loc[allier, "gp_liberal"].fillna(0).to_numpy()
    absorbed = sum(g * (1 - remaining(s, 4)) / 4 for g, s in zip(all_gp, all_share, strict=True))
    absorbed /= all_gp.sum()
    g = bundle.load_department_health().set_index("dep").loc["03"]
    entry = (g["gp_2024"] / g["gp_2020"] - 1) / 4 + absorbed
    for h in YEARS:
        expected = sum(
            n * max(0.0, remaining(s, h) + entry * h) for n, s in zip(gp, share, strict=True)
        )
        assert vichy.figures[f"gp_{h}y"].value == pytest.approx(expected, abs=1e-3)
    assert vichy.figures["gp_10y"].value < vichy.figures["gp_5y"].value < gp.sum()


def test_the_place_share_is_an_estimate_beside_the_computed_exposure(vichy):
    place = vichy.figures["place_share_65"]
    assert place.nature == "estimate" and place.nature_label == "estimation"
    assert "inversion" in place.source
    assert 0 < place.value < 1
    assert vichy.sections["perspectives"][:2] == ("retirement_exposure", "place_share_65")


def test_the_section_is_deterministic(terr, vichy):
    again = build_diagnostic(
        terr,
        scope_of_area(terr, VICHY),
        DiagnosticInputs(travel=national(), today=date(2026, 1, 1)),
        "fr",
    )
    for key in vichy.sections["perspectives"]:
        assert again.figures[key] == vichy.figures[key]


@pytest.mark.parametrize(
    ("lang", "title", "word"),
    [
        ("fr", "Perspectives à 5 et 10 ans", "indisponible"),
        ("de", "Aussichten in 5 und 10 Jahren", "nicht verfügbar"),
        ("en", "Outlook at 5 and 10 years", "unavailable"),
    ],
)
def test_valais_is_labelled_unavailable_not_an_error(terr, lang, title, word):
    data = build_diagnostic(
        terr,
        scope_of_area(terr, SION),
        DiagnosticInputs(travel=national(), today=date(2026, 1, 1)),
        lang,
    )
    assert data.sections["perspectives"] == ("perspectives_unavailable",)
    f = data.figures["perspectives_unavailable"]
    assert f.value is None and f.display.startswith(word)
    assert data.section_titles["perspectives"] == title
    assert not any(k.startswith(("gp_5y", "apl_10y")) for k in data.figures)
