"""``proxisante plan sectors`` end to end: a proposal, the comparison with a rota file, the
rota file written for ``rota solve``, and refusals that write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROTA = Path(__file__).resolve().parents[2] / "examples" / "rota-allier.yaml"
VICHY = "200071363"


def test_a_proposal_on_an_epci_is_contiguous_within_limits_and_proven(cli):
    r = cli("plan", "sectors", "--territory", VICHY, "--min-doctors", "4", "--json")
    assert r.code == 0, r.err
    s = r.json()
    p = s["proposed"]
    assert p["method"].startswith("optimisation exacte") and p["optimal"] and p["gap"] == 0
    assert p["all_contiguous"] and p["max_minutes"] <= 30 and p["min_doctors"] >= 4
    communes = [c for sector in p["sectors"] for c in sector["communes"]]
    assert len(communes) == len(set(communes)) == p["n_communes"]
    assert s["nature"]["proposed"] == "simulation" and s["travel_times_estimated"]
    # A sector's shifts per doctor are its yearly load over its doctors.
    for sector in p["sectors"]:
        assert sector["shifts_per_doctor"] == pytest.approx(
            s["load_per_sector"]["shifts"] / sector["doctors"]
        )


@pytest.mark.slow
def test_allier_proposal_is_compared_with_the_example_and_feeds_rota_solve(cli, tmp_path):
    out = tmp_path / "rota-proposee.yaml"
    r = cli(
        "plan", "sectors", "--territory", "dep:03", "--sectors", str(ROTA), "--out", str(out),
        "--min-doctors", "4", "--json",
    )  # fmt: skip
    assert r.code == 0, r.err
    s = r.json()
    given, proposed = s["given"], s["proposed"]
    assert given["n_sectors"] == 4 and given["n_communes"] == 17
    # The example's Lapalisse sector is four scattered towns: not in one piece, 45 min across.
    lap = next(x for x in given["sectors"] if x["code"] == "LAP")
    assert not lap["contiguous"] and lap["max_minutes"] > 30
    assert proposed["n_communes"] == 317 and proposed["all_contiguous"]
    assert proposed["max_minutes"] <= 30 and proposed["gap"] <= 0.25
    assert proposed["lower_bound_sectors"] <= proposed["n_sectors"]
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    codes = {x["code"] for x in written["sectors"]}
    assert {d["sector"] for d in written["doctors"]} <= codes
    solved = cli("rota", "solve", str(out), "--out", str(tmp_path / "rota"), "--time-limit", "20")
    assert solved.code == 0, solved.err
    assert (tmp_path / "rota" / "rota.csv").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--territory", "dep:99"), "dep:99"),
        (("--territory", VICHY, "--max-minutes", "1"), "augmenter --max-minutes"),
        (("--territory", VICHY, "--min-doctors", "5000"), "--min-doctors"),
        (("--territory", VICHY, "--max-minutes", "-5"), "--max-minutes"),
        (("--territory", VICHY, "--max-minutes", "nan"), "--max-minutes"),
        (("--territory", VICHY, "--min-doctors", "80"), "limites impossibles"),
        ((), "--territory"),
    ],
)
def test_impossible_or_malformed_limits_exit_2_naming_them_and_write_nothing(
    cli, tmp_path, args, expected
):
    out = tmp_path / "secteurs.yaml"
    r = cli("plan", "sectors", *args, "--out", str(out))
    assert r.code == 2, (r.code, r.err)
    assert expected in r.err and "Traceback" not in r.err
    assert not out.exists()


def test_a_broken_rota_file_is_refused_with_its_line(cli, tmp_path):
    bad = tmp_path / "rota.yaml"
    bad.write_text(
        ROTA.read_text(encoding="utf-8").replace("start: 2027-03-01", "start: 2027-13-01")
    )
    r = cli("plan", "sectors", "--sectors", str(bad))
    assert r.code == 2 and "ligne 13" in r.err and "2027-13-01" in r.err
