"""The *Diagnostic Santé Flash*: indicators of a territory, its classification among its
neighbours, leads, and the data of the report (one identical layout for every territory)."""

from proxisante.diagnosis.build import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.model import Diagnostic

__all__ = ["Diagnostic", "DiagnosticInputs", "build_diagnostic"]
