"""The fallback emergency-care proxy (and its BPE 2024 check), imported lists, département
trends, DREES age profile."""

from __future__ import annotations

import pandas as pd
import pytest

from proxisante.territory import load_territory
from proxisante.territory.bundle import load_department_health
from proxisante.territory.emergency import check_against_bpe, emergency_proxy, emergency_sites
from proxisante.territory.trends import department_figures, national_age_profile


def _site(i: int, name: str, kind: str, commune: str, **kw: object) -> dict[str, object]:
    return {"id": f"0{i:08d}", "name": name, "site": None, "city": "", "facility_type": kind,
            "commune": commune, "lon": 3.0, "lat": 46.0, "country": "FR", **kw}  # fmt: skip


CH = "Centre Hospitalier (C.H.)"
CHR = "Centre Hospitalier Régional (C.H.R.)"
CLINIC = "Etablissement de Soins Pluridisciplinaire"


def test_proxy_rules_on_hand_made_sites():
    communes = pd.DataFrame(
        {"population": [30000, 2000, 800000, 25000], "departement": ["dep:03"] * 4},
        index=pd.Index(["03310", "03001", "13055", "03185"]),
    )
    hospitals = pd.DataFrame(
        [
            _site(1, "CH DE VICHY", CH, "03310"),
            _site(2, "CH DE VICHY SITE NORD", CH, "03310"),  # same place: one site
            _site(3, "HOPITAL DE JOUR PSY VICHY", CH, "03185"),  # not acute
            _site(4, "CENTRE DE PEDOPSYCHIATRIE", CH, "03185"),  # not acute
            _site(5, "CH DU VILLAGE", CH, "03001"),  # commune under 5 000 inhabitants
            _site(6, "USLD DU CH", "Etablissement de Soins Longue Durée", "03310"),
            _site(7, "HOPITAL NORD APHM", CHR, "13055"),
            _site(8, "HOPITAL TIMONE APHM", CHR, "13055"),  # Marseille: separate hospitals
            _site(9, "CLINIQUE A", CLINIC, "03310"),
            _site(10, "CLINIQUE B", CLINIC, "03310"),  # at most one clinic per commune
            _site(11, "CLINIQUE C", CLINIC, "03001"),  # clinic in a small commune
        ]
    )
    kept = emergency_proxy(hospitals, communes)
    assert sorted(kept["name"]) == [
        "CH DE VICHY",
        "CLINIQUE A",
        "HOPITAL NORD APHM",
        "HOPITAL TIMONE APHM",
    ]
    assert set(kept["departement"]) == {"dep:03"}


def test_the_fallback_proxy_is_checked_against_bpe_2024():
    terr = load_territory()
    sites = emergency_sites(terr.hospitals, terr.communes, layer=None)  # no list: the fallback
    assert sites.proxy and "approché" in sites.label and sites.origin == "proxy"
    fr = sites.table[sites.table["country"] == "FR"]
    check = check_against_bpe(fr, load_department_health())
    assert check.total_bpe_2024 == 700
    assert 0.75 <= check.total_ratio <= 1.25  # within 25 %
    assert check.spearman > 0.75
    allier = check.per_departement.set_index("dep").loc["03"]
    assert allier["bpe_2024"] == 3 and 3 <= allier["sites"] <= 5


def test_imported_emergency_structures_replace_the_sae_list():
    terr = load_territory()
    own = pd.DataFrame(
        {
            "id": ["u1"],
            "type": ["emergency"],
            "name": ["SU Vichy"],
            "commune": ["03310"],
            "lon": [None],
            "lat": [None],
            "emergency": [True],
        }
    )
    sites = emergency_sites(terr.hospitals, terr.communes, own)
    assert not sites.proxy and len(sites.table) == 1 and sites.origin == "imported"
    assert sites.table.loc[0, "lon"] == pytest.approx(terr.communes.at["03310", "lon"])


def test_gp_trend_and_densities_by_level():
    terr = load_territory()
    allier = department_figures(terr, "dep:03")
    assert allier is not None and (allier.gp_2020, allier.gp_2024) == (290, 269)
    assert allier.gp_change == -21 and allier.gp_change_pct == pytest.approx(-7.24, abs=0.01)
    epci = department_figures(terr, "200071363")  # Vichy Communauté: Allier's figures, labelled
    assert epci is not None and epci.codes == ("dep:03",) and "départemental" in epci.label
    region = department_figures(terr, "reg:84")
    dep = load_department_health().set_index("dep")
    ara = ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
    assert region is not None and region.gp_2024 == int(dep.loc[ara, "gp_2024"].sum())
    assert region.as_dict()["per_10000"]["nurses"] > 0
    assert department_figures(terr, "ch:6266") is None


def test_national_age_profile_of_doctors():
    prof = national_age_profile("doctor", 2020)
    assert sum(prof.shares) == pytest.approx(1.0)
    assert prof.share_from(60) == pytest.approx((37_464 + 33_565) / 227_298)
    assert "DREES" in prof.label and "nationale" in prof.label
    with pytest.raises(ValueError):
        national_age_profile("doctor", 2030)


def test_an_imported_finess_extract_feeds_the_proxy():
    terr = load_territory()
    finess = pd.DataFrame(
        {
            "id": ["030000087", "030000095", "030785000"],
            "legal_id": ["030780100", "030780100", "030000000"],
            "name": ["CH DE VICHY", "CH DE VICHY BATIMENT B", "CENTRE PSYCHOTHERAPIQUE"],
            "commune": ["03310", "03310", "03310"],
            "category_code": ["355", "355", "292"],
            "category": [
                "Centre Hospitalier (C.H.)",
                "Centre Hospitalier (C.H.)",
                "Centre Hospitalier Spécialisé lutte Maladies Mentales",
            ],
            "lon": [3.43, 3.44, 3.42],
            "lat": [46.12, 46.13, 46.12],
        }
    )
    sites = emergency_sites(terr.hospitals, terr.communes, None, finess, layer=None)
    fr = sites.table[sites.table["country"] == "FR"]
    assert sites.proxy and fr["id"].tolist() == ["030000087"]
    assert "FINESS importé" in sites.notes[0]
