"""The *Diagnostic Santé Flash*: indicators of a territory, its classification among its
neighbours, leads, and the data of the report (one identical layout for every territory)."""

from proxisante.diagnosis.build import DiagnosticInputs, build_diagnostic

__all__ = ["DiagnosticInputs", "build_diagnostic"]
