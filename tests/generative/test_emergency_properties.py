"""Properties of the time to the nearest emergency department on random layers (Hypothesis,
derandomised): at night (round-the-clock sites only) a commune is never nearer than by day; a
site added never makes any commune farther; the nearest site named is one that counts."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from proxisante.access.emergency import emergency_times
from proxisante.territory.emergency import open_mask
from tests.travel import local_provider

FAST = settings(max_examples=40, deadline=None, derandomize=True)
N = 8
COMMUNES = pd.DataFrame(
    {
        "lon": np.linspace(6.0, 7.4, N),
        "lat": 46.0 + 0.05 * np.sin(np.arange(N)),
        "area_km2": 12.0,
        "population": 1000,
    },
    index=pd.Index([f"74{i:03d}" for i in range(N)], name="code"),
)
PROVIDER = local_provider(COMMUNES)
CODES = list(COMMUNES.index)
MOMENTS = st.sampled_from(
    [None, date(2025, 3, 1), date(2025, 8, 1), datetime(2025, 3, 1, 3), datetime(2025, 8, 1, 12)]
)


@st.composite
def layers(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for i in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, N - 1))
        part_time = draw(st.booleans())
        rows.append(
            {
                "id": f"s{i}",
                "commune": CODES[at],
                "route_commune": CODES[at],
                "country": "FR",
                "lon": COMMUNES["lon"].iloc[at] + draw(st.floats(-0.02, 0.02)),
                "lat": COMMUNES["lat"].iloc[at],
                "general": draw(st.booleans()),
                "paediatric": draw(st.booleans()),
                "seasonal": draw(st.booleans()),
                "open_from": 8 if part_time else None,
                "open_until": 18 if part_time else None,
                "hours_since": None,
            }
        )
    return pd.DataFrame(rows)


@FAST
@given(layers(), MOMENTS)
def test_night_is_never_nearer_and_the_site_named_counts(sites: pd.DataFrame, when) -> None:  # type: ignore[no-untyped-def]
    t = emergency_times(CODES, sites, PROVIDER, when)
    assert (t.minutes_always >= t.minutes - 1e-9).all()
    counts, always = open_mask(sites, when)
    assert all(counts[s] for s in t.site if s >= 0)
    assert all(always[s] for s in t.site_always if s >= 0)
    assert ((t.site >= 0) == np.isfinite(t.minutes)).all()


@FAST
@given(layers(), layers(), MOMENTS)
def test_a_site_added_never_makes_a_commune_farther(a: pd.DataFrame, b: pd.DataFrame, when) -> None:  # type: ignore[no-untyped-def]
    both = pd.concat([a, b.assign(id=b["id"] + "b")], ignore_index=True)
    alone = emergency_times(CODES, a, PROVIDER, when)
    more = emergency_times(CODES, both, PROVIDER, when)
    assert (more.minutes <= alone.minutes + 1e-9).all()
    assert (more.minutes_always <= alone.minutes_always + 1e-9).all()
