"""The workbench API end to end: a scenario's change, saving (audited), comparing, siting,
bad input (400 naming the change), unknown area (404)."""

from __future__ import annotations

import pytest

from tests.integration.workbench.conftest import CHANGES, VICHY_CA, Env

AREA = f"/api/v1/planning/territories/{VICHY_CA}"


def test_run_gives_the_change_per_commune_anchored_on_the_official_apl(env: Env) -> None:
    r = env.call("analyst", "POST", f"{AREA}/run", {"changes": CHANGES[:1]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["label"] == "SIMULATION" and body["territory"] == VICHY_CA
    rows = {c["code"]: c for c in body["communes"]}
    vichy = rows["03310"]
    assert vichy["apl_change"] < 0 and vichy["apl_after"] < vichy["apl_before"]
    assert vichy["apl_before"] == pytest.approx(vichy["apl_official"], abs=1e-9)
    f = body["figures"]
    assert f["apl_anchored_after"] < f["apl_anchored_before"]
    # every commune carries its anchoring method; the demand is said
    methods = {"ratio", "additive", "fragile", "none"}
    assert {c["anchoring"] for c in body["communes"]} <= methods
    assert all(c["anchoring_label"] and c["apl_after"] >= 0 for c in body["communes"])
    assert vichy["anchoring"] == "ratio"
    assert "standardisée DREES" in body["demand"] and "fragile" in body["anchoring"]
    # an MSP in Cusset raises the APL there
    r2 = env.call("analyst", "POST", f"{AREA}/run", {"changes": CHANGES[1:]}).json()
    assert {c["code"]: c for c in r2["communes"]}["03095"]["apl_change"] > 0


def test_saved_scenarios_are_listed_compared_and_audited(env: Env) -> None:
    first = env.reset()
    second = env.call(
        "analyst", "POST", f"{AREA}/scenarios", {"name": "MSP", "changes": CHANGES[1:]}
    ).json()["id"]
    listed = env.call("analyst", "GET", f"{AREA}/scenarios").json()
    assert [s["id"] for s in listed] == [first, second]
    both = env.call("analyst", "GET", f"/api/v1/planning/compare?ids={first},{second}").json()
    assert both[0]["figures"]["apl_anchored_after"] < both[1]["figures"]["apl_anchored_after"]
    assert env.call("coord", "GET", f"{AREA}/scenarios").json() == []  # per user
    assert env.call("analyst", "DELETE", f"/api/v1/planning/scenarios/{first}").status_code == 204
    actions = [a.action for a in env.audit()]
    assert actions == [
        "planning.scenario.save",
        "planning.scenario.save",
        "planning.scenario.delete",
    ]
    assert all("03310" not in a.detail and "area=200071363" in a.detail for a in env.audit())


def test_seasonal_peak_lowers_the_apl_of_the_whole_area(env: Env) -> None:
    change = {"kind": "seasonal_peak", "commune": "03310", "amount": 1.0}
    r = env.call("analyst", "POST", f"{AREA}/run", {"changes": [change]})
    assert r.status_code == 200, r.text
    rows = r.json()["communes"]
    assert all(c["apl_change"] <= 1e-12 for c in rows)
    # Secondary homes exist across the EPCI, not in Vichy alone: many communes move.
    assert sum(c["apl_change"] < 0 for c in rows) > 10


def test_siting_returns_the_chosen_communes_with_coordinates(env: Env) -> None:
    r = env.call("analyst", "POST", f"{AREA}/siting", {"objective": "mclp", "p": 2, "radius": 10})
    assert r.status_code == 200, r.text
    body = r.json()
    opened = [s for s in body["sites"] if not s["locked"]]
    assert len(opened) == 2 and body["gap"] <= 1e-9 and body["label"] == "SIMULATION"
    assert all(3.0 < s["lon"] < 4.2 and 45.8 < s["lat"] < 46.5 for s in opened)


def test_apl_siting_names_the_communes_it_lifts_with_their_anchoring(env: Env) -> None:
    r = env.call("analyst", "POST", f"{AREA}/siting", {"objective": "apl-gain", "p": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    assert next(s["name"] for s in body["sites"] if not s["locked"])
    assert body["communes"] and "standardisée DREES" in body["demand"]
    for c in body["communes"]:
        assert c["name"] and c["name"] != c["code"] and c["apl_after"] > c["apl_before"] >= 0
        assert c["anchoring"] in {"ratio", "additive", "fragile", "none"}
    assert any("APL officielle DREES 2023" in n for n in body["notes"])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "gp_leave", "commune": "99999", "amount": 1}, "99999"),
        ({"kind": "structure_opens", "commune": "03310", "amount": -2}, "-2"),
        ({"kind": "teleport", "commune": "03310", "amount": 1}, "teleport"),
        ({"kind": "seasonal_peak", "commune": "03310", "amount": 1.5}, "1.5"),
    ],
)
def test_bad_change_is_a_400_naming_it_and_nothing_is_saved(env, change, expected) -> None:
    env.reset()
    r = env.call("analyst", "POST", f"{AREA}/scenarios", {"name": "bad", "changes": [change]})
    assert r.status_code == 400 and expected in r.json()["error"]["message"]
    assert "changement 1" in r.json()["error"]["message"]
    assert len(env.call("analyst", "GET", f"{AREA}/scenarios").json()) == 1


