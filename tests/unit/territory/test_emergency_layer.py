"""The emergency layer of the bundle (DREES SAE 2025 for France, published facts for Valais), its
check against INSEE BPE 2024, and the rules saying when a site counts (season, opening hours)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from proxisante.territory.bundle import load_department_health, load_emergency_departments
from proxisante.territory.emergency import (
    BadMomentError,
    check_against_bpe,
    department_of,
    emergency_sites,
    open_mask,
    parse_moment,
)


@pytest.fixture(scope="module")
def layer() -> pd.DataFrame:
    table = load_emergency_departments()
    assert table is not None
    return table


def test_the_bundle_lists_sae_2025_and_the_valais_sites(layer):
    fr, ch = layer[layer["country"] == "FR"], layer[layer["country"] == "CH"]
    assert len(fr) == 616 and layer["id"].is_unique
    assert int(fr["general"].sum()) == 600 and int(fr["paediatric"].sum()) == 89
    assert set(ch["id"]) == {"ch-ed-sion", "ch-ed-visp", "ch-ed-martigny", "ch-ed-rennaz"}
    allier = fr[fr["departement"] == "dep:03"].set_index("locality")["passages"]
    assert allier.to_dict() == {"Montluçon": 42687, "Moulins": 39485, "Vichy": 33990}
    # Sites of one city are told apart by their arrondissement.
    paris = fr[fr["commune"] == "75056"]["locality"]
    assert paris.str.startswith("Paris ").all() and paris.nunique() > 1


def test_valais_sites_from_the_published_facts(layer):
    sites = {d.id: d for d in (department_of(r) for r in layer.to_dict(orient="records"))}
    martigny, rennaz = sites["ch-ed-martigny"], sites["ch-ed-rennaz"]
    assert martigny.hours is not None and (martigny.hours.opens, martigny.hours.closes) == (8, 18)
    assert martigny.hours.since == date(2023, 1, 9) and martigny.commune == "ch:6136"
    assert sites["ch-ed-sion"].hours is None and sites["ch-ed-visp"].hours is None
    # Rennaz is in Vaud, outside the bundle: no commune, but a Valais commune to route to.
    assert rennaz.commune is None and rennaz.locality == "Rennaz (VD)"
    route = layer.set_index("id").at["ch-ed-rennaz", "route_commune"]
    assert str(route).startswith("ch:")
    for lang in ("fr", "de", "en"):
        with use_lang(lang):
            for d in sites.values():
                if d.country == "CH":
                    text = d.source_text
                    assert "HRC" in text and not any(w in text for w in ("SAE", "FINESS", "DREES"))


def test_sae_2025_against_bpe_2024_urgences(layer):
    """Acceptance (issue 22): sites per département vs BPE 2024 « Urgences »."""
    check = check_against_bpe(layer[layer["country"] == "FR"], load_department_health())
    print(
        f"\nSAE 2025 vs BPE 2024: Spearman {check.spearman:.3f} over "
        f"{len(check.per_departement)} départements; {check.total_sites} sites vs "
        f"{check.total_bpe_2024} services (ratio {check.total_ratio:.3f})"
    )
    assert check.spearman >= 0.9
    assert abs(check.total_ratio - 1) <= 0.15
    per = check.per_departement.set_index("dep")
    assert per.at["03", "sites"] == per.at["03", "bpe_2024"] == 3


def test_the_layer_is_the_default_and_the_proxy_only_a_fallback():
    terr = load_territory()
    used = emergency_sites(terr.hospitals, terr.communes)
    assert not used.proxy and used.origin == "layer" and len(used.table) == 620
    fallback = emergency_sites(terr.hospitals, terr.communes, layer=None)
    assert fallback.proxy and "repli" in fallback.label
    assert any("SMUR" in n for n in used.notes) and any("SMUR" in n for n in fallback.notes)
    assert any("Valais" in n for n in used.notes_for(["CH"]))
    assert not any("Valais" in n for n in used.notes_for(["FR"]))


SITES = pd.DataFrame(
    {
        "general": [True, False, False, True, False],
        "paediatric": [False, False, True, False, False],
        "seasonal": [False, True, False, True, False],
        "open_from": [None, None, None, 8, None],
        "open_until": [None, None, None, 18, None],
        "hours_since": [None, None, None, "2023-01-09", None],
    }
)  # 0: general; 1: seasonal only; 2: paediatric only; 3: part-time; 4: no authorisation type


@pytest.mark.parametrize(
    ("when", "children", "counts", "round_the_clock"),
    [
        (None, False, [1, 0, 0, 1, 0], [1, 0, 0, 0, 0]),  # no date: seasonal out, 3 by day
        (date(2025, 3, 1), False, [1, 0, 0, 1, 0], [1, 0, 0, 0, 0]),
        (date(2025, 7, 14), False, [1, 1, 0, 1, 0], [1, 1, 0, 0, 0]),  # in season
        (date(2022, 3, 1), False, [1, 0, 0, 1, 0], [1, 0, 0, 1, 0]),  # before the hours began
        (datetime(2025, 3, 1, 10), False, [1, 0, 0, 1, 0], [1, 0, 0, 1, 0]),
        (datetime(2025, 3, 1, 18), False, [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]),  # closes at 18
        (datetime(2025, 8, 31, 7, 59), True, [1, 1, 1, 0, 0], [1, 1, 1, 0, 0]),
    ],
)
def test_when_a_site_counts(when, children, counts, round_the_clock):
    now, always = open_mask(SITES, when, children=children)
    assert now.astype(int).tolist() == counts
    assert always.astype(int).tolist() == round_the_clock
    openness = [
        department_of({**r, "id": "x", "name": "x", "lon": 0.0, "lat": 0.0}).openness(
            when, children=children
        )
        for r in SITES.to_dict(orient="records")
    ]
    assert [o != "closed" for o in openness] == [bool(c) for c in counts]
    assert [o == "day_only" for o in openness] == [
        bool(c and not a) for c, a in zip(counts, round_the_clock, strict=True)
    ]


@pytest.mark.parametrize("text", ["2025-13-01", "demain", "2025-08-01T25:00"])
def test_a_bad_moment_is_a_user_error_naming_it(text):
    with pytest.raises(BadMomentError) as err:
        parse_moment(text)
    assert repr(text) in str(err.value) and "2025-08-01T22:00" in str(err.value)
    assert err.value.exit_code == 2
