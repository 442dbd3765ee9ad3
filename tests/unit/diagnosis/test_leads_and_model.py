"""Leads, texts and the JSON of the typed model, on hand-made values (no territory needed)."""

from __future__ import annotations

import json

import pytest

from proxisante.diagnosis.basis import figure
from proxisante.diagnosis.leads import draw_leads
from proxisante.diagnosis.model import (
    AreaDisplay,
    AreaValues,
    Classification,
    CommuneDisplay,
    CommuneRow,
    CommuneValues,
    ComparisonRow,
    Parameters,
    Source,
    frozen_map,
    to_jsonable,
)
from proxisante.diagnosis.texts import texts
from proxisante.i18n import use_lang

PARAMS = Parameters(2.5, 20.0, 30.0, 60, "estimate")


def _commune(name, pop, apl, minutes):
    v = CommuneValues(pop, 1, apl, None, minutes, 10.0)
    d = CommuneDisplay(str(pop), "1", str(apl), "n.d.", str(minutes), "10")
    return CommuneRow(code=name.lower(), name=name, values=v, display=d)


def _figures(apl22=3.0, apl23=2.8, density=6.0, share_far=0.0, old=None):
    return {
        "apl_2022": figure("APL 2022", apl22, "apl", "DREES"),
        "apl_2023": figure("APL 2023", apl23, "apl", "DREES"),
        "gp_per_10k": figure("GP", density, "per10k", "BPE"),
        "share_beyond_30_hospital": figure("far", share_far, "percent", "x", "proxy"),
        "gp_60_plus": figure("old", old, "count", "x"),
        "gp_60_plus_share": figure("old share", None if old is None else 0.5, "percent", "x"),
    }


def _dep(density):
    values = AreaValues(1000, 10, density, 3.0, 0.1)
    display = AreaDisplay("1 000", "10", f"{density:.1f}".replace(".", ","), "3,00", "10 %")
    return ComparisonRow("dep:03", "Allier", "reference", values, display)


def test_leads_name_far_and_sous_dense_communes():
    communes = [_commune("Ariège", 120, 2.1, 25.0), _commune("Bourg", 3000, 3.9, 5.0)]
    leads = draw_leads(_figures(), PARAMS, communes, [_dep(8.0)])
    assert leads[0].startswith("1 commune, 120 habitants, est à plus de 20\xa0min")
    assert leads[0].endswith(": Ariège.")
    assert leads[1] == ("1 commune, 120 habitants, a une APL 2023 inférieure à 2,50 (sous-dense).")
    assert leads[2].startswith("L'APL baisse de 3,00 (2022) à 2,80 (2023)")
    assert "inférieure à la référence (Allier : 8,0)" in leads[3]  # no « celle de Allier »
    assert leads[-1].startswith("L'âge des médecins n'est pas publié")
    assert not any("(s)" in lead or "importer" in lead for lead in leads)


def test_no_lead_when_nothing_is_wrong():
    communes = [_commune("Bourg", 3000, 3.9, 5.0)]
    leads = draw_leads(_figures(apl22=3.0, apl23=3.5, density=9.0, old=0), PARAMS, communes, [])
    assert len(leads) == 1 and "0 généraliste a 60 ans ou plus" in leads[0]


def test_leads_in_german_and_english():
    communes = [_commune("Ariège", 1200, 2.1, 25.0)]
    with use_lang("de"):
        de = draw_leads(_figures(share_far=0.25), PARAMS, communes, [])
    assert de[0].startswith("1 Gemeinde mit 1’200 Einwohnern liegt")
    assert any(x.startswith("25.0% der Bevölkerung") for x in de)
    with use_lang("en"):
        en = draw_leads(_figures(share_far=0.25), PARAMS, communes, [])
    assert en[0].startswith("1 commune, 1,200 inhabitants, is more than 20\xa0min")


def test_unknown_doctor_age_is_dropped_beside_a_computed_retirement_exposure():
    communes = [_commune("Bourg", 3000, 3.9, 5.0)]
    figures = _figures(apl22=3.0, apl23=3.5, density=9.0)
    before = draw_leads(figures, PARAMS, communes, [])
    assert any(x.startswith("L'âge des médecins n'est pas publié") for x in before)
    figures["retirement_exposure"] = figure("exposure", 0.182, "percent", "DREES", "computed")
    leads = draw_leads(figures, PARAMS, communes, [])
    assert not any("n'est pas publié" in x for x in leads)
    assert any(x.startswith("18,2\xa0% de l'accès aux généralistes") for x in leads)


def test_apl_reading_says_which_apl_to_trust_for_what():
    both = {
        "apl_2023": figure("APL 2023", 3.47, "apl", "DREES"),
        "apl_computed": figure("APL calculée", 4.65, "apl", "ProxiSanté", "estimate"),
    }
    text = texts("X", both).apl_reading
    assert "officielle de la DREES (3,47) est la référence" in text
    assert "(4,65)" in text and "scénarios" in text and "ancrage" in text
    only = {"apl_2023": figure("APL 2023", None, "apl", "-"), "apl_computed": both["apl_computed"]}
    assert "Pas d'APL officielle" in texts("X", only).apl_reading
    assert texts("X", {}).apl_reading == ""
    with use_lang("de"):
        de = {
            "apl_2023": figure("APL 2023", 3.47, "apl", "DREES"),
            "apl_computed": figure("APL", 4.65, "apl", "ProxiSanté", "estimate"),
        }
        assert "Der amtliche APL der DREES (3.47) ist die Referenz" in texts("X", de).apl_reading


def test_needs_text_follows_the_index():
    more = {"need_index": figure("i", 1.1, "ratio", "DREES")}
    less = {"need_index": figure("i", 0.9, "ratio", "DREES")}
    assert "appelle plus de consultations" in texts("X", more).needs
    assert "appelle moins de consultations" in texts("X", less).needs
    assert "structure par âge n'est pas connue" in texts("X", {}).needs
    assert "import" not in texts("X", {}).needs  # no operator instruction in public text
    with use_lang("de"):
        more_de = {"need_index": figure("i", 1.1, "ratio", "DREES")}
        assert texts("X", more_de).needs.startswith("Bedarfsindex 1.10: Die Altersstruktur")


def test_json_names_and_omissions():
    klass = Classification(
        klass="urgence", label="urgence", reasons=("a",), rule="r", explanation="e", verdict="v"
    )
    expected = {
        "class": "urgence",
        "label": "urgence",
        "reasons": ["a"],
        "rule": "r",
        "explanation": "e",
        "verdict": "v",
    }
    assert to_jsonable(klass) == expected
    src = Source(id="s", content="c", publisher="p", vintage="v", licence="l")
    assert "note" not in to_jsonable(src) and "packaged_by" not in to_jsonable(src)
    entry = {"id": "s", "content": "c", "publisher": "p", "vintage": "v", "licence": "l"}
    entry["note"] = "n"
    assert to_jsonable(Source.from_provenance(entry)) == entry
    fig = figure("Population", 83990, "count", "INSEE")
    assert json.loads(json.dumps(to_jsonable(fig)))["display"] == "83\xa0990"


def test_mappings_of_the_model_are_read_only():
    m = frozen_map({"a": 1})
    with pytest.raises(TypeError):
        m["b"] = 2  # type: ignore[index]
