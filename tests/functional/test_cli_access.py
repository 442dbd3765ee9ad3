"""``proxisante access apl|nearest|fidelity`` end to end on the embedded bundle."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from proxisante.access.apl import AGE_WEIGHTS
from tests.conftest import FIXTURES

ROADS = FIXTURES / "access" / "mini_roads.osm"
VICHY = "200071363"


def test_apl_json_summary_says_times_are_estimated(cli):
    r = cli("access", "apl", "--territory", VICHY, "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["territory"] == VICHY and s["communes"] == 39 and s["year"] == 2023
    assert s["provider"] == "estimate" and s["travel_times_estimated"] is True
    assert any("estimés" in n for n in s["notes"])
    assert 1.0 < s["mean_apl"] < 10.0
    assert 0.0 <= s["population_share_under_2_5"] <= 1.0
    assert "BPE 2020" in s["supply"] and "standardisée DREES" in s["demand"]
    assert s["demand_basis"] == "drees-standardised"
    plain = cli("access", "apl", "--territory", VICHY, "--plain-population", "--json").json()
    assert plain["demand_basis"] == "population" and "non standardisée" in plain["demand"]
    assert plain["mean_apl"] != s["mean_apl"]
    assert s["runtime_s"] >= 0


def test_apl_text_output_warns_about_estimated_times(cli):
    r = cli("access", "apl", "--territory", "03310", "--year", "2022")
    assert r.code == 0, r.err
    assert "Temps de trajet ESTIMÉS" in r.out and "Vichy" in r.out


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_apl_file_has_one_row_per_commune(cli, tmp_path, suffix):
    out = tmp_path / f"apl.{suffix}"
    r = cli("access", "apl", "--territory", VICHY, "--out", str(out), "--json")
    assert r.code == 0, r.err
    table = pd.read_csv(out, dtype={"code": str}) if suffix == "csv" else pd.read_parquet(out)
    assert len(table) == 39 and table["code"].is_unique
    assert {"code", "name", "apl", "apl_u65", "under_served", "population"} <= set(table.columns)
    assert table["estimated_travel_times"].all() and (table["provider"] == "estimate").all()
    assert "03310" in set(table["code"])


def test_apl_with_drees_standardised_demand_is_labelled(cli):
    r = cli("access", "apl", "--territory", VICHY, "--demand", "drees-standardised", "--json")
    assert r.code == 0, r.err
    assert "population standardisée DREES" in r.json()["demand"]


def test_apl_on_a_road_extract(cli):
    r = cli("access", "apl", "--territory", "dep:63", "--travel", f"road:{ROADS}", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["provider"] == "road" and s["travel_times_estimated"] is False
    # The made-up network covers a few communes only; the others have no value.
    assert 0 < s["communes_with_value"] < s["communes"]
    assert any("sans valeur" in n for n in s["notes"])


@pytest.mark.slow
def test_apl_uses_imported_individual_activity_and_age_bands(cli, tmp_path):
    assert cli("data", "import", "professionals-csv",
               str(FIXTURES / "importers" / "professionals_valid.csv")).code == 0  # fmt: skip
    bands = ["0004", "0509", "1014", "1519", "2024", "2529", "3034", "3539", "4044", "4549",
             "5054", "5559", "6064", "6569", "7074", "7579", "8084", "8589", "90P"]  # fmt: skip
    ages = tmp_path / "ages.csv"
    ages.write_text(
        "CODGEO;"
        + ";".join(f"P21_POP{b}" for b in bands)
        + "\n03310;"
        + ";".join(["1000"] * 19)
        + "\n",
        encoding="utf-8",
    )
    assert cli("data", "import", "insee-age", str(ages)).code == 0
    r = cli("access", "apl", "--territory", "03310", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert "activité individuelle de 2 médecins" in s["supply"]
    assert "standardisée par âge" in s["demand"] and "1 commune(s)" in s["demand"]
    out = tmp_path / "a.csv"
    assert cli("access", "apl", "--territory", "03310", "--out", str(out)).code == 0
    row = pd.read_csv(out, dtype={"code": str}).iloc[0]
    assert row["demand"] == pytest.approx(1000 * sum(AGE_WEIGHTS[2023]))  # 21 240
    assert row["apl_u65"] > 0  # ages are known in Allier now


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--travel", f"road:{FIXTURES / 'access' / 'malformed.osm'}"], "XML parsing error"),
        (
            ["--travel", f"road:{FIXTURES / 'access' / 'roads.geojson'}"],
            "format non pris en charge",
        ),
        (["--travel", f"matrix:{FIXTURES / 'access' / 'matrix_bad_values.csv'}"], "ligne 3"),
        (["--travel", "osrm"], "n'est pas reconnu"),
        (["--territory", "dep:999"], "Code de territoire inconnu"),
        (["--out", "apl.xlsx"], ".csv ou .parquet"),
    ],
)
def test_apl_user_errors_exit_2_with_a_message(cli, args, message):
    r = cli("access", "apl", "--territory", VICHY, *args)
    assert r.code == 2
    assert message in r.err and "Traceback" not in r.err


def test_unsupported_file_copied_under_an_osm_name_is_still_refused(cli, tmp_path):
    fake = tmp_path / "fake.osm.pbf"
    shutil.copy(FIXTURES / "access" / "matrix_valid.csv", fake)
    r = cli("access", "apl", "--territory", VICHY, "--travel", f"road:{fake}")
    assert r.code == 2 and "illisible" in r.err


def test_nearest_hospital_says_hospitals_are_not_emergency_departments(cli, tmp_path):
    out = tmp_path / "near.csv"
    r = cli("access", "nearest", "--to", "hospital", "--territory", "dep:48", "--json",
            "--out", str(out))  # fmt: skip
    assert r.code == 0, r.err
    s = r.json()
    assert s["to"] == "hospital" and any("pas des services d'urgence" in n for n in s["notes"])
    assert 0.0 <= s["population_share_beyond_threshold"] <= 1.0
    table = pd.read_csv(out, dtype={"code": str})
    assert len(table) == s["communes"] and (table["minutes"].dropna() >= 0).all()


def test_nearest_gp_in_valais_says_there_is_no_gp_data_but_hospitals_work(cli):
    assert cli("access", "nearest", "--to", "gp", "--territory", "ch-canton:VS").code == 2
    r = cli("access", "nearest", "--to", "hospital", "--territory", "ch-canton:VS", "--json")
    assert r.code == 0, r.err and r.json()["communes"] == 122


def test_nearest_gp_text(cli):
    r = cli("access", "nearest", "--to", "gp", "--territory", VICHY, "--threshold", "15")
    assert r.code == 0, r.err
    assert "population à plus de 15 min" in r.out


def test_fidelity_json(cli):
    r = cli("access", "fidelity", "--year", "2023", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert set(s["levels"]) == {"commune", "epci", "departement"}
    assert s["levels"]["commune"]["n"] > 34_000
    assert s["levels"]["departement"]["spearman"] > 0.7
    assert "jamais une entrée" in s["official_values"] and s["travel_times_estimated"] is True


def test_nearest_emergency_uses_the_sae_list_else_imported_structures(cli):
    r = cli("access", "nearest", "--to", "emergency", "--territory", VICHY, "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert "SAE 2025" in s["facility"] and any("SMUR" in n for n in s["notes"])
    assert cli("access", "nearest", "--to", "msp", "--territory", VICHY).code == 2
    structures = FIXTURES / "importers" / "structures_valid.csv"
    assert cli("data", "import", "structures-csv", str(structures)).code == 0
    r = cli("access", "nearest", "--to", "emergency", "--territory", "03310", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["facility"].startswith("service d'urgence") and s["max_minutes"] < 10
    assert any("remplacent la liste SAE 2025" in n for n in s["notes"])
    r = cli("access", "nearest", "--to", "msp", "--territory", VICHY, "--json")
    assert r.code == 0 and "1 structure(s) importée(s)." in r.json()["notes"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("tmja_wgs84.csv", "hors de Lambert-93"),
        ("tmja_missing_column.csv", "colonne(s) absente(s)"),
        ("tmja_unknown_route.csv", "inconnue"),
        ("matrix_missing_column.csv", "colonne"),
    ],
)
def test_bad_skeleton_or_matrix_file_exits_2(cli, tmp_path, name, message):
    kind = "matrix" if name.startswith("matrix") else "v2"
    out = tmp_path / "apl.csv"
    r = cli("access", "apl", "--territory", "03310", "--travel",
            f"{kind}:{FIXTURES / 'access' / name}", "--out", str(out))  # fmt: skip
    assert r.code == 2, r.err
    assert message in r.err and "Traceback" not in r.err
    assert not out.exists()  # nothing written


def test_apl_with_v2_is_labelled(cli):
    r = cli("access", "apl", "--territory", VICHY, "--travel", "v2", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["travel"] == "v2" and s["travel_times_estimated"] is True
    assert any("modèle v2" in n for n in s["notes"])


def test_data_sites_emergency_lists_the_sae_sites_with_their_check(cli):
    r = cli("data", "sites", "--kind", "emergency", "--territory", "dep:03", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["proxy"] is False and s["origin"] == "layer" and "SAE 2025" in s["label"]
    inside = [x for x in s["sites"] if x["in_territory"]]
    assert {x["commune"] for x in inside} == {"03190", "03185", "03310"} and s["count"] == 3
    assert all(x["hours"] == "24 h/24" and x["open"] == "open" for x in inside)
    assert {x["locality"] for x in inside} == {"Moulins", "Montluçon", "Vichy"}
    check = s["check_bpe_2024"]
    assert check["total_bpe_2024_urgences"] == 700
    assert abs(check["total_ratio"] - 1) <= 0.15 and check["spearman_per_departement"] >= 0.9
    assert [d["bpe_2024"] for d in check["in_territory"]] == [3]
    assert 0 < s["beyond_30_min"]["share"] < 1 and "SMUR" in s["beyond_30_min"]["not_counted"]
    assert "reference" not in s  # only for France as a whole


def test_data_sites_emergency_in_valais_by_night(cli):
    r = cli("data", "sites", "--territory", "ch-district:2307", "--when", "2025-01-15T22:00",
            "--json")  # fmt: skip
    assert r.code == 0, r.err
    s = r.json()
    by_id = {x["id"]: x for x in s["sites"]}
    assert by_id["ch-ed-martigny"]["open"] == "closed" and by_id["ch-ed-martigny"]["in_territory"]
    assert by_id["ch-ed-sion"]["open"] == "open" and not by_id["ch-ed-sion"]["in_territory"]
    assert all(x["source"] == "Hôpital du Valais / HRC, faits publiés" for x in s["sites"])
    assert "check_bpe_2024" not in s and not any("SAE" in n for n in s["notes"])
    r = cli("--lang", "de", "data", "sites", "--territory", "ch-district:2308")
    assert r.code == 0, r.err
    assert "Rennaz (VD)" in r.out and "SAE" not in r.out


def test_data_sites_national_check_beside_the_reference(cli):
    r = cli("data", "sites", "--kind", "emergency", "--territory", "fr")
    assert r.code == 0, r.err
    print(r.out)
    assert "Contrôle BPE 2024 : Spearman par département" in r.out
    assert "Rhône-Alpes" in r.out and "5,8" in r.out and "SMUR" in r.out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--kind", "urgences"), "urgences"),
        (("--territory", "dep:999"), "dep:999"),
        (("--when", "2025-02-30"), "2025-02-30"),
    ],
)
def test_data_sites_bad_input_exits_2_naming_it(cli, args, named):
    r = cli("data", "sites", *args)
    assert r.code == 2 and named in r.err and "Traceback" not in r.err and r.out == ""


def test_fidelity_json_has_training_held_out_and_emergency_check(cli):
    r = cli("access", "fidelity", "--year", "2022", "--provider", "estimate", "--json")
    assert r.code == 0, r.err
    s = r.json()
    for part in ("levels", "training_even_departements", "held_out_odd_departements"):
        assert set(s[part]) == {"commune", "epci", "departement"}
    odd, even = s["held_out_odd_departements"], s["training_even_departements"]
    assert odd["commune"]["n"] + even["commune"]["n"] == s["levels"]["commune"]["n"]
    assert s["emergency_check"]["spearman_per_departement"] >= 0.9
    assert s["year"] == 2022 and "jamais" in s["split"]


def test_nurse_fidelity_scores_the_computed_nurse_apl_against_drees(cli):
    r = cli("access", "fidelity", "--profession", "nurse", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["profession"] == "nurse" and "100 000" in s["unit"]
    assert s["supply"].startswith("ESTIMATION")
    assert s["national_official"] == pytest.approx(156.0, abs=0.1)  # DREES, SOURCES §15
    levels = s["levels"]
    assert levels["commune"]["n"] > 34_000 and levels["epci"]["n"] > 1_200
    # The bassin-de-vie supply ranks communes and EPCI better than a plain département spread.
    variants = s["supply_variants"]
    assert variants["bv"]["epci"]["spearman"] > variants["departement"]["epci"]["spearman"]
    assert levels["epci"]["spearman"] > 0.8


def test_apl_in_valais_gives_its_own_indicator_not_an_error(cli, tmp_path):
    out = tmp_path / "valais.csv"
    r = cli("access", "apl", "--territory", "ch-district:2312", "--json", "--out", str(out))
    assert r.code == 0, r.err
    d = r.json()
    assert d["indicator"] == "valais_access" and d["not_the_apl"] and d["nature"] == "estimate"
    assert d["communes"] == d["communes_with_value"] == 5
    assert 0.5 < d["mean"] < 1.2  # FTE within reach per 1,000 (OVS 2018 density 0.85)
    assert "valais_access_fte_per_1000" in out.read_text().splitlines()[0]
    text = cli("--lang", "de", "access", "apl", "--territory", "ch-district:2312")
    assert "keine APL in der Schweiz" in text.out and "Schätzung" in text.out
