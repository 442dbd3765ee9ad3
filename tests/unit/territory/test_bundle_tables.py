"""The département, workforce and APL ≤ 65 tables of the embedded bundle (SOURCES §3, 11, 12)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.territory.bundle import (
    PROFESSIONS,
    load_department_health,
    load_workforce,
    load_workforce_ages,
    read_provenance,
    read_table,
)


def test_department_health_has_the_published_counts():
    dep = load_department_health().set_index("dep")
    assert len(dep) == 101 and dep.index.is_unique
    assert {"2A", "2B", "971", "976"} <= set(dep.index)
    allier, herault = dep.loc["03"], dep.loc["34"]
    # The checks of SOURCES.md §11 (INSEE BPE 2024).
    assert (allier.gp_2024, allier.emergency_2024, allier.nurses_2024) == (269, 3, 623)
    assert allier.pharmacies_2024 == 127
    assert (herault.gp_2024, herault.emergency_2024) == (1417, 18)
    for col in ("gp_2020", "gp_2024", "emergency_2024", "nurses_2024", "dentists_2024"):
        assert str(dep[col].dtype) == "Int64"


def test_gp_2020_is_the_bpe_2020_commune_count_summed():
    dep = load_department_health().set_index("dep")
    com = read_table("communes", columns=["level", "country", "departement", "gp_liberal"])
    com = com[(com["level"] == "commune") & (com["country"] == "FR")]
    per_dep = com.groupby("departement")["gp_liberal"].sum()
    assert dep.loc["03", "gp_2020"] == per_dep["dep:03"] == 290
    assert int(dep["gp_2020"].sum()) == int(com["gp_liberal"].sum())


def test_department_health_is_a_copy():
    a = load_department_health()
    a.loc[0, "gp_2024"] = -1
    assert load_department_health().loc[0, "gp_2024"] != -1


def test_workforce_long_table():
    wf = load_workforce()
    assert list(wf.columns) == ["dep", "profession", "year", "count"]
    assert set(wf["profession"]) == set(PROFESSIONS)
    assert sorted(wf["year"].unique()) == list(range(2012, 2021))
    doc = wf[(wf["profession"] == "doctor")].set_index(["dep", "year"])["count"]
    assert doc[("03", 2012)] == 946 and doc[("2A", 2020)] == 532 and doc[("976", 2020)] == 222
    # The national totals ("Ensemble") of DREES.
    totals = wf.groupby(["profession", "year"])["count"].sum()
    assert totals[("doctor", 2020)] == 227_298
    assert totals[("nurse", 2012)] == 567_363
    assert totals[("dentist", 2020)] == 42_843


def test_workforce_ages_are_national_bands_that_add_up():
    ages = load_workforce_ages()
    doc = ages[(ages["profession"] == "doctor") & (ages["year"] == 2020)].sort_values("band_order")
    assert doc["age_band"].tolist() == [
        "<30",
        "30-34",
        "35-39",
        "40-44",
        "45-49",
        "50-54",
        "55-59",
        "60-64",
        "65+",
    ]
    assert doc.iloc[-1]["count"] == 33_565 and pd.isna(doc.iloc[-1]["age_max"])
    by_year = ages.groupby(["profession", "year"])["count"].sum()
    wf = load_workforce().groupby(["profession", "year"])["count"].sum()
    pd.testing.assert_series_equal(by_year.sort_index(), wf.sort_index(), check_names=False)
    nurses = ages[(ages["profession"] == "nurse") & (ages["year"] == 2012)]
    assert nurses.sort_values("band_order")["age_band"].iloc[0] == "<25"


def test_apl_le65_beside_apl_and_never_above_it():
    com = read_table(
        "communes", columns=["code", "apl_2022", "apl_2022_le65", "apl_2023", "apl_2023_le65"]
    ).set_index("code")
    for year in (2022, 2023):
        both = com[[f"apl_{year}", f"apl_{year}_le65"]].dropna()
        assert len(both) > 34_000
        # GPs aged 65 or less are a part of all GPs: the APL to them cannot be higher.
        assert np.all(both[f"apl_{year}_le65"] <= both[f"apl_{year}"] + 1e-9)
        assert (both[f"apl_{year}_le65"] < both[f"apl_{year}"]).mean() > 0.5


def test_provenance_names_the_new_sources():
    ids = {s["id"]: s for s in read_provenance()["sources"]}
    for key in ("bpe2024_departements", "drees_demographie"):
        assert ids[key]["publisher"] and ids[key]["licence"] and ids[key]["vintage"]


def test_nurse_apl_housing_and_compiled_zoning_join_the_communes():
    from proxisante.territory import load_territory

    com = load_territory().communes
    vichy = com.loc["03310"]
    assert vichy["apl_inf_2023"] == pytest.approx(143.325)  # SOURCES §15
    assert com.loc["75056", "apl_inf_2023"] > 0  # aggregated from the arrondissements
    fr = com[com["country"] == "FR"]
    w = fr["pop_std_inf_2023"]
    national = (fr["apl_inf_2023"] * w).sum() / w[fr["apl_inf_2023"].notna()].sum()
    assert national == pytest.approx(156.0, abs=0.05)
    allier = fr[fr["departement"] == "dep:03"]
    assert round(float(allier["secondary_homes_2018"].sum())) == 15_038  # SOURCES §20
    assert set(fr["zoning_compiled"].dropna()) <= {"ZIP", "ZAC", "HZ", "ZAR", "NA"}
    assert fr["zoning_compiled"].notna().mean() > 0.99


def test_apl_2024_of_five_professions_by_departement():
    from proxisante.territory.bundle import APL_PROFESSIONS, load_apl_departements

    apl = load_apl_departements().set_index(["dep", "profession"])["apl_2024"]
    assert set(apl.index.get_level_values("profession")) == set(APL_PROFESSIONS)
    # SOURCES §19: Allier and France 2024.
    assert [apl[("03", p)] for p in ("gp", "nurse", "physio", "midwife", "dentist")] == [
        3.13,
        133.7,
        96.4,
        22.2,
        46.1,
    ]
    assert apl[("fr", "physio")] == 123.2


def test_liberal_nurses_and_bassins_de_vie():
    from proxisante.territory.bundle import load_bassins_vie, load_nurses_liberal

    nurses = load_nurses_liberal()
    total = nurses[(nurses["year"] == 2023) & (nurses["band_order"] == 0)]["count"].sum()
    assert total == 98_854  # SOURCES §16, France 2023
    allier = nurses[(nurses["dep"] == "03") & (nurses["band_order"] == 0)]
    assert allier.set_index("year").loc[[2012, 2023], "count"].tolist() == [422, 599]
    bv = load_bassins_vie()
    assert len(bv) == 1_707 and bv["pole"].is_unique and "03310" in set(bv["pole"])
