"""Simulation of the doctors' zoning (ZIP / ZAC) from the APL, as the ARS method does it.

Rules followed (arrêté du 13 novembre 2017 relatif à la méthodologie applicable à la profession
de médecin pour la détermination des zones prévues au 1° de l'article L. 1434-4 du code de la
santé publique, modifié par l'arrêté du 1er octobre 2021):

- indicator: the APL to general practitioners aged 65 or less (DREES, official), per unit the
  mean of its communes weighted by standardised population;
- **sélection nationale**: every unit with APL < 2.5 is ZIP, whatever the ceiling;
- the **vivier** 2.5 ≤ APL < 4: the ARS add ZIP there up to the région's population ceiling;
  here "lowest APL first" stands in for the ARS's choice (a unit too large for the room left is
  skipped, a smaller one may still fit);
- ZAC: the rest of the vivier, lowest APL first, up to the région's ZAC ceiling; beyond it and
  above the vivier: hors zonage.

The units, the ceilings and their sources are chosen by the caller
(:mod:`~proxisante.planning.zoning.units`, :mod:`~proxisante.planning.zoning.ceilings`). The
same engine serves nurses with their own thresholds (:class:`Thresholds`). Not modelled: the
ARS's other indicators (age of doctors, ALD, médecin traitant), local adjustments (quartiers
prioritaires, islands, mountains), the ARS's concertation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from proxisante.access.apl import UNDER_SERVED_APL
from proxisante.errors import require
from proxisante.i18n import _, format_decimal
from proxisante.planning.zoning.ceilings import Ceilings

VIVIER_MAX_APL = 4.0
"""Upper bound (exclusive) of the GPs' vivier."""

ZONES = ("ZIP", "ZAC", "hors zonage", "non classé")


@dataclass(frozen=True)
class Thresholds:
    """National selection below ``selection``; vivier from ``selection`` up to ``vivier``."""

    selection: float = UNDER_SERVED_APL
    vivier: float = VIVIER_MAX_APL


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
    codes: Sequence[str],
    names: Sequence[str],
    regions: Sequence[str],
    population: npt.ArrayLike,
    indicator: npt.ArrayLike,
    ceilings: Ceilings | float | None = None,
    region_population: Mapping[str, float] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> list[ZoneUnit]:
    """ZIP / ZAC / hors zonage / non classé of each unit; see the module's rules.

    ``ceilings``: a :class:`Ceilings`, one ZIP share for every région (no ZAC ceiling), or None
    (no ceiling: vivier units are added to ZIP only under a ceiling, so the whole vivier is
    ZAC). ``region_population``: the population of each région when the units do not cover all
    of it.
    """
    pop = np.asarray(population, dtype=np.float64)
    apl = np.asarray(indicator, dtype=np.float64)
    n = len(codes)
    require(
        pop.shape == (n,) and apl.shape == (n,) and len(names) == n and len(regions) == n,
        "zoning units: one name, région, population and indicator per unit",
    )
    zone = np.full(n, "hors zonage", dtype=object)
    reason = np.full(
        n, _("APL ≥ {apl}").format(apl=format_decimal(thresholds.vivier, 2)), dtype=object
    )
    known = np.isfinite(apl)
    zone[~known], reason[~known] = "non classé", _("pas d'APL officielle")
    national = known & (apl < thresholds.selection)
    zone[national] = "ZIP"
    reason[national] = _("sélection nationale (APL < {x})").format(
        x=format_decimal(thresholds.selection, 2)
    )
    vivier = known & (apl >= thresholds.selection) & (apl < thresholds.vivier)
    zone[vivier] = "ZAC"
    reason[vivier] = _("vivier ({x} ≤ APL < {y})").format(
        x=format_decimal(thresholds.selection, 2), y=format_decimal(thresholds.vivier, 2)
    )
    if ceilings is None:
        return _units(codes, names, regions, pop, apl, known, zone, reason)
    rules = ceilings if isinstance(ceilings, Ceilings) else Ceilings({}, {}, float(ceilings), None)
    totals = region_population or {}
    region_arr = np.asarray(list(regions), dtype=object)
    for region in sorted(set(regions)):
        inside = region_arr == region
        total = totals.get(region, float(pop[inside].sum()))
        share_zip, share_zac = rules.zip_for(region), rules.zac_for(region)
        pool = np.flatnonzero(inside & vivier)
        pool = pool[np.argsort(apl[pool], kind="stable")]
        if share_zip is not None:
            room = share_zip * total - float(pop[inside & national].sum())
            for k in pool:
                if pop[k] <= room:
                    zone[k], reason[k] = "ZIP", _("vivier, retenue sous le plafond ZIP régional")
                    room -= float(pop[k])
        if share_zac is not None:
            room = share_zac * total
            for k in pool:
                if zone[k] != "ZAC":
                    continue
                if pop[k] <= room:
                    room -= float(pop[k])
                else:
                    zone[k] = "hors zonage"
                    reason[k] = _("vivier, au-delà du plafond ZAC régional")
    return _units(codes, names, regions, pop, apl, known, zone, reason)


def _units(
    codes: Sequence[str],
    names: Sequence[str],
    regions: Sequence[str],
    pop: np.ndarray,
    apl: np.ndarray,
    known: np.ndarray,
    zone: np.ndarray,
    reason: np.ndarray,
) -> list[ZoneUnit]:
    return [
        ZoneUnit(
            str(codes[k]),
            str(names[k]),
            str(regions[k]),
            float(pop[k]),
            float(apl[k]) if known[k] else None,
            str(zone[k]),
            str(reason[k]),
        )
        for k in range(len(codes))
    ]
