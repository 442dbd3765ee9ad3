"""Indicators of a project's area from the embedded open data, and its comparable territories.

Figures per area: population (INSEE), official APL 2023 (DREES, weighted by standardised
population), APL computed by ProxiSanté (estimated travel times), liberal GPs (BPE), and the
population living more than 30 minutes from the nearest emergency department (DREES SAE 2025;
Valais: published facts; SMUR and MCS not counted). The registry's waiting count is added by the
service.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from proxisante.access.communes import apl_inputs, run_apl
from proxisante.access.emergency import emergency_times
from proxisante.access.port import TravelTimeProvider
from proxisante.access.summary import weighted_apl
from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.projects.model import Area, AreaFigures, Figures
from proxisante.territory import Territory

EMERGENCY_MIN = 30.0
CONTEXT_MARGIN_DEG = 0.6
N_COMPARABLES = 3
NOTES = (
    N_("APL officielle : DREES 2023 ; APL calculée : ProxiSanté, temps de trajet estimés."),
    N_(
        "Population à plus de 30 min d'un service d'urgence (DREES, SAE 2025 ; Valais : faits "
        "publiés ; temps de trajet estimés) : les SMUR et médecins correspondants du SAMU ne "
        "sont pas comptés."
    ),
    N_("Médecins généralistes libéraux : INSEE BPE 2020."),
    N_(
        "Patients en attente : fin du mois précédant le relevé, hors inscriptions en ligne "
        "anonymes ; hors coordination du territoire, un effectif de 1 à 10 (ou qui le "
        "laisserait retrouver par différence avec un autre périmètre) se lit « < 11 »."
    ),
)


class FigureSource(Protocol):
    """Where a snapshot's figures come from (the embedded bundle in production)."""

    def figures(self, communes: Sequence[str]) -> Figures: ...

    def comparables(self, area: Area, n: int = N_COMPARABLES) -> list[AreaFigures]: ...

    def area_figures(self, code: str) -> AreaFigures: ...


@dataclass(frozen=True)
class BundleAreas:
    """Resolves territory codes and commune lists against the territory package."""

    terr: Territory

    def resolve(self, code: str, communes: Sequence[str]) -> Area:
        if code:
            area = self.terr.area(code)  # raises UnknownTerritoryError (French, with suggestions)
            codes = tuple(self.terr.communes_in(area.code))
            if not codes:
                raise UserError(
                    _("le territoire {code} ne contient aucune commune").format(code=repr(code))
                )
            return Area(area.code, codes, area.name)
        resolved: list[str] = []
        for c in communes:
            area = self.terr.area(c)
            if area.level != "commune":
                raise UserError(
                    _("{code} est de niveau {level}, pas une commune").format(
                        code=repr(c), level=area.level
                    )
                )
            if area.code not in resolved:
                resolved.append(area.code)
        return Area(None, tuple(resolved), _("{n} communes").format(n=len(resolved)))


def _num(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), 3)


class BundleFigures:
    """Figures computed from the embedded bundle (territory + access engine)."""

    def __init__(self, terr: Territory, travel: TravelTimeProvider) -> None:
        self.terr = terr
        self.travel = travel

    def _context(self, codes: Sequence[str]) -> pd.DataFrame:
        com = self.terr.communes
        inside = com.loc[list(codes)]
        country = str(inside["country"].iloc[0])
        com = com[(com["country"] == country) & com["lon"].notna()]
        m = CONTEXT_MARGIN_DEG
        near = com["lon"].between(
            inside["lon"].min() - m * 1.4, inside["lon"].max() + m * 1.4
        ) & com["lat"].between(inside["lat"].min() - m, inside["lat"].max() + m)
        return com[near]

    def figures(self, communes: Sequence[str]) -> Figures:
        rows = self.terr.communes.loc[list(communes)]
        population = int(rows["population"].fillna(0).sum())
        fr = bool((rows["country"] == "FR").all())
        official = weighted_apl(rows, 2023)["apl"] if fr else None
        gp = (
            int(rows["gp_liberal"].fillna(0).sum())
            if fr and rows["gp_liberal"].notna().any()
            else None
        )
        context = self._context(communes)
        computed = None
        if context["gp_liberal"].notna().any():
            run = run_apl(apl_inputs(context, year=2023), self.travel)
            apl = run.table["apl"].reindex(list(communes))
            pop = rows["population"].fillna(0)
            ok = apl.notna() & (pop > 0)
            if ok.any():
                computed = _num(float((apl[ok] * pop[ok]).sum() / pop[ok].sum()))
        return Figures(
            population=population,
            apl_official=official,
            apl_computed=computed,
            gp_liberal=gp,
            population_beyond_30_min=self._beyond(context, rows),
        )

    def _beyond(self, context: pd.DataFrame, rows: pd.DataFrame) -> int | None:
        from proxisante.territory.emergency import emergency_sites

        sites = emergency_sites(self.terr.hospitals, self.terr.communes).table
        codes = [str(c) for c in rows.index]
        run = emergency_times(codes, sites, self.travel)
        pop = rows["population"].fillna(0).to_numpy(dtype=float)
        return int(pop[run.minutes > EMERGENCY_MIN].sum())

    def area_figures(self, code: str) -> AreaFigures:
        area = self.terr.area(code)
        return AreaFigures(area.code, area.name, self.figures(self.terr.communes_in(area.code)))

    def comparables(self, area: Area, n: int = N_COMPARABLES) -> list[AreaFigures]:
        """``n`` EPCI of the same région (French areas only), nearest in population and
        official APL (log population and APL, each scaled by its spread among candidates),
        sharing no commune with the area."""
        codes = [str(c) for c in choose_comparables(self.terr, area, n)]
        return [self.area_figures(c) for c in codes]


def choose_comparables(terr: Territory, area: Area, n: int = N_COMPARABLES) -> list[str]:
    com = terr.communes
    rows = com.loc[list(area.communes)]
    if not (rows["country"] == "FR").all() or rows["region"].isna().all():
        return []
    region = str(rows["region"].mode().iloc[0])
    own = set(rows["epci"].dropna().astype(str))
    pool = com[(com["region"] == region) & com["epci"].notna() & ~com["epci"].isin(own)]
    if pool.empty:
        return []
    pop = pool.groupby("epci")["population"].sum()
    apl = pd.Series(
        {code: weighted_apl(group, 2023)["apl"] for code, group in pool.groupby("epci")},
        dtype=float,
    )
    table = pd.DataFrame({"pop": np.log(pop.clip(lower=1)), "apl": apl}).dropna()
    target_pop = math.log(max(int(rows["population"].fillna(0).sum()), 1))
    target_apl = weighted_apl(rows, 2023)["apl"]
    dist = ((table["pop"] - target_pop) / (table["pop"].std() or 1.0)) ** 2
    if target_apl is not None:
        dist = dist + ((table["apl"] - target_apl) / (table["apl"].std() or 1.0)) ** 2
    return [str(c) for c in dist.sort_values(kind="stable").index[:n]]
