"""The planning engine's messages follow the language: French by default, German and English
from the catalogues (errors of the siting options, problems of a scenario file)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.errors import InputFileError, UserError
from proxisante.i18n import use_lang
from proxisante.planning.scenarios.scenario import parse_scenario
from proxisante.planning.siting.exact import SitingOptions, check_options
from proxisante.planning.siting.instance import make_instance

SCENARIO = """name: test
territory: 200071363
changes:
  - type: gp_leave
    commune: 99999
    gps: 1
"""


@pytest.fixture
def instance():
    return make_instance(["a", "b"], np.ones(2), ["x", "y"], sp.csr_array(np.ones((2, 2))))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "objectif 'nope' inconnu : attendu l'un de mclp"),
        ("de", "Ziel 'nope' unbekannt: erwartet eines von mclp"),
        ("en", "objective 'nope' unknown: expected one of mclp"),
    ],
)
def test_unknown_objective_in_each_language(instance, lang, expected):
    with use_lang(lang), pytest.raises(UserError) as err:
        check_options(instance, SitingOptions("nope", 1))
    assert str(err.value).startswith(expected)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "commune '99999' : commune inconnue ; attendu un code INSEE de commune"),
        ("de", "commune '99999': unbekannte Gemeinde; erwartet ein INSEE-Gemeindecode"),
        ("en", "commune '99999': unknown commune; expected an INSEE commune code"),
    ],
)
def test_unknown_commune_of_a_scenario_in_each_language(lang, expected):
    with use_lang(lang), pytest.raises(InputFileError) as err:
        parse_scenario(SCENARIO, "s.yaml", {"03310"}, lambda code: ["03310"])
    assert expected in str(err.value)
    assert err.value.problems[0].line == 5
