"""``proxisante plan …`` end to end: site (territory and custom files), bad input."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

VICHY = "200071363"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def custom(tmp_path):
    demand = _write(tmp_path / "demand.csv", "id,weight\na,10\nb,20\nc,30\nd,5\n")
    cand = _write(tmp_path / "cand.csv", "id,capacity,locked,cost\nx,25,0,1\ny,40,0,1\nz,10,1,1\n")
    times = _write(
        tmp_path / "times.csv",
        "demand_id,candidate_id,minutes\na,x,5\nb,x,12\nb,y,4\nc,y,25\nc,z,8\nd,x,30\nd,y,18\n",
    )
    return demand, cand, times


def _site(cli, custom, *extra):
    demand, cand, times = custom
    return cli(
        "plan",
        "site",
        "--demand",
        str(demand),
        "--candidates",
        str(cand),
        "--times",
        str(times),
        "--json",
        *extra,
    )


def test_mclp_on_custom_files_is_the_brute_force_optimum(cli, custom):
    r = _site(cli, custom, "--objective", "mclp", "--p", "1", "--radius", "15")
    assert r.code == 0, r.err
    s = r.json()
    # z is locked (covers c = 30); opening x covers a, b = 30; y covers b = 20 (d at 18 > 15).
    assert s["selected"] == ["x", "z"] and s["opened"] == ["x"]
    assert s["objective"] == pytest.approx(60.0) and s["gap"] == pytest.approx(0.0)
    assert s["travel_times_estimated"] is False and "simulé" in s["nature"]["selected"]


def test_capacitated_respects_capacities(cli, custom):
    r = _site(cli, custom, "--objective", "capacitated", "--p", "1", "--radius", "20")
    assert r.code == 0, r.err
    s = r.json()
    caps = {"x": 25, "y": 40, "z": 10}
    assert all(load <= caps[c] + 1e-6 for c, load in s["loads"].items())
    # Brute force: z (10, serves c) + best of x (a 10 + b 15 = 25) or y (b 20 + d 5 = 25).
    assert s["objective"] == pytest.approx(35.0)


def test_p_median_objective_on_custom_files(cli, custom):
    r = _site(cli, custom, "--objective", "p-median", "--p", "1", "--radius", "30")
    assert r.code == 0, r.err
    s = r.json()
    w = {"a": 10, "b": 20, "c": 30, "d": 5}
    t = {
        ("a", "x"): 5,
        ("b", "x"): 12,
        ("b", "y"): 4,
        ("c", "y"): 25,
        ("c", "z"): 8,
        ("d", "x"): 30,
        ("d", "y"): 18,
    }
    best = min(
        sum(w[i] * min([t[i, j] for j in ("z", o) if (i, j) in t] or [30]) for i in w)
        for o in ("x", "y")
    )
    assert s["objective"] == pytest.approx(best)
    assert list(itertools.chain(s["opened"])) and "z" in s["selected"]


def test_territory_mclp_locks_existing_gp_communes(cli):
    r = cli("plan", "site", VICHY, "--objective", "mclp", "--p", "2", "--radius", "10", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert len(s["opened"]) == 2 and s["locked"] and set(s["locked"]) <= set(s["selected"])
    assert s["travel_times_estimated"] is True and s["gap"] <= 1e-9
    assert 0 < s["figures"]["covered_share"] <= 1


def test_territory_lift_above_2_5_reports_a_gap(cli):
    r = cli("plan", "site", VICHY, "--objective", "lift-above-2.5", "--p", "2", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert len(s["opened"]) == 2 and 0.0 <= s["gap"] <= 1.0
    assert s["bound"] >= s["objective"] - 1e-6
    ranked = s["candidate_values"]
    assert 0 < len(ranked) <= 20 and "candidat" in s["nature"]["candidate_values"]
    gains = [c["objective_gain"] for c in ranked]
    assert gains == sorted(gains, reverse=True)


def test_apl_siting_runs_on_the_anchored_standardised_apl_and_names_communes(cli):
    r = cli("plan", "site", VICHY, "--objective", "apl-gain", "--p", "2", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert "standardisée DREES" in s["demand"]
    opened = [site for site in s["sites"] if site["status"] == "opened"]
    assert [site["id"] for site in opened] == s["opened"] and all(x["name"] for x in opened)
    assert all(c["name"] for c in s["candidate_values"])
    rows = s["communes"]
    assert rows and all(r["name"] and r["apl_after"] > r["apl_before"] >= 0 for r in rows)
    counts = s["anchoring"]["communes"]
    assert sum(counts.values()) == s["demand_points"] and counts["ratio"] > 0
    assert {r["anchoring"] for r in rows} <= set(counts)
    # The starting APL is the official one: Vichy's own row starts at its DREES APL 2023.
    from proxisante.territory import load_territory

    official = load_territory().communes["apl_2023"]
    for row in rows:
        if row["anchoring"] != "none":
            assert row["apl_before"] == pytest.approx(official[row["code"]])
    plain = cli(
        "plan", "site", VICHY, "--objective", "apl-gain", "--p", "2", "--plain-population",
        "--json",
    )  # fmt: skip
    assert plain.code == 0 and "non standardisée" in plain.json()["demand"]
    text = cli("plan", "site", VICHY, "--objective", "apl-gain", "--p", "2")
    assert opened[0]["name"] in text.out and "ancrage" in text.out


def test_plain_population_where_it_means_nothing_exits_2_and_computes_nothing(cli, custom):
    r = _site(cli, custom, "--objective", "mclp", "--p", "1", "--radius", "15",
              "--plain-population")  # fmt: skip
    assert r.code == 2 and "--plain-population" in r.err and r.out == ""
    r = cli("plan", "site", VICHY, "--objective", "mclp", "--p", "1", "--radius", "10",
            "--plain-population")  # fmt: skip
    assert r.code == 2 and "apl-gain" in r.err and r.out == ""


def test_scenario_text_names_the_communes_and_their_anchoring(cli):
    huriel = next(p for p in EXAMPLES if "huriel" in p.name)
    r = cli("plan", "scenario", str(huriel))
    assert r.code == 0, r.err
    assert "Huriel (03128)" in r.out and "[ratio]" in r.out and "standardisée DREES" in r.out
    plain = cli("plan", "scenario", str(huriel), "--plain-population", "--json")
    s = plain.json()["scenarios"][0]
    assert s["demand_basis"] == "population" and "non standardisée" in s["demand"]


def test_candidate_evaluation_accepts_a_scheduler_and_rejects_a_bad_one(cli):
    r = cli("plan", "site", VICHY, "--objective", "apl-gain", "--p", "1", "--json")
    s = cli(
        "plan",
        "site",
        VICHY,
        "--objective",
        "apl-gain",
        "--p",
        "1",
        "--scheduler",
        "sync",
        "--json",
    )
    assert r.code == 0 and s.code == 0, r.err + s.err
    assert r.json()["candidate_values"] == s.json()["candidate_values"]
    bad = cli("plan", "site", VICHY, "--objective", "apl-gain", "--p", "1", "--scheduler", "x")
    assert bad.code == 2 and "tcp://" in bad.err and bad.out == ""


def test_unknown_objective_exits_2_with_the_choices(cli, custom):
    r = _site(cli, custom, "--objective", "maxcover", "--p", "1", "--radius", "15")
    assert r.code == 2 and "maxcover" in r.err and "mclp" in r.err and r.out == ""


def test_csv_missing_column_exits_2_naming_the_line_and_header(cli, custom):
    times = custom[2]
    _write(times, "demand_id,candidate_id\na,x\n")
    r = _site(cli, custom, "--objective", "mclp", "--p", "1", "--radius", "15")
    assert r.code == 2
    assert "ligne 1" in r.err and "minutes" in r.err and "demand_id,candidate_id,minutes" in r.err


def test_csv_bad_value_and_unknown_id_name_their_lines(cli, custom):
    times = custom[2]
    _write(times, "demand_id,candidate_id,minutes\na,x,5\nb,w,4\nc,y,-3\n")
    r = _site(cli, custom, "--objective", "mclp", "--p", "1", "--radius", "15")
    assert r.code == 2
    assert "ligne 3" in r.err and "'w'" in r.err and "ligne 4" in r.err and "≥ 0" in r.err


def test_p_larger_than_candidates_exits_2(cli, custom):
    r = _site(cli, custom, "--objective", "mclp", "--p", "9", "--radius", "15")
    assert r.code == 2 and "--p 9" in r.err


def test_mclp_without_radius_exits_2(cli, custom):
    r = _site(cli, custom, "--objective", "mclp", "--p", "1")
    assert r.code == 2 and "--radius" in r.err


# --- scenario ---------------------------------------------------------------------------------

EXAMPLES = sorted(
    (__import__("pathlib").Path(__file__).parents[2] / "examples").glob("scenario-*.yaml")
)


def test_examples_anchored_baseline_equals_official(cli, tmp_path):
    assert len(EXAMPLES) >= 3
    out = tmp_path / "out"
    r = cli("plan", "scenario", *map(str, EXAMPLES), "--json", "--out", str(out))
    assert r.code == 0, r.err
    scenarios = r.json()["scenarios"]
    assert len(scenarios) == len(EXAMPLES)
    for s in scenarios:
        assert s["baseline_anchored_minus_official_max"] <= 1e-9
        methods = {"ratio", "additive", "fragile", "none"}
        assert set(s["anchoring"]["communes"]) == methods
        assert s["demand_basis"] == "drees-standardised" and "DREES" in s["demand"]
        for row in s["communes"]:
            assert row["anchoring"] in methods and row["name"]
            if row["apl_official"] is not None:
                assert abs(row["apl_anchored_before"] - row["apl_official"]) <= 1e-9
                assert row["apl_anchored_after"] >= 0
                if row["anchoring"] == "ratio":  # the model's relative change
                    assert row["apl_anchored_after"] == pytest.approx(
                        row["apl_official"] * row["apl_model_after"] / row["apl_model_before"]
                    )
                else:  # additive, clipped at 0
                    assert row["apl_anchored_after"] == pytest.approx(
                        max(
                            0.0,
                            row["apl_official"] + row["apl_model_after"] - row["apl_model_before"],
                        )
                    )
        assert "SIMULATION" in s["label"] and s["nature"]["apl_official"].startswith("officiel")
        assert 0 < s["communes_recomputed"] < s["communes_total"]
        stem = Path(s["file"]).stem
        for suffix in (".json", ".csv", ".gpkg", "-carte.svg"):
            assert (out / f"{stem}{suffix}").is_file()
    retire = next(s for s in scenarios if "retraite" in s["file"])
    assert retire["figures"]["apl_anchored_after"] < retire["figures"]["apl_anchored_before"]
    msp = next(s for s in scenarios if "msp" in s["file"])
    assert msp["figures"]["apl_anchored_after"] > msp["figures"]["apl_anchored_before"]


def test_incremental_equals_full_recomputation_for_every_example(home):
    from proxisante.cli._plan_scenario import _read
    from proxisante.config import Settings
    from proxisante.planning.scenarios.baseline import build_baseline
    from proxisante.planning.scenarios.whatif import full_recompute, run_scenario
    from proxisante.territory import load_territory
    from tests.travel import national

    terr = load_territory()
    known = set(terr.communes.index)
    scenarios = [_read(p, terr, known) for p in EXAMPLES]
    settings = Settings.from_environ({"PROXISANTE_HOME": str(home)})
    baseline = build_baseline(terr, settings.home, national(), scenarios)
    for sc in scenarios:
        fast = run_scenario(baseline, sc).after
        full = full_recompute(baseline, sc)
        assert float(abs(fast - full).max()) <= 1e-12


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('  - type: gp_leave\n    commune: "99999"\n    gps: 1\n', ["ligne 5", "99999"]),
        (
            '  - type: structure_opens\n    kind: msp\n    commune: "03310"\n    fte: -1\n',
            ["ligne 7", "fte", "> 0"],
        ),
        (
            '  - type: seasonal_peak\n    area: "200071363"\n    occupancy: -0.5\n',
            ["ligne 6", "occupancy", "≥ 0"],
        ),
    ],
)
def test_bad_scenario_exits_2_and_writes_nothing(cli, tmp_path, body, expected):
    bad = _write(tmp_path / "bad.yaml", f'name: x\nterritory: "200071363"\nchanges:\n{body}')
    good = EXAMPLES[0]
    out = tmp_path / "out"
    r = cli("plan", "scenario", str(good), str(bad), "--out", str(out))
    assert r.code == 2 and r.out == ""
    assert all(e in r.err for e in expected)
    assert not out.exists() or not any(out.iterdir())


# --- project ----------------------------------------------------------------------------------


def test_project_json_gives_horizons_with_bands_natures_and_sources(cli):
    r = cli("plan", "project", VICHY, "--years", "5,10", "--draws", "40", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert [h["years"] for h in s["horizons"]] == [5, 10]
    for h in s["horizons"]:
        for key in ("gp", "standardised_demand", "apl"):
            band = h[key]
            assert band["p10"] <= band["p50"] <= band["p90"]
    assert 0 <= s["retirement_exposure"] <= 1 and 0 <= s["place_share_65"] <= 1
    assert s["nature"]["horizons"].startswith("estimation")
    assert s["nature"]["place_share_65"].startswith("estimation")
    assert s["nature"]["today.apl"] == "officiel"
    assert "DREES" in s["sources"]["place_share_65"] and "INSEE" in s["sources"]["horizons"]
    assert s["demand_kind"] == "drees-standardised" and s["method"]["supply"] == "stock-flow"
    w = s["work_after_65"]
    assert 0.5 < w["keep_share"] < 0.9 and w["calibrated_on"] == "DREES 2012–2020"
    assert any("NATIONALE" in n for n in s["notes"])
    assert any("ESTIMÉE par inversion" in n for n in s["notes"])
    assert "backtest" not in s  # only with --backtest


def test_project_backtests_beat_the_naive_rules(cli):
    """The acceptance figures: doctors 2016 → 2020 and GPs 2020 → 2024 by département, the
    default against trend and no change; demand by département."""
    r = cli("plan", "project", VICHY, "--draws", "10", "--backtest", "--json")
    assert r.code == 0, r.err
    bt = r.json()["backtest"]
    for key in ("doctors", "gps"):
        b = bt[key]
        assert len(b["departments"]) >= 95
        assert b["best"] == "stock-flow"
        assert b["mape"] < b["mape_trend"] and b["mape"] < b["mape_no_change"]
    assert all(m["cohort"] < min(m["trend"], m["no_change"]) for m in bt["demand"]["mape"])


def test_project_backtest_prints_every_departement(cli):
    r = cli("plan", "project", VICHY, "--draws", "10", "--backtest")
    assert r.code == 0, r.err
    assert "rétro-test médecins" in r.out and "rétro-test généralistes" in r.out
    assert "  03 : observé" in r.out and "rétro-test demande" in r.out


def test_project_plain_population_is_labelled(cli):
    r = cli("plan", "project", VICHY, "--draws", "10", "--demand", "population", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["demand_kind"] == "population" and "population" in s["horizons"][0]
    assert any("NON standardisée" in n for n in s["notes"])


def test_project_work_after_65_is_a_parameter(cli):
    def gp10(*extra):
        r = cli("plan", "project", VICHY, "--draws", "10", "--years", "10", "--json", *extra)
        assert r.code == 0, r.err
        return r.json()

    less = gp10("--work-after-65", "0.2", "--work-after-65-years", "2")
    more = gp10("--work-after-65", "0.9", "--work-after-65-years", "15")
    assert less["horizons"][0]["gp"]["central"] < more["horizons"][0]["gp"]["central"]
    assert (
        less["work_after_65"]["keep_share"] == 0.2 and less["work_after_65"]["calibrated_on"] == ""
    )
    assert any("PARAMÈTRE" in n for n in less["notes"])


@pytest.mark.parametrize("years", ["0", "5,x", "15"])
def test_project_bad_years_exit_2(cli, years):
    r = cli("plan", "project", VICHY, "--years", years)
    assert r.code == 2 and "--years" in r.err


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--entry-rate", "-0.02"),
        ("--entry-rate", "0.7"),
        ("--work-after-65", "-0.1"),
        ("--work-after-65", "1.5"),
        ("--work-after-65-years", "0"),
        ("--work-after-65-years", "nan"),
        ("--demand", "patients"),
        ("--draws", "3"),
    ],
)
def test_project_bad_rates_exit_2_naming_the_option(cli, option, value):
    r = cli("plan", "project", VICHY, option, value, "--json")
    assert r.code == 2 and r.out == ""
    assert option in r.err and "ex." in r.err and "Traceback" not in r.err


def test_project_unknown_territory_exits_2_naming_it(cli):
    r = cli("plan", "project", "99999", "--json")
    assert r.code == 2 and r.out == ""
    assert "99999" in r.err and "Traceback" not in r.err


# --- zoning -----------------------------------------------------------------------------------


def test_zoning_is_labelled_a_simulation(cli):
    r = cli("plan", "zoning", "dep:03", "--unit", "epci", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["simulation"] is True and "SIMULATION" in s["label"] and s["unit"] == "epci"
    zones = {u["code"]: u["zone"] for u in s["units"]}
    assert zones["240300657"] == "ZIP"  # CC du Pays d'Huriel, APL ≤ 65 about 1.0
    assert set(zones.values()) <= {"ZIP", "ZAC", "hors zonage", "non classé"}
    assert s["nature"]["zone"] == "simulation"


def test_zoning_by_bassin_de_vie_scored_against_the_compilation(cli, tmp_path):
    out = tmp_path / "zones.csv"
    r = cli("plan", "zoning", "dep:03", "--score", "--out", str(out), "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["unit"] == "bv" and "bassins de vie" in s["unit_label"]
    assert s["bassins_check"]["spearman"] > 0.8  # reconstituted BV vs CartoSanté's BV APL
    (ceiling,) = s["ceilings"]
    assert ceiling["region"] == "reg:84" and 0.1 < ceiling["zip_ceiling"] < 0.302
    assert "annexe" in ceiling["source"]
    score = s["score"]
    assert "compilation non vérifiée" in score["against"]
    national = score["national"]
    assert 0 < national["agreement"] <= 1 and national["population_compared"] > 300_000
    assert score["regions"] == []  # a département is not its région
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "code,name,population,zone_simulation,zoning_compiled_unverified"
    assert len(rows) == 318  # Allier's 317 communes


def test_nurse_zoning_states_its_thresholds(cli):
    r = cli("plan", "zoning", "200071363", "--profession", "nurse", "--score", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert "infirmi" in s["indicator"] and "paramètres de simulation" in s["thresholds_source"]
    assert 80 < s["thresholds"]["selection"] < s["thresholds"]["vivier"] < 200
    assert s["score"] is None and any("infirmier" in n for n in s["notes"])


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--ceiling", "reg:99=0.3"], "reg:99=0.3"),
        (["--ceiling", "reg:84=1.5"], "reg:84=1.5"),
        (["--ceiling", "dep:03=0.3"], "dep:03=0.3"),
        (["--zip-ceiling", "-0.1"], "--zip-ceiling"),
        (["--split-above", "-5"], "--split-above"),
        (["--ceilings", "none", "--ceiling", "reg:84=0.2"], "--ceilings"),
    ],
)
def test_zoning_bad_parameters_exit_2_and_write_nothing(cli, tmp_path, flags, named):
    folder = tmp_path / "out"
    folder.mkdir()
    r = cli("plan", "zoning", "dep:03", "--out", str(folder / "zones.csv"), *flags)
    assert r.code == 2 and named in r.err, r.err
    assert list(folder.iterdir()) == []


def test_zoning_grouping_with_unknown_commune_exits_2(cli, tmp_path):
    g = _write(tmp_path / "g.csv", "commune,group\n03310,vichy\n99999,x\n")
    r = cli("plan", "zoning", "dep:03", "--grouping", str(g))
    assert r.code == 2 and "ligne 3" in r.err and "99999" in r.err


def test_project_uses_imported_ages(cli, tmp_path):
    pros = _write(
        tmp_path / "pros.csv",
        "id,profession,commune,lon,lat,name,age,activity,mode\n"
        "P1,gp,03310,,,Dr A,70,4800,liberal\nP2,gp,03310,,,Dr B,68,4800,liberal\n",
    )
    assert cli("data", "import", "professionals-csv", str(pros)).code == 0
    r = cli("plan", "project", "03310", "--draws", "10", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert any("IMPORTÉS" in n for n in s["notes"])
    assert s["place_share_65"] == pytest.approx(1.0)  # both GPs of the place are over 65
    assert s["retirement_exposure"] < 1.0  # what residents reach: official, unchanged
