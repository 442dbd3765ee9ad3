"""What the public pages show, computed in diagnosis/ (issue 21, item 4): one label
vocabulary, the commune class from the one threshold, map indicators and key figures."""

from __future__ import annotations

import pandas as pd
import pytest

from proxisante.access.apl import UNDER_SERVED_APL
from proxisante.access.classify import classify, classify_commune
from proxisante.diagnosis import labels
from proxisante.diagnosis.keyfigures import (
    AreaFigures,
    AreaValues,
    area_values,
    key_figures,
    neighbour_figures,
    references,
    zoning,
)
from proxisante.diagnosis.mapindicators import (
    AreaFeature,
    clean,
    commune_features,
    department_features,
    nurse_apl,
)
from proxisante.diagnosis.scales import CLASSES
from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from tests.travel import national

ARFEUILLES, MOULINS = "03006", "03190"


@pytest.fixture(scope="module")
def terr():  # type: ignore[no-untyped-def]
    return load_territory()


def test_one_vocabulary_same_keys_for_document_and_pages() -> None:
    assert tuple(labels.CLASSES) == CLASSES == tuple(labels.PAGE_CLASSES)
    assert set(labels.PAGE_NATURE) <= set(labels.NATURE)
    assert set(labels.LEVELS) - {"communes"} <= set(labels.PAGE_LEVELS)
    with use_lang("fr"):
        assert labels.class_label("non_classe") == "non classé (données insuffisantes)"
        assert labels.class_label("non_classe", page=True) == "non classé"
        assert labels.class_label("urgence", page=True) == labels.class_label("urgence")
        assert labels.nature_label("official", page=True) == "officiel"
        assert labels.level_label("epci", page=True) == "intercommunalité (EPCI)"
        assert labels.definition("apl_2024_gp") == labels.definition("apl") != ""
        assert labels.definition("apl_2024_nurse") == labels.definition("apl_2024_other")
        assert labels.definition("no_such_figure") == ""


def test_commune_class_takes_the_sous_dense_threshold_of_the_rule() -> None:
    below, at = UNDER_SERVED_APL - 0.01, UNDER_SERVED_APL
    assert classify_commune(below, None).klass == "urgence"
    assert classify_commune(at, at).klass == "proche"
    assert classify_commune(at, at / 0.8).klass == "vigilance"
    assert classify_commune(None, 3.0).klass == "non_classe"
    assert classify_commune(below, 3.0) == classify(below, 3.0, 1.0)


def test_clean_and_nurse_apl() -> None:
    assert clean(None) is None and clean(float("nan")) is None and clean(2.345, 1) == 2.3
    rows = pd.DataFrame({"apl_inf_2023": [100.0, 200.0, None], "pop_std_inf_2023": [1, 3, 5]})
    assert nurse_apl(rows) == 175.0
    assert nurse_apl(pd.DataFrame({"population": [1]})) is None


def test_area_values_weighs_gps_by_population() -> None:
    rows = pd.DataFrame(
        {
            "population": [1000, 3000],
            "gp_liberal": [1.0, 3.0],
            "apl_2023": [2.0, 4.0],
            "apl_2023_le65": [2.0, 4.0],
            "pop_std_2023": [1000.0, 3000.0],
        }
    )
    v = area_values(rows)
    assert isinstance(v, AreaValues) and v.gp_density == pytest.approx(10.0)
    assert v.apl == pytest.approx(3.5) and v.sous_dense == pytest.approx(0.25)


def test_commune_and_department_features(terr) -> None:  # type: ignore[no-untyped-def]
    feats = commune_features(terr, MOULINS, national())
    assert [f.code for f in feats] == [MOULINS]
    f = feats[0]
    assert isinstance(f, AreaFeature) and f.apl is not None and f.minutes_gp is not None
    assert f.klass == classify_commune(f.apl, _region_apl(terr, MOULINS)).klass
    (dep,) = department_features(terr, ["dep:03"])
    assert dep.code == "dep:03" and dep.apl is not None and dep.klass in CLASSES
    assert dep.apl_computed is None and dep.minutes_gp is None


def _region_apl(terr, code: str) -> float | None:  # type: ignore[no-untyped-def]
    from proxisante.diagnosis.mapindicators import region_apl

    return region_apl(terr, terr.communes.at[code, "region"])


def test_key_figures_references_neighbours_and_zoning(terr) -> None:  # type: ignore[no-untyped-def]
    feats = commune_features(terr, ARFEUILLES, national())
    with use_lang("fr"):
        figs = key_figures(terr, ARFEUILLES, "commune", feats, national())
        near = neighbour_figures(terr, ARFEUILLES)
        zones = zoning(terr, ARFEUILLES)
    assert isinstance(figs, AreaFigures) and figs.klass == "urgence"
    keys = [f.key for f in figs.figures]
    assert keys[0] == "population" and "apl" in keys and "apl_computed" in keys
    apl = next(f for f in figs.figures if f.key == "apl")
    assert apl.nature_label == "officiel" and "Région" in apl.reference and apl.definition
    refs = references(terr, ARFEUILLES)
    assert refs is not None and refs.region.apl is not None and refs.france.apl is not None
    assert near and all(n.class_label for n in near)
    assert sum(z.communes for z in zones) <= 1
    # the engine's figures need a map of communes
    coarse = key_figures(terr, ARFEUILLES, "departement", feats, national())
    assert "apl_computed" not in [f.key for f in coarse.figures]
    assert references(terr, "ch:6266") is None


def test_nearby_communes_quickest_first_with_zones_and_valais_supply(terr) -> None:  # type: ignore[no-untyped-def]
    from proxisante.access.reach import Reach
    from proxisante.diagnosis.nearby import nearby_communes

    feats = {f.code: f for f in commune_features(terr, MOULINS, national())}
    reach = Reach(MOULINS, 30.0, {"03321": 9.0, MOULINS: 1.5})
    near = nearby_communes(terr, reach, feats, {MOULINS: "ZAC"})
    assert [n.code for n in near.communes] == [MOULINS, "03321"]
    first, second = near.communes
    assert first.simulated_zone == "ZAC" and second.simulated_zone is None
    assert first.klass == feats[MOULINS].klass and second.klass == "non_classe"
    assert near.country == "FR" and near.supply_fte is None
    assert near.total_gp == sum(n.gp or 0 for n in near.communes)
    sion = Reach("ch:6266", 10.0, {"ch:6266": 2.0})
    valais = nearby_communes(terr, sion, {}, {})
    assert valais.country == "CH" and valais.supply_fte is not None and valais.supply_fte > 0
    assert valais.communes[0].fte is not None and valais.communes[0].simulated_zone is None
