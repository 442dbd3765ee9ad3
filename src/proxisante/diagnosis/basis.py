"""What every section of a diagnosis reads: the territory's communes, their indicators, the
inputs, and small helpers to make :class:`~proxisante.diagnosis.model.Figure` values."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from proxisante.access.port import TravelTimeProvider
from proxisante.access.providers import build_provider
from proxisante.diagnosis.context import Scope, context_communes
from proxisante.diagnosis.formatting import fmt_value
from proxisante.diagnosis.indicators import CommuneIndicators, compute
from proxisante.diagnosis.labels import nature_label
from proxisante.diagnosis.model import Contact, Figure, Initiative, Number, Source
from proxisante.diagnosis.shared import SharedComputations, emergency_table
from proxisante.i18n import N_, _
from proxisante.territory import Territory

SRC_POP_FR = N_("INSEE, populations légales 2023")
SRC_POP_CH = N_("OFS/BFS, population 2019")
SRC_BPE = N_("INSEE BPE 2020 via ANCT")
SRC_APL = N_("DREES, APL 2023")
SRC_FILO = N_("INSEE, Filosofi 2021")
SRC_HOSP = N_("FINESS 2020 / OFSP 2017 via Eurostat GISCO")
SRC_CALC = "ProxiSanté"


@dataclass
class DiagnosticInputs:
    """What a diagnosis reads besides the territory (all optional)."""

    # The run's travel-time provider, built at the edge (the bundle's ``estimate`` when a caller
    # passes none).
    travel: TravelTimeProvider = field(default_factory=build_provider)
    professionals: pd.DataFrame | None = None
    structures: pd.DataFrame | None = None
    age_bands: pd.DataFrame | None = None
    contacts: tuple[Contact, ...] = ()
    contours: dict[str, object] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    today: date = field(default_factory=date.today)
    initiatives: tuple[Initiative, ...] | None = None  # the territory's real projects
    # A batch's shared computations (national indicators…); None: computed per diagnosis.
    shared: SharedComputations | None = None


@dataclass(frozen=True, eq=False)
class Basis:
    """The data shared by the sections of one diagnosis (computed once)."""

    terr: Territory
    scope: Scope
    inputs: DiagnosticInputs
    rows: pd.DataFrame  # the territory's communes
    context: pd.DataFrame  # the communes around it that enter the computations
    indicators: CommuneIndicators
    local: pd.DataFrame  # the indicators of the territory's communes

    @property
    def is_fr(self) -> bool:
        return self.scope.country == "FR"

    @property
    def population(self) -> int:
        return int(self.rows["population"].sum())

    @property
    def pop(self) -> pd.Series:
        return self.rows["population"].astype(float)

    @property
    def src_pop(self) -> str:
        return _(SRC_POP_FR) if self.is_fr else _(SRC_POP_CH)

    @property
    def time_nature(self) -> str:
        return "estimate" if self.indicators.estimated_times else "computed"


def make_basis(terr: Territory, scope: Scope, inputs: DiagnosticInputs) -> Basis:
    """Select the communes and compute their indicators (APL, travel times)."""
    rows = terr.communes.loc[list(scope.communes)]
    context = context_communes(terr, scope)
    shared = inputs.shared
    if shared is not None and scope.country in shared.indicators:
        ind = shared.indicators[scope.country]
    else:
        sites = emergency_table(terr, inputs.structures)
        ind = compute(context, sites, inputs.travel, inputs.professionals)
    return Basis(terr, scope, inputs, rows, context, ind, ind.table.reindex(rows.index))


def clean(value: object) -> Number:
    """A JSON-ready number: ints stay ints, floats rounded to 4 decimals, non-finite → None."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if not isinstance(value, float | np.floating | str):
        raise TypeError(f"not a number: {type(value).__name__}")
    x = float(value)
    return round(x, 4) if math.isfinite(x) else None


def figure(label: str, value: object, unit: str, source: str, nature: str = "official") -> Figure:
    """A figure in the current language (``label`` and ``source`` already translated)."""
    v = clean(value)
    return Figure(
        label=label,
        value=v,
        display=fmt_value(v, unit),
        unit=unit,
        source=source,
        nature=nature,
        nature_label=nature_label(nature),
    )


def weighted(values: pd.Series, weights: pd.Series) -> float | None:
    """The mean of ``values`` weighted by ``weights`` over the rows where both are known."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    w = pd.to_numeric(weights, errors="coerce").astype(float).reindex(v.index)
    ok = v.notna() & w.notna() & np.isfinite(v) & (w > 0)
    if not ok.any():
        return None
    return float((v[ok] * w[ok]).sum() / w[ok].sum())
