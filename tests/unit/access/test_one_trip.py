"""One trip, one figure: the registry, the slot search, the diagnosis, the public "où consulter"
answer and the planning workbench give the same minutes for the same two communes with the same
travel-time provider (issue 10, item 2; issue 21, item 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from proxisante.access.places import nearest
from proxisante.access.port import TravelTimeProvider, trip_minutes
from proxisante.access.providers import CommuneTravel
from proxisante.diagnosis.indicators import compute
from proxisante.planning.scenarios.workbench import PlanningEngine
from proxisante.planning.siting.territory import TerritorySiting, territory_instance
from proxisante.registry.travel import CommunePoints
from proxisante.registry.travel_provider import from_provider
from proxisante.slots.model import Slot, SlotType
from proxisante.slots.search import find_nearest_free_slots
from proxisante.territory import load_territory
from tests.travel import national

MOULINS, VICHY = "03190", "03310"


def registry_minutes(provider: TravelTimeProvider) -> float:
    terr = load_territory().communes
    points = CommunePoints.from_mapping(
        {c: (terr.at[c, "lon"], terr.at[c, "lat"]) for c in (MOULINS, VICHY)}
    )
    matrix, _ = from_provider(provider)(points, 120.0)
    assert matrix is not None
    return float(matrix[0, 1])


def slot_minutes(provider: TravelTimeProvider) -> float:
    t0 = datetime(2027, 5, 3, 8, tzinfo=UTC)
    slot = Slot(
        "s",
        "sch",
        VICHY,
        t0 + timedelta(hours=1),
        t0 + timedelta(hours=1.25),
        SlotType.CONSULTATION,
    )
    found = find_nearest_free_slots([slot], from_commune=MOULINS, now=t0, provider=provider)
    return found[0].travel_min  # rounded to 0.1 by the slot search


def diagnosis_minutes(provider: TravelTimeProvider) -> float:
    context = load_territory().communes.loc[[MOULINS, VICHY]].copy()
    context["gp_liberal"] = np.nan  # only the hospital branch runs
    site = pd.DataFrame(
        {
            "lon": [context.at[VICHY, "lon"]],
            "lat": [context.at[VICHY, "lat"]],
            "commune": [VICHY],
        }
    )
    ind = compute(context, site, provider)
    return float(ind.table.at[MOULINS, "minutes_hospital"])


def consult_minutes(provider: TravelTimeProvider) -> float | None:
    """The public "où consulter" answer: a maison de garde in Vichy, from Moulins (its minutes
    are shown rounded to the minute)."""
    terr = load_territory()
    site = pd.DataFrame(
        {
            "name": ["MMG Vichy"],
            "lon": [terr.communes.at[VICHY, "lon"]],
            "lat": [terr.communes.at[VICHY, "lat"]],
            "commune": [VICHY],
        }
    )
    place = nearest(terr, MOULINS, site, False, provider)
    assert place is not None and place.commune == VICHY
    return place.minutes


def workbench_minutes(provider: TravelTimeProvider, home: Path) -> float:
    """The planning workbench's siting instance of the Allier (Moulins → a site in Vichy)."""
    engine = PlanningEngine(home, load_territory, provider)
    prepared = territory_instance(
        TerritorySiting("dep:03", "p-median", 120.0), engine.home, engine.travel
    )
    inst = prepared.instance
    row = inst.demand_ids.index(MOULINS)
    col = inst.candidate_ids.index(VICHY)
    return float(inst.minutes[[row]][:, [col]].toarray()[0, 0])


@pytest.mark.parametrize("spec", ["estimate", "v2"])
def test_registry_slots_and_diagnosis_agree(spec: str) -> None:
    provider = national(spec)
    expected = trip_minutes(provider, MOULINS, VICHY)
    assert expected is not None and 20 < expected < 120
    assert registry_minutes(provider) == pytest.approx(expected, abs=1e-9)
    assert slot_minutes(provider) == round(expected, 1)
    assert diagnosis_minutes(provider) == pytest.approx(expected, abs=1e-9)


def test_public_answer_and_workbench_agree_with_the_registry(tmp_path: Path) -> None:
    provider = national()
    expected = trip_minutes(provider, MOULINS, VICHY)
    assert expected is not None
    assert registry_minutes(provider) == pytest.approx(expected, abs=1e-9)
    assert consult_minutes(provider) == round(expected)
    assert workbench_minutes(provider, tmp_path) == pytest.approx(expected, abs=1e-9)


def test_another_provider_changes_all_three_together() -> None:
    table = load_territory().communes.loc[[MOULINS, VICHY]]
    fast = CommuneTravel.from_table(table)  # densities of these two communes only
    base = trip_minutes(national(), MOULINS, VICHY)
    other = trip_minutes(fast, MOULINS, VICHY)
    assert other is not None and base is not None and other != base
    assert registry_minutes(fast) == pytest.approx(other, abs=1e-9)
    assert diagnosis_minutes(fast) == pytest.approx(other, abs=1e-9)
    assert consult_minutes(fast) == round(other)


def test_a_commune_to_itself_takes_its_intra_commune_time() -> None:
    provider = national()
    own = trip_minutes(provider, VICHY, VICHY)
    assert own == pytest.approx(float(provider.intra_minutes([VICHY])[0]))
    assert trip_minutes(provider, VICHY, "99999") is None