def test_unknown_area_is_a_404(env: Env) -> None:
    r = env.call(
        "analyst", "POST", "/api/v1/planning/territories/nowhere/run", {"changes": CHANGES}
    )
    assert r.status_code == 404


def test_messages_follow_the_requested_language(env: Env) -> None:
    bad = {"changes": [{"kind": "gp_leave", "commune": "99999", "amount": 1}]}
    r = env.call("analyst", "POST", f"{AREA}/run?lang=de", bad)
    assert r.status_code == 400 and "Änderung 1" in r.json()["error"]["message"]
    ok = env.call("analyst", "POST", f"{AREA}/run?lang=en", {"changes": CHANGES[:1]}).json()
    assert {c["class_after"] for c in ok["communes"]} <= {"under-served (< 2.5)", "2.5 to 4", "≥ 4"}


def test_advanced_consultation_moves_supply_and_ipa_time_adds_some(env: Env) -> None:
    moved = {
        "changes": [
            {"kind": "advanced_consultation", "commune": "03165", "origin": "03310", "amount": 4}
        ]
    }
    rows = {
        c["code"]: c for c in env.call("analyst", "POST", f"{AREA}/run", moved).json()["communes"]
    }
    assert rows["03310"]["apl_change"] < 0 < rows["03165"]["apl_change"]
    ipa = {"changes": [{"kind": "ipa_time", "commune": "03095", "amount": 1, "ratio": 0.5}]}
    r = env.call("analyst", "POST", f"{AREA}/run", ipa).json()
    assert {c["code"]: c for c in r["communes"]}["03095"]["apl_change"] > 0
    bad = {"changes": [{"kind": "ipa_time", "commune": "03095", "amount": 1, "ratio": 3}]}
    assert env.call("analyst", "POST", f"{AREA}/run", bad).status_code == 400


def test_the_workbench_and_plan_scenario_give_the_same_area_figures(env: Env) -> None:
    """One function (``whatif.area_result``) gives the area's figures to both shells."""
    from pathlib import Path

    from proxisante.cli._plan_scenario import Loaded, scenario_report
    from proxisante.planning.scenarios.baseline import build_baseline
    from proxisante.planning.scenarios.whatif import run_scenario
    from proxisante.planning.scenarios.workbench import ChangeInput, to_scenario
    from proxisante.territory import load_territory

    web = env.call("analyst", "POST", f"{AREA}/run", {"changes": CHANGES})
    assert web.status_code == 200, web.text
    terr = load_territory()
    known = set(terr.communes.index[terr.communes["country"] == "FR"])
    scenario = to_scenario(VICHY_CA, [ChangeInput(**c) for c in CHANGES], known)  # type: ignore[arg-type]
    baseline = build_baseline(terr, env.app.state.settings.home, env.app.state.provider, [scenario])
    outcome = run_scenario(baseline, scenario)
    cli = scenario_report(terr, baseline, Loaded(Path("atelier.yaml"), scenario), outcome)
    assert cli["summary"]["figures"] == web.json()["figures"]
    assert [c["code"] for c in cli["summary"]["communes"]] == [
        c["code"] for c in web.json()["communes"]
    ]
    figures = cli["summary"]["figures"]
    assert figures["apl_anchored_after"] != figures["apl_anchored_before"]  # the changes bite
