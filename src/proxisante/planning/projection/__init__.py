"""Projections of GP supply and demand at 5 and 10 years.

- :mod:`.engine`: the stock-flow rule per commune and its Monte Carlo draws;
- :mod:`.territorial`: a territory's projection, shared by ``plan project`` and the diagnostic;
- :mod:`.backtest`: the rule backtested on DREES counts per département against naive baselines.
"""
