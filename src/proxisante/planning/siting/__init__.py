"""Siting of new structures: instances, exact coverage and p-median models, APL objectives.

- :mod:`.instance`: a siting instance (demand, candidates, sparse times);
- :mod:`.exact`: MCLP, p-median and capacitated coverage, exact on OR-Tools;
- :mod:`.pmedian`: the p-median heuristics and bounds;
- :mod:`.aplgain`: APL objectives (gain, lift above 2.5), greedy + local search with a
  linear-relaxation bound and the reported gap;
- :mod:`.territory`: a territory's siting instance from the bundle's communes;
- :mod:`.mip`: the thin layer over the MIP solver.
"""
