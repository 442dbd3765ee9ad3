"""One trip, one figure: the registry, the slot search and the diagnosis give the same minutes
for the same two communes with the same travel-time provider (issue 10, item 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from proxisante.access.port import CommuneTravel, TravelTimeProvider, bundle_provider, trip_minutes
from proxisante.diagnosis.indicators import compute
from proxisante.registry.travel import CommunePoints
from proxisante.registry.travel_provider import from_provider
from proxisante.slots.model import Slot, SlotType
from proxisante.slots.search import find_nearest_free_slots
from proxisante.slots.travel import provider_travel_time
from proxisante.territory import load_territory

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
    found = find_nearest_free_slots(
        [slot], from_commune=MOULINS, now=t0, travel_time=provider_travel_time(provider)
    )
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


@pytest.mark.parametrize("spec", ["estimate", "v2"])
def test_registry_slots_and_diagnosis_agree(spec: str) -> None:
    provider = bundle_provider(spec)
    expected = trip_minutes(provider, MOULINS, VICHY)
    assert expected is not None and 20 < expected < 120
    assert registry_minutes(provider) == pytest.approx(expected, abs=1e-9)
    assert slot_minutes(provider) == round(expected, 1)
    assert diagnosis_minutes(provider) == pytest.approx(expected, abs=1e-9)


def test_another_provider_changes_all_three_together() -> None:
    table = load_territory().communes.loc[[MOULINS, VICHY]]
    fast = CommuneTravel.from_table(table)  # densities of these two communes only
    base = trip_minutes(bundle_provider(), MOULINS, VICHY)
    other = trip_minutes(fast, MOULINS, VICHY)
    assert other is not None and base is not None and other != base
    assert registry_minutes(fast) == pytest.approx(other, abs=1e-9)
    assert diagnosis_minutes(fast) == pytest.approx(other, abs=1e-9)


def test_a_commune_to_itself_takes_its_intra_commune_time() -> None:
    provider = bundle_provider()
    own = trip_minutes(provider, VICHY, VICHY)
    assert own == pytest.approx(float(provider.intra_minutes([VICHY])[0]))
    assert trip_minutes(provider, VICHY, "99999") is None
