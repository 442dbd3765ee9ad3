"""``proxisante territory show|search`` and ``proxisante data info`` end to end."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_show_vichy_communaute(cli):
    r = cli("territory", "show", "200071363", "--json")
    assert r.code == 0, r.err
    d = r.json()
    assert d["name"] == "CA Vichy Communauté"
    assert d["level"] == "epci"
    assert d["communes"] == 39
    assert d["population"] == 83_990
    assert d["gp_liberal"] == 81
    assert 3.0 < d["apl_2023"] < 4.0
    assert [p["code"] for p in d["parents"]] == ["dep:03", "reg:84", "fr"]
    assert d["point"]["commune"] == "03310"  # its most populous commune: Vichy


def test_show_allier(cli):
    d = cli("territory", "show", "dep:03", "--json").json()
    assert (d["communes"], d["population"], d["population_vintage"]) == (317, 333_298, 2023)


def test_show_a_commune_gives_its_official_apl(cli):
    d = cli("territory", "show", "03310", "--json").json()
    assert d["apl_2023"] == 3.521  # DREES APL 2023 of Vichy
    assert d["communes"] == 1


def test_show_valais_district_and_region(cli):
    d = cli("territory", "show", "ch-district:2312", "--json").json()
    assert d["name"] == "Sion" and d["country"] == "CH" and d["communes"] == 5
    assert d["gp_liberal"] is None  # no open GP count for Switzerland at hand
    assert cli("territory", "show", "ch-region:haut-valais", "--json").json()["communes"] > 0
    assert cli("territory", "show", "ch:6266", "--json").json()["population"] == 34_710


def test_show_text_output_is_french(cli):
    r = cli("territory", "show", "03310")
    assert r.code == 0
    assert "Vichy (03310) — commune" in r.out
    assert "APL 2023 (DREES)" in r.out


def test_unknown_code_exits_2_with_suggestions(cli):
    r = cli("territory", "show", "200071364")
    assert r.code == 2
    assert "Code de territoire inconnu : '200071364'" in r.err
    assert "200071363 (CA Vichy Communauté)" in r.err
    assert "Traceback" not in r.err


def test_search_is_accent_and_case_insensitive(cli):
    hits = cli("territory", "search", "SAINT-POURCAIN", "--json").json()
    assert hits[0]["name"] == "Saint-Pourçain-sur-Sioule"
    assert cli("territory", "search", "herens", "--json").json()[0]["name"] == "Hérens"


def test_empty_search_is_a_user_error(cli):
    assert cli("territory", "search", "  ").code == 2


def test_data_info(cli):
    d = cli("data", "info", "--json").json()
    fr, vs = d["france"], d["valais"]
    assert fr["communes"] >= 34_800
    assert fr["communes_with_point"] >= 34_800
    assert fr["communes_with_population"] == fr["communes"]
    assert fr["epci"] == 1255
    assert (vs["communes"], vs["districts"]) == (122, 13)
    publishers = " ".join(d["publishers"])
    for name in ("INSEE", "DREES", "ANCT", "FINESS", "OFS/BFS", "swisstopo", "IGN"):
        assert name in publishers
    assert d["vintages"]["apl"].startswith("APL 2022")
    assert d["imported"] == {}


def test_usage_error_exits_2(cli):
    assert cli("territory").code == 2
    assert cli("data", "import", "nonsense", "x").code == 2


def test_entry_point_runs_as_a_module():
    r = subprocess.run(
        [sys.executable, "-m", "proxisante", "territory", "show", "dep:03", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert '"population": 333298' in r.stdout


def test_show_gives_the_departement_gp_trend_and_densities(cli):
    r = cli("territory", "show", "200071363", "--json")
    assert r.code == 0, r.err
    dep = r.json()["departement_figures"]
    assert dep["level"] == "departement" and dep["codes"] == ["dep:03"]
    assert (dep["gp_2020"], dep["gp_2024"], dep["gp_change"]) == (290, 269, -21)
    assert set(dep["per_10000"]) == {"gp", "nurses", "pharmacies", "dentists"}
    text = cli("territory", "show", "dep:03")
    assert "290 (2020) → 269 (2024)" in text.out
    assert "niveau départemental : Allier" in text.out and "-21 (-7,2\xa0%)" in text.out


def test_show_in_german_writes_the_trend_the_swiss_way(cli):
    r = cli("territory", "show", "200071363", environ={"PROXISANTE_LANG": "de"})
    assert r.code == 0, r.err
    assert "83’990" in r.out and "Ebene Département: Allier" in r.out
    assert "selbstständige Hausärzte: 290 (2020) → 269 (2024), -21 (-7.2%)" in r.out
    assert "Pflegefachpersonen 18.7" in r.out and "pour 10 000" not in r.out


def test_show_gives_nurse_apl_professions_2024_and_seasons(cli):
    r = cli("territory", "show", "03310", "--json")
    assert r.code == 0, r.err
    s = r.json()
    assert s["apl_nurse_2023"] == pytest.approx(143.3, abs=0.05)  # SOURCES §15, Vichy
    prof = s["professions_2024"]
    assert prof["level"] == "departement" and prof["code"] == "dep:03"
    assert "départementale" in prof["nature"]
    values = prof["values"]
    assert set(values) == {"gp", "nurse", "physio", "midwife", "dentist"}
    assert (values["physio"]["apl_2024"], values["dentist"]["apl_2024"]) == (96.4, 46.1)
    assert values["midwife"]["france_2024"] == 22.2
    seasonal = s["seasonal"]
    assert seasonal["nature"] == "estimation" and "hypothèse" in seasonal["parameters"]
    assert 0 < seasonal["share_secondary_homes"] < 0.2
    text = cli("territory", "show", "03310").out
    assert "moyennes du département Allier" in text and "APL infirmières" in text


def test_region_has_no_professions_2024_but_its_nurse_apl(cli):
    s = cli("territory", "show", "reg:84", "--json").json()
    assert s["professions_2024"] is None and s["apl_nurse_2023"] > 0


def test_valais_district_in_german_has_its_estimated_supply_and_emergency_time(cli):
    from tests.valais_text import french_words_in

    r = cli("territory", "show", "ch-district:2312", "--lang", "de")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "Sion (ch-district:2312) — Bezirk (Wallis)"
    assert "Mittelwallis › Wallis › Schweiz" in lines[1]  # the reader's language
    supply = next(i for i, line in enumerate(lines) if "Grundversorger" in line)
    assert "≈ 41 VZÄ (0.85 pro 1000 Einw.)" in lines[supply]  # OVS 2018: 0.85 × 47,925
    assert lines[supply + 1].strip().startswith("Schätzung — OVS, Erhebung 2018")
    assert "durchschnittlich 8 Min. bis zur nächsten Notfallstation" in r.out
    for name in ("INSEE", "DREES", "FINESS", "BPE", "APL 2023"):
        assert name not in r.out
    assert french_words_in(r.out) == []
    d = cli("territory", "show", "ch-district:2312", "--json").json()
    assert d["valais"]["primary_care"]["nature"] == "estimate"
    assert d["valais"]["primary_care"]["fte_per_1000"] == 0.85
    assert d["valais"]["emergency"]["minutes_mean"] == 8


def test_show_takes_a_name_that_names_one_territory_only(cli):
    assert cli("territory", "show", "Sierre", "--json").code == 2  # commune and district
    d = cli("territory", "show", "Siders", "--json")
    assert d.code == 2 and "ch:6248" in d.err and "ch-district:2311" in d.err
    assert cli("territory", "show", "Viège", "--json").code == 2  # Visp: commune and district
    assert cli("territory", "show", "Brigue-Glis", "--json").json()["code"] == "ch:6002"
    amb = cli("territory", "show", "Saint Maurice")
    assert amb.code == 2 and "Traceback" not in amb.err
    assert "ch:6217 (Saint-Maurice, commune, Suisse)" in amb.err
    assert "58257 (Saint-Maurice, commune, France)" in amb.err


def test_search_lists_postcodes_names_in_other_languages_and_countries(cli):
    r = cli("territory", "search", "03200", "--lang", "de")
    assert r.code == 0
    first, *_rest, last = r.out.splitlines()
    assert first.startswith("03310") and "Vichy (Gemeinde) — Allier, Frankreich" in first
    assert "[Postleitzahl 03200]" in first and "[INSEE-Code 03200]" in last
    hits = cli("territory", "search", "Sitten", "--json").json()
    assert {h["code"] for h in hits} == {"ch:6266", "ch-district:2312"}
    assert all(h["country"] == "CH" and h["match"] == "exonym" for h in hits)
