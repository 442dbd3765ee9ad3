"""Planning: siting of new structures, what-if scenarios, projections (values in, values out).

- :mod:`~proxisante.planning.instance`: a siting instance (demand, candidates, sparse times);
- :mod:`~proxisante.planning.siting`: MCLP, p-median and capacitated coverage, exact on OR-Tools;
- :mod:`~proxisante.planning.aplgain`: APL objectives (gain, lift above 2.5), greedy + local
  search with a linear-relaxation bound and the reported gap;
- :mod:`~proxisante.planning.scenario`: what-if changes on the APL, recomputed incrementally.
"""

from __future__ import annotations
