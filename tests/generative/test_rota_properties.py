"""Property tests of the rota solver on random small instances (Hypothesis).

Every rota the solver returns passes the independent checker of ``tests/fixtures/rota``; when
it refuses, the refusal is a user error that names a sector. A few examples run by default;
``-m slow`` runs more.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxisante.rota import parse_rota_yaml, solve_rota
from proxisante.rota._errors import InfeasibleRotaError
from proxisante.rota.baseline import greedy_sector
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.export import rota_csv

CHECKER = Path(__file__).parents[1] / "fixtures" / "rota" / "independent_checker.py"
ALL_DAYS = ["weekday", "saturday", "sunday", "holiday", "bridge"]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rota_independent_checker", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    country = draw(st.sampled_from(["FR", "CH"]))
    start = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 360)))
    end = start + timedelta(days=draw(st.integers(0, 9)))
    n_sectors = draw(st.integers(1, 2))
    sectors = [
        {"code": f"S{i}", "name": f"Secteur {i}", "communes": [f"0{3001 + i}"]}
        for i in range(n_sectors)
    ]
    shift_types = [
        {
            "code": "nuit",
            "label": "Nuit",
            "start": "20:00",
            "end": "08:00",
            "weight": 2,
            "night": True,
            "days": ALL_DAYS,
        },
        {
            "code": "jour",
            "label": "Jour",
            "start": "08:00",
            "end": "20:00",
            "weight": draw(st.sampled_from([1, 1.5])),
            "days": draw(
                st.lists(st.sampled_from(ALL_DAYS[1:]), min_size=1, max_size=4, unique=True)
            ),
        },
    ]
    doctors = []
    for i in range(draw(st.integers(n_sectors, 7))):
        d: dict[str, Any] = {
            "id": f"D{i}",
            "name": f"Dr Fictif {i}",
            "sector": sectors[i % n_sectors]["code"],
        }
        if draw(st.booleans()):
            d["max_shifts"] = draw(st.integers(0, 8))
        if draw(st.integers(0, 4)) == 0:
            d["exempt_from"] = ["nuit"]
        if draw(st.integers(0, 6)) == 0:
            d["exempt"] = True
        if draw(st.integers(0, 3)) == 0:
            a = start + timedelta(days=draw(st.integers(0, 9)))
            d["unavailable"] = [{"start": a, "end": a + timedelta(days=draw(st.integers(0, 3)))}]
        if draw(st.integers(0, 4)) == 0:
            d["volunteer"] = True
        if draw(st.integers(0, 4)) == 0:
            d["share"] = 0.5
        if draw(st.booleans()):
            d["previous"] = {"load": draw(st.integers(0, 6)), "weekends": draw(st.integers(0, 3))}
        doctors.append(d)
    return {
        "period": {"start": start, "end": end},
        "country": country,
        "bridge_days": draw(st.booleans()),
        "rules": {
            "min_gap_hours": draw(st.sampled_from([0, 8, 12])),
            "rest_after_night_hours": draw(st.sampled_from([0, 12, 24, 36])),
        },
        "shift_types": shift_types,
        "sectors": sectors,
        "doctors": doctors,
    }


def _property(spec: dict[str, Any]) -> None:
    problem = parse_rota_yaml(yaml.safe_dump(spec, allow_unicode=True))
    try:
        rota = solve_rota(problem, time_limit_s=1.0, num_workers=1)
    except InfeasibleRotaError as exc:
        assert exc.reasons and all(r.startswith("secteur S") for r in exc.reasons)
        # sound refusal: the greedy baseline cannot find a rota either
        shifts = generate_shifts(problem)
        assert any(
            greedy_sector(
                problem.doctors_of(s.code), [x for x in shifts if x.sector == s.code], problem.rules
            )
            is None
            for s in problem.sectors
        )
        return
    rows = list(csv.DictReader(io.StringIO(rota_csv(problem, rota))))
    assert _checker().check(spec, rows) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_output_passes_independent_checker(spec: dict[str, Any]) -> None:
    _property(spec)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_output_passes_independent_checker_many(spec: dict[str, Any]) -> None:
    _property(spec)
