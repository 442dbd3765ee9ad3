"""What-if scenarios: changes to supply, demand or travel times, and their effect on the APL.

- :mod:`.scenario`: the typed changes of a scenario;
- :mod:`.incremental`: the APL recomputed incrementally for a set of changes;
- :mod:`.whatif`: a scenario run against a baseline, anchored on the official APL;
- :mod:`.baseline`: the baseline of a territory;
- :mod:`.workbench`: the analyst's workbench (scenarios saved, figures per area).
"""
