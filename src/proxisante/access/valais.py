"""The accessibility indicator of Valais: the E2SFCA engine of the APL on Swiss inputs, under
its own name — it is *not* the DREES APL (see ``docs/explanation/valais.md``).

- supply: each commune's estimated primary-care doctors in FTE (OVS 2018 density of its region ×
  its population, :func:`proxisante.territory.valais.primary_care_estimate`), at the commune's
  main locality;
- demand: the resident population (BFS 2019; no age weighting: the DREES weights are French);
- decay: the DREES steps (< 10 min → 1, 10–15 → 2/3, 15–20 → 1/3, ≥ 20 → 0) on the travel-time
  provider's commune-to-commune times;
- value: FTE of primary-care doctors accessible per 1,000 inhabitants.

Because the supply is spread by population within each region, the indicator measures how the
regional densities and the travel times combine (a valley commune far from its neighbours
reaches only its own estimated supply; a commune on a regional border reaches two densities); it
cannot show a commune without a practice, which no open file locates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY
from proxisante.access.communes import commune_points
from proxisante.access.fca import two_step_fca
from proxisante.access.port import TravelTimeProvider
from proxisante.territory.valais import primary_care_estimate

PER = 1000.0


def valais_access(communes: pd.DataFrame, provider: TravelTimeProvider) -> pd.Series:
    """Estimated FTE of primary-care doctors accessible per 1,000 inhabitants, for every Valais
    commune of ``communes`` (other rows: NaN). ``communes`` must hold the communes around the
    ones wanted (their supply and demand enter the computation)."""
    out = pd.Series(np.nan, index=communes.index, dtype=float)
    ch = communes[(communes["country"] == "CH") & communes["lon"].notna()]
    if ch.empty:
        return out
    supply = primary_care_estimate(ch)["fte"].fillna(0).to_numpy(dtype=np.float64)
    demand = ch["population"].fillna(0).to_numpy(dtype=np.float64)
    points = commune_points(ch)
    times, covered = provider.commune_times(points.codes, DREES_DECAY.cutoff_min)
    values = two_step_fca(supply, demand, times, DREES_DECAY) * PER
    out.loc[ch.index] = np.where(covered, values, np.nan)
    return out
