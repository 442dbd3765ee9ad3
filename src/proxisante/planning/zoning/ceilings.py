"""Regional population ceilings of the doctors' zoning: defaults and where they come from.

The arrêté of 13 November 2017 (methodology of the GP zoning, article L. 1434-4 CSP), as
amended on 1 October 2021, gives in its annex a table per région: the share of the région's
population that may be classed ZIP (zones d'intervention prioritaire) and ZAC (zones d'action
complémentaire). **The full table was not available to us**; what we could source:

- nationally, the 2021 tables add up to 30.2 % of the population in ZIP and 42 % in ZAC
  (press report of the arrêté's regional tables: lamedicale.fr, "72,2 % des Français
  résideraient dans un territoire en déficit de médecins", 2021);
- Île-de-France: 62.4 % ZIP and 96.3 % ZIP + ZAC (same report; the ARS Île-de-France zoning of
  30 March 2022 uses exactly these shares: URPS médecins IDF, "Les zones déficitaires selon
  l'ARS, données 2022");
- Centre-Val de Loire: 58.8 % ZIP and 34 % ZAC (same report).

Defaults: those two régions get their own values; every other région gets the share the
national figures leave to them, ``(30.2 % × France − 62.4 % × Île-de-France − 58.8 % ×
Centre-Val de Loire) / (the rest of France)`` (about 21 % ZIP; 44 % ZAC the same way) — a
placeholder, said in every output, that the user replaces with ``--ceiling reg:NN=SHARE`` when
the région's annex value is known. ``--ceilings compiled`` sets each région's ceilings to the
shares of the compiled zoning (a calibration, for measuring the ranking alone, never a
forecast).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from proxisante.i18n import N_

NATIONAL_ZIP_SHARE = 0.302
NATIONAL_ZAC_SHARE = 0.42

KNOWN_ZIP_CEILINGS: Mapping[str, float] = {"reg:11": 0.624, "reg:24": 0.588}
KNOWN_ZAC_CEILINGS: Mapping[str, float] = {"reg:11": 0.339, "reg:24": 0.34}

SOURCE_KNOWN = N_(
    "annexe de l'arrêté du 13 novembre 2017 modifié le 1er octobre 2021, valeur régionale "
    "rapportée par la presse (lamedicale.fr, 2021 ; URPS médecins Île-de-France, 2022)"
)
SOURCE_NATIONAL = N_(
    "part laissée aux autres régions par les chiffres nationaux de 2021 (30,2 % ZIP, 42 % "
    "ZAC, moins Île-de-France et Centre-Val de Loire), faute de la valeur régionale de "
    "l'annexe : paramètre par défaut à remplacer (--ceiling reg:NN=PART)"
)
SOURCE_COMPILED = N_(
    "part de la population en ZIP et en ZAC dans la compilation non vérifiée (calibrage, pas "
    "une prévision)"
)
SOURCE_USER = N_("valeur donnée par l'utilisateur")
SOURCE_NONE = N_("aucun plafond (tout le vivier est retenu)")


@dataclass(frozen=True)
class Ceilings:
    """ZIP and ZAC population ceilings per région (share of the région's population).

    ``zip_default``/``zac_default`` apply to régions absent from the mappings; ``None`` means
    no ceiling (the whole vivier is taken)."""

    zip_by_region: Mapping[str, float] = field(default_factory=dict)
    zac_by_region: Mapping[str, float] = field(default_factory=dict)
    zip_default: float | None = None
    zac_default: float | None = None
    user_regions: frozenset[str] = frozenset()
    user_default: bool = False
    from_compilation: bool = False

    def zip_for(self, region: str) -> float | None:
        return self.zip_by_region.get(region, self.zip_default)

    def zac_for(self, region: str) -> float | None:
        return self.zac_by_region.get(region, self.zac_default)

    def source_for(self, region: str) -> str:
        """Where the région's ZIP ceiling comes from (French source text, ``N_``)."""
        if region in self.user_regions:
            return SOURCE_USER
        if self.from_compilation:
            return SOURCE_COMPILED
        if region in self.zip_by_region:
            return SOURCE_KNOWN
        if self.zip_default is None:
            return SOURCE_NONE
        return SOURCE_USER if self.user_default else SOURCE_NATIONAL


def implied_rest(
    share: float, known: Mapping[str, float], populations: Mapping[str, float]
) -> float:
    """The share left to the régions not in ``known`` by a national ``share``."""
    total = sum(populations.values())
    known_pop = sum(populations.get(r, 0.0) for r in known)
    if total - known_pop <= 0:
        return share
    rest = share * total - sum(v * populations.get(r, 0.0) for r, v in known.items())
    return min(1.0, max(0.0, rest / (total - known_pop)))


def ceilings(
    populations: Mapping[str, float],
    zip_overrides: Mapping[str, float] | None = None,
    *,
    zip_all: float | None = None,
    zac_all: float | None = None,
    none: bool = False,
) -> Ceilings:
    """The ceilings of a run: the defaults (``populations``: every région's population, for the
    share left to the régions without a sourced value); ``zip_all``/``zac_all`` for every
    région (the sourced regional values included); ``none``: no ceiling at all; then the user's
    per-région ZIP values on top."""
    overrides = dict(zip_overrides or {})
    if none:
        return Ceilings(overrides, {}, None, None, frozenset(overrides), False)
    zip_known = {} if zip_all is not None else dict(KNOWN_ZIP_CEILINGS)
    zac_known = {} if zac_all is not None else dict(KNOWN_ZAC_CEILINGS)
    zip_rest = implied_rest(NATIONAL_ZIP_SHARE, KNOWN_ZIP_CEILINGS, populations)
    zac_rest = implied_rest(NATIONAL_ZAC_SHARE, KNOWN_ZAC_CEILINGS, populations)
    return Ceilings(
        zip_by_region={**zip_known, **overrides},
        zac_by_region=zac_known,
        zip_default=zip_rest if zip_all is None else zip_all,
        zac_default=zac_rest if zac_all is None else zac_all,
        user_regions=frozenset(overrides),
        user_default=zip_all is not None,
    )


def calibrated(zip_shares: Mapping[str, float], zac_shares: Mapping[str, float]) -> Ceilings:
    """Ceilings equal to given shares per région (e.g. those of the compiled zoning)."""
    return Ceilings(dict(zip_shares), dict(zac_shares), None, None, frozenset(), False, True)
