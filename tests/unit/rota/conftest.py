"""Fixtures of the rota unit tests: the small fixture problem, its solved rota, the checker."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from proxisante.rota import Rota, RotaProblem, parse_rota_yaml, solve_rota

FIXTURES = Path(__file__).parents[2] / "fixtures" / "rota"


def load_independent_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "rota_independent_checker", FIXTURES / "independent_checker.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def small_text() -> str:
    return (FIXTURES / "small.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def small_spec(small_text: str) -> dict[str, Any]:
    return yaml.safe_load(small_text)


@pytest.fixture(scope="session")
def small_problem(small_text: str) -> RotaProblem:
    return parse_rota_yaml(small_text, source="small.yaml")


@pytest.fixture(scope="session")
def small_rota(small_problem: RotaProblem) -> Rota:
    return solve_rota(small_problem, time_limit_s=2, num_workers=2)


@pytest.fixture(scope="session")
def independent_checker() -> ModuleType:
    return load_independent_checker()
