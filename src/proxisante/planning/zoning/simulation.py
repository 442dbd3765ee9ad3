"""Simulation of the doctors' zoning (ZIP / ZAC) from the APL, simplified and labelled as such.

Rules followed (arrêté du 1er octobre 2021 modifiant l'arrêté du 13 novembre 2017 relatif à la
méthodologie applicable à la profession de médecin pour la détermination des zones prévues au
1° de l'article L. 1434-4 du code de la santé publique):

- indicator: the APL to general practitioners aged 65 or less (DREES, official);
- **ZIP** (zones d'intervention prioritaire), "sélection nationale": APL < 2.5;
- the "vivier" 2.5 ≤ APL < 4: the ARS choose further ZIP there within a regional ceiling of
  population, the rest may become **ZAC** (zones d'action complémentaire).

Simplified here (and said in every output): the unit is the EPCI (or the user's grouping),
not the *territoire de vie-santé*; the ARS's choice inside the vivier is replaced by "lowest
APL first" up to ``zip_ceiling`` (a share of the région's population, none by default); every
other vivier unit is ZAC; no local adjustment (quartiers prioritaires, islands, mountains).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from proxisante.access.apl import UNDER_SERVED_APL
from proxisante.i18n import _
from proxisante.types import FloatArray

VIVIER_MAX_APL = 4.0
"""Upper bound (exclusive) of the vivier."""


@dataclass(frozen=True)
class ZoneUnit:
    code: str
    name: str
    region: str
    population: float
    apl_le65: float | None
    zone: str
    reason: str


def simulate(
    codes: list[str],
    names: list[str],
    regions: list[str],
    population: FloatArray,
    apl_le65: FloatArray,
    zip_ceiling: float | None = None,
    region_population: dict[str, float] | None = None,
) -> list[ZoneUnit]:
    """ZIP / ZAC / hors zonage of each unit; see the module's rules and simplifications."""
    apl = np.asarray(apl_le65, dtype=np.float64)
    zone = np.full(len(codes), "hors zonage", dtype=object)
    reason = np.full(len(codes), _("APL ≥ {apl}").format(apl=f"{VIVIER_MAX_APL:g}"), dtype=object)
    known = np.isfinite(apl)
    zone[~known] = "non classé"
    reason[~known] = _("pas d'APL officielle")
    national = known & (apl < UNDER_SERVED_APL)
    zone[national], reason[national] = "ZIP", _("sélection nationale (APL < 2,5)")
    vivier = known & (apl >= UNDER_SERVED_APL) & (apl < VIVIER_MAX_APL)
    zone[vivier], reason[vivier] = "ZAC", _("vivier (2,5 ≤ APL < 4)")
    if zip_ceiling is not None:
        totals = region_population or {}
        for region in sorted(set(regions)):
            in_region = np.array([r == region for r in regions])
            room = zip_ceiling * totals.get(region, float(population[in_region].sum()))
            room -= float(population[in_region & national].sum())
            for k in np.flatnonzero(in_region & vivier)[np.argsort(apl[in_region & vivier])]:
                if population[k] <= room:
                    zone[k], reason[k] = "ZIP", _("vivier, choisie sous le plafond régional")
                    room -= float(population[k])
    return [
        ZoneUnit(
            codes[k],
            names[k],
            regions[k],
            float(population[k]),
            float(apl[k]) if known[k] else None,
            str(zone[k]),
            str(reason[k]),
        )
        for k in range(len(codes))
    ]
