"""Places near a commune and communes within some minutes (issue 21, item 4: computed in
access/, minutes from the one travel-time provider, distances from the one great-circle
formula)."""

from __future__ import annotations

import pandas as pd
import pytest

from proxisante.access.places import Place, nearest, nearest_emergency, nearest_on_call_centre
from proxisante.access.port import trip_minutes
from proxisante.access.reach import Reach, within
from proxisante.access.travel.geodesy import great_circle_km
from proxisante.territory import load_territory
from tests.travel import national

MOULINS, YZEURE, VICHY, SION = "03190", "03321", "03310", "ch:6266"


@pytest.fixture(scope="module")
def terr():  # type: ignore[no-untyped-def]
    return load_territory()


def test_within_gives_the_providers_minutes_and_the_origin_at_zero(terr) -> None:  # type: ignore[no-untyped-def]
    provider = national()
    reach = within(terr, MOULINS, 30, provider)
    assert isinstance(reach, Reach) and reach.origin == MOULINS and reach.limit == 30.0
    assert MOULINS in reach and reach.minutes[MOULINS] < 5  # a trip within the commune
    assert YZEURE in reach and VICHY not in reach
    assert all(0 <= m <= 30 for m in reach.minutes.values())
    assert reach.minutes[YZEURE] == pytest.approx(trip_minutes(provider, MOULINS, YZEURE))
    # a wider limit reaches at least as many communes
    assert len(within(terr, MOULINS, 45, provider)) >= len(reach)


def test_nearest_site_is_the_quickest_with_great_circle_km(terr) -> None:  # type: ignore[no-untyped-def]
    provider = national()
    rows = terr.communes.loc[[YZEURE, VICHY], ["lon", "lat"]]
    sites = pd.DataFrame(
        {
            "name": ["Maison de garde Yzeure", "Maison de garde Vichy"],
            "commune": [YZEURE, VICHY],
            "lon": rows["lon"].to_numpy(),
            "lat": rows["lat"].to_numpy(),
        }
    )
    place = nearest(terr, MOULINS, sites, False, provider)
    assert isinstance(place, Place) and place.commune == YZEURE
    minutes = trip_minutes(provider, MOULINS, YZEURE)
    assert minutes is not None and place.minutes == round(minutes)
    o = terr.communes.loc[MOULINS]
    km = float(great_circle_km(o["lon"], o["lat"], rows.at[YZEURE, "lon"], rows.at[YZEURE, "lat"]))
    assert place.km == round(km, 1)
    assert nearest(terr, MOULINS, sites.iloc[0:0], False, provider) is None


def test_nearest_emergency_and_on_call_centre_use_the_provider_given(terr) -> None:  # type: ignore[no-untyped-def]
    provider = national()
    ed = nearest_emergency(terr, MOULINS, provider)
    assert ed is not None and ed.minutes is not None and ed.km >= 0 and ed.hours
    centre = nearest_on_call_centre(terr, SION, provider)
    assert centre is not None and not centre.proxy
    minutes = trip_minutes(provider, SION, centre.commune)
    assert centre.minutes == (None if minutes is None else round(minutes))
