"""Time to the nearest open emergency department (access.emergency): which site, its minutes,
"by day only", seasons, the country rule, bad input; the same minutes as the diagnosis; and the
national share beyond 30 minutes beside the regional reference."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from proxisante.access.emergency import (
    UnknownCommuneError,
    emergency_times,
    nearest_emergency,
    reference_comparison,
)
from proxisante.access.port import trip_minutes
from proxisante.diagnosis.indicators import compute
from proxisante.territory import load_territory
from proxisante.territory.emergency import EmergencySites, emergency_sites
from tests.travel import local_provider, national

# Four communes west to east, about 8 km apart; a Swiss one close to the last French one.
COMMUNES = pd.DataFrame(
    {
        "lon": [6.80, 6.90, 7.00, 7.10, 7.12],
        "lat": [46.0] * 5,
        "area_km2": [10.0] * 5,
        "population": [1000, 800, 600, 400, 300],
    },
    index=pd.Index(["74001", "74002", "74003", "74004", "ch:6136"], name="code"),
)


def site(i: str, commune: str, **kw: object) -> dict[str, object]:
    row = COMMUNES.loc[commune]
    return {
        "id": i, "name": f"SU {i}", "locality": commune, "commune": commune,
        "route_commune": commune, "country": "CH" if commune.startswith("ch:") else "FR",
        "lon": row["lon"], "lat": row["lat"], "general": True, "paediatric": False,
        "seasonal": False, "antenna": False, "passages": None, "open_from": None,
        "open_until": None, "hours_since": None, "source": "sae2025", **kw,
    }  # fmt: skip


def layer(*rows: dict[str, object]) -> EmergencySites:
    return EmergencySites(pd.DataFrame(list(rows)), "test", False, ())


PROVIDER = local_provider(COMMUNES)
CODES = ["74001", "74002", "74003", "74004"]


def test_a_day_time_site_is_day_only_without_a_time_and_closed_at_night():
    sites = layer(
        site("day", "74002", open_from=8, open_until=18, hours_since="2023-01-09"),
        site("always", "74004"),
    )
    unknown = nearest_emergency(CODES, None, provider=PROVIDER, sites=sites).results
    assert [r.site.id for r in unknown if r.site] == ["day", "day", "day", "always"]
    first = unknown[0]
    assert first.day_only and first.always_open is not None and first.always_open.id == "always"
    assert first.always_open_minutes is not None and first.minutes is not None
    assert first.always_open_minutes > first.minutes
    night = nearest_emergency(CODES, datetime(2025, 3, 1, 22), provider=PROVIDER, sites=sites)
    assert {r.site.id for r in night.results if r.site} == {"always"}
    assert not any(r.day_only for r in night.results)
    assert night.results[0].minutes == pytest.approx(first.always_open_minutes)
    day = nearest_emergency(CODES, datetime(2025, 3, 1, 10), provider=PROVIDER, sites=sites)
    assert [r.site.id for r in day.results if r.site] == ["day", "day", "day", "always"]
    assert not any(r.day_only for r in day.results)
    # Before 9 January 2023 the day-time hours did not apply yet.
    before = nearest_emergency(CODES, datetime(2022, 3, 1, 22), provider=PROVIDER, sites=sites)
    assert before.results[0].site is not None and before.results[0].site.id == "day"


def test_a_seasonal_only_site_counts_in_july_and_august_only():
    sites = layer(site("summer", "74001", general=False, seasonal=True), site("all", "74004"))
    for when, nearest in [
        (None, "all"),
        (date(2025, 3, 1), "all"),
        (date(2025, 8, 15), "summer"),
        (datetime(2025, 7, 1, 3), "summer"),
    ]:
        got = nearest_emergency(["74001"], when, provider=PROVIDER, sites=sites).results[0]
        assert got.site is not None and got.site.id == nearest, when


def test_paediatric_only_sites_count_for_children_only():
    sites = layer(site("kids", "74001", general=False, paediatric=True), site("all", "74004"))
    adults = nearest_emergency(["74001"], provider=PROVIDER, sites=sites).results[0]
    children = nearest_emergency(["74001"], provider=PROVIDER, sites=sites, children=True)
    assert adults.site is not None and adults.site.id == "all"
    assert children.results[0].site is not None and children.results[0].site.id == "kids"


def test_a_commune_reaches_the_sites_of_its_own_country_only():
    sites = layer(site("fr", "74004"), site("ch", "ch:6136"))
    got = nearest_emergency(["74004", "ch:6136"], provider=PROVIDER, sites=sites).results
    assert [r.site.id for r in got if r.site] == ["fr", "ch"]
    only_fr = layer(site("fr", "74004"))
    alone = nearest_emergency(["ch:6136"], provider=PROVIDER, sites=only_fr).results[0]
    assert alone.site is None and alone.minutes is None  # never a French site for a Swiss commune


def test_share_beyond_30_minutes_by_day_and_at_night():
    sites = layer(site("day", "74001", open_from=8, open_until=18), site("far", "74004"))
    times = emergency_times(CODES, sites.table, PROVIDER)
    pop = COMMUNES.loc[CODES, "population"].to_numpy(dtype=float)
    by_day = float(pop[times.minutes > 30].sum() / pop.sum())
    at_night = float(pop[times.minutes_always > 30].sum() / pop.sum())
    assert times.share_beyond(pop) == pytest.approx(by_day)
    assert times.share_beyond(pop, night=True) == pytest.approx(at_night)
    assert at_night >= by_day


def test_an_unknown_commune_is_a_user_error_naming_it():
    with pytest.raises(UnknownCommuneError) as err:
        nearest_emergency(["03310", "99999"], provider=national())
    assert "'99999'" in str(err.value) and "ch:6266" in str(err.value)
    assert err.value.exit_code == 2


def test_sion_at_night_and_martigny_by_day_on_the_bundle():
    sion, martigny = "ch:6266", "ch:6136"
    unknown = nearest_emergency([sion, martigny], provider=national()).results
    assert unknown[0].site is not None and unknown[0].site.id == "ch-ed-sion"
    m = unknown[1]
    assert m.site is not None and m.site.id == "ch-ed-martigny" and m.day_only
    assert m.always_open is not None and m.always_open.country == "CH"
    night = nearest_emergency([martigny], datetime(2025, 1, 15, 23), provider=national())
    night = night.results[0]
    assert night.site is not None and night.site.hours is None and not night.day_only


def test_one_trip_one_figure_with_the_diagnosis():
    terr = load_territory()
    provider = national()
    sites = emergency_sites(terr.hospitals, terr.communes)
    moulins = "03190"
    got = nearest_emergency([moulins, "03001"], provider=provider, sites=sites)
    context = terr.communes.loc[[moulins, "03001"]].copy()
    context["gp_liberal"] = np.nan  # only the emergency branch runs
    table = compute(context, sites.table, provider).table
    for r in got.results:
        assert table.at[r.commune, "minutes_hospital"] == pytest.approx(r.minutes, abs=1e-9)
    # A site at the town hall's point takes the commune-to-commune trip's minutes.
    vichy = terr.communes.loc["03310"]
    at_hall = layer({**site("v", "74001"), "lon": vichy["lon"], "lat": vichy["lat"],
                     "commune": "03310", "route_commune": "03310"})  # fmt: skip
    one = nearest_emergency([moulins], provider=provider, sites=at_hall).results[0]
    assert one.minutes == pytest.approx(trip_minutes(provider, moulins, "03310"), abs=1e-9)


def test_national_share_beside_the_rhone_alpes_reference():
    """Acceptance (issue 22): France's share beyond 30 min printed beside the reference."""
    terr = load_territory()
    ref = reference_comparison(
        terr.communes, emergency_sites(terr.hospitals, terr.communes), national()
    )
    print(
        f"\nBeyond 30 min of an ED ({ref.provider}, estimated={ref.estimated}): France "
        f"{ref.national.share:.1%}, former Rhône-Alpes {ref.region.share:.1%}; reference "
        f"{ref.reference:.1%} ({ref.reference_source})"
    )
    assert ref.national.population > 60_000_000 and ref.region.population > 6_000_000
    assert 0 < ref.region.share < ref.national.share < 0.5
    assert ref.reference == 0.058 and "SMUR" in ref.reference_source
    assert ref.national.share_night == pytest.approx(ref.national.share)  # no part-time site
