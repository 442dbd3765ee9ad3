"""Planning: siting of new structures, what-if scenarios, projections (values in, values out).

- :mod:`~proxisante.planning.siting`: siting instances and their solvers;
- :mod:`~proxisante.planning.scenarios`: what-if changes on the APL, recomputed incrementally;
- :mod:`~proxisante.planning.projection`: supply and demand at 5 and 10 years, with backtests;
- :mod:`~proxisante.planning.zoning`: the zoning simulation;
- :mod:`~proxisante.planning.sweep`: sweeps (scenario batches, draws, candidates) on Dask.
"""

from __future__ import annotations
