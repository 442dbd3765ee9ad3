"""Key figures of a territory for the public pages, each with its nature (official, computed,
estimate, proxy) and its source, in the current language; the région and France references,
the territory's class and verdict, its neighbours and their figures, and its GP zoning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.classify import classify
from proxisante.access.emergency import country_of
from proxisante.access.port import TravelTimeProvider
from proxisante.access.summary import summarise, weighted_apl
from proxisante.diagnosis.context import neighbour_areas, neighbour_communes, scope_of_area
from proxisante.diagnosis.labels import ZONES, class_label, definition, nature_label
from proxisante.diagnosis.mapindicators import AreaFeature, region_apl
from proxisante.i18n import format_decimal, format_number, format_percent, gettext
from proxisante.territory import Territory
from proxisante.territory.contours import contour_geometries
from proxisante.territory.emergency import SOURCE_TEXTS

HOSPITAL_MINUTES = 30


@dataclass(frozen=True)
class KeyFigure:
    """One figure as shown: label and display in the page's language, nature and source;
    ``reference``: the same figure for the région and France, ``trend``: its change where the
    data has two years, ``definition``: what it measures, in plain words (all may be empty)."""

    key: str
    label: str
    display: str
    nature: str
    nature_label: str
    source: str
    reference: str = ""
    trend: str = ""
    definition: str = ""


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str


@dataclass(frozen=True)
class NeighbourFigures:
    """A neighbour with its figures, display strings in the page's language."""

    code: str
    name: str
    population: str
    gp_density: str
    apl: str
    class_label: str
    fte_density: str = "—"  # Valais: estimated primary-care FTE per 1,000 inhabitants


def _fig(
    key: str,
    label: str,
    display: str,
    nature: str,
    source: str,
    reference: str = "",
    trend: str = "",
) -> KeyFigure:
    return KeyFigure(
        key,
        label,
        display,
        nature,
        nature_label(nature, page=True),
        source,
        reference,
        trend,
        definition(key),
    )


@dataclass(frozen=True)
class AreaValues:
    """An area's official APL 2023, share of its population in sous-dense communes and liberal
    GPs per 10 000 inhabitants (None when unknown)."""

    apl: float | None
    sous_dense: float | None
    gp_density: float | None


@dataclass(frozen=True)
class References:
    """The région's and France's official APL, share in sous-dense communes and GP density."""

    region_name: str
    region: AreaValues
    france: AreaValues


@dataclass(frozen=True)
class AreaFigures:
    """The key figures of an area (in the current language) and its class."""

    figures: tuple[KeyFigure, ...]
    klass: str


def area_values(rows: pd.DataFrame) -> AreaValues:
    """The official figures of the communes ``rows`` taken together."""
    apl = weighted_apl(rows, 2023)
    pop = float(rows["population"].sum())
    gp = float(rows["gp_liberal"].sum())
    return AreaValues(
        apl["apl"], apl["share_population_under_2_5"], 10000 * gp / pop if pop else None
    )


_REFERENCES: dict[str, References] = {}


def references(terr: Territory, code: str) -> References | None:
    """The région and France references of a French area (computed once per région)."""
    rows = terr.communes.loc[terr.communes_in(code)]
    reg = rows["region"].dropna()
    if not len(reg) or str(rows["country"].iloc[0]) != "FR":
        return None
    region = str(reg.iloc[0])
    hit = _REFERENCES.get(region)
    if hit is None:
        com = terr.communes
        hit = _REFERENCES[region] = References(
            terr.name_of(region),
            area_values(com[com["region"] == region]),
            area_values(com[com["country"] == "FR"]),
        )
    return hit


def _reference_text(refs: References | None, key: str, decimals: int, percent: bool) -> str:
    if refs is None:
        return ""
    r, f = getattr(refs.region, key), getattr(refs.france, key)
    if r is None or f is None:
        return ""

    def show(v: float) -> str:
        return format_percent(v) if percent else format_decimal(v, decimals)

    return gettext("Région {region} : {r} · France : {f}").format(
        region=refs.region_name, r=show(r), f=show(f)
    )


def _weighted(values: list[float | None], weights: list[int]) -> float | None:
    pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None and w > 0]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def territory_class(summary: dict[str, object], regional_apl: float | None) -> str:
    """The class of an area from its summary (:func:`~proxisante.access.summary.summarise`)
    and its région's official APL."""
    details = summary.get("apl_2023_details")
    share = details.get("share_population_under_2_5") if isinstance(details, dict) else None
    apl = summary.get("apl_2023")
    return classify(apl if isinstance(apl, float) else None, regional_apl, share).klass


def key_figures(
    terr: Territory,
    code: str,
    map_level: str,
    features: Sequence[AreaFeature],
    provider: TravelTimeProvider,
) -> AreaFigures:
    """Key figures of an area (in the current language) and its class; ``features``: the
    indicators of its map, drawn at ``map_level`` (the engine's figures need communes);
    ``provider``: the one travel-time provider."""
    s = summarise(terr, code, provider)
    if s["country"] == "CH":
        return AreaFigures(tuple(_valais_figures(s)), "non_classe")
    refs = references(terr, code)
    figs = [
        _fig(
            "population",
            gettext("Population"),
            format_number(s["population"]),
            "official",
            gettext("INSEE, populations légales"),
        )
    ]
    if s["level"] != "commune":  # a commune page does not count itself
        figs.append(
            _fig(
                "communes",
                gettext("Communes"),
                format_number(s["communes"]),
                "official",
                gettext("Code officiel géographique"),
            )
        )
    dep = s.get("departement_figures")
    gp_trend = ""
    if isinstance(dep, dict) and dep.get("gp_2020") is not None and dep.get("gp_2024"):
        gp_trend = gettext(
            "Tendance du département : {a} en 2020, {b} en 2024 ({c}), INSEE BPE"
        ).format(
            a=format_number(dep["gp_2020"]),
            b=format_number(dep["gp_2024"]),
            c=("+" if dep["gp_change_pct"] > 0 else "")
            + format_percent(dep["gp_change_pct"] / 100),
        )
    if s["gp_liberal"] is not None:
        figs.append(
            _fig(
                "gp",
                gettext("Médecins généralistes libéraux (2020)"),
                format_number(s["gp_liberal"]),
                "official",
                "INSEE BPE 2020",
                trend=gp_trend,
            )
        )
    if s["gp_liberal_per_10000"] is not None:
        figs.append(
            _fig(
                "gp_density",
                gettext("Généralistes pour 10 000 habitants (2020)"),
                format_decimal(s["gp_liberal_per_10000"], 1),
                "computed",
                "INSEE BPE 2020",
                reference=_reference_text(refs, "gp_density", 1, False),
            )
        )
    if s.get("apl_2023") is not None:
        trend = ""
        if s.get("apl_2022") is not None:
            trend = gettext("{a} en 2022, {b} en 2023").format(
                a=format_decimal(s["apl_2022"], 2), b=format_decimal(s["apl_2023"], 2)
            )
        figs.append(
            _fig(
                "apl",
                gettext("APL officielle aux médecins généralistes (2023)"),
                format_decimal(s["apl_2023"], 2),
                "official",
                "DREES",
                reference=_reference_text(refs, "apl", 2, False),
                trend=trend,
            )
        )
        share = s["apl_2023_details"].get("share_population_under_2_5")
        if share is not None:
            figs.append(
                _fig(
                    "sous_dense",
                    gettext("Population en commune sous-dense (APL < 2,5)"),
                    format_percent(share),
                    "computed",
                    "DREES",
                    reference=_reference_text(refs, "sous_dense", 1, True),
                )
            )
    figs.extend(_engine_figures(map_level, features))
    figs.extend(_profession_figures(terr, code, s))
    regional = _regional_apl(terr, code)
    return AreaFigures(tuple(figs), territory_class(s, regional))


def _valais_figures(s: dict[str, object]) -> list[KeyFigure]:
    """A Valais area's figures: population and communes (BFS), the estimated primary-care
    supply (OVS 2018 densities), the Valais accessibility indicator and the time to the nearest
    emergency department; no French source."""
    figs = [
        _fig(
            "population",
            gettext("Population"),
            format_number(s["population"]),  # type: ignore[arg-type]
            "official",
            gettext("OFS/BFS, population 2019"),
        ),
        _fig(
            "communes",
            gettext("Communes"),
            format_number(s["communes"]),  # type: ignore[arg-type]
            "official",
            gettext("OFS/BFS, répertoire officiel des communes 2023"),
        ),
    ]
    v = s.get("valais")
    if not isinstance(v, dict):
        return figs
    supply, access, ed = v["primary_care"], v["access"], v["emergency"]
    if supply["fte"] is not None:
        figs.append(
            _fig(
                "supply_ch",
                gettext("Médecins de premier recours (équivalents temps plein)"),
                "≈ " + format_decimal(supply["fte"], 0),
                "estimate",
                gettext(supply["source"]),
            )
        )
        figs.append(
            _fig(
                "supply_density_ch",
                gettext("Médecins de premier recours (EPT) pour 1 000 habitants"),
                format_decimal(supply["fte_per_1000"], 2),
                "estimate",
                gettext(supply["source"]),
            )
        )
    if access["fte_per_1000"] is not None:
        figs.append(
            _fig(
                "access_ch",
                gettext("Accessibilité estimée (EPT accessibles pour 1 000 habitants)"),
                format_decimal(access["fte_per_1000"], 2),
                "estimate",
                gettext(access["source"]),
            )
        )
    if ed["minutes_mean"] is not None:
        figs.append(
            _fig(
                "minutes_emergency_ch",
                gettext("Temps moyen jusqu'au service d'urgence le plus proche"),
                gettext("{n} min").format(n=format_decimal(ed["minutes_mean"], 0)),
                "estimate",
                gettext(ed["source"]),
            )
        )
    if ed["share_beyond_30"] is not None:
        figs.append(
            _fig(
                "far_emergency_ch",
                gettext("Population à plus de 30 min d'un service d'urgence"),
                format_percent(ed["share_beyond_30"]),
                "estimate",
                gettext(ed["source"]),
            )
        )
    return figs


def _engine_figures(map_level: str, feats: Sequence[AreaFeature]) -> list[KeyFigure]:
    if map_level != "commune":
        return []
    pops = [f.population for f in feats]
    out = []
    apl = _weighted([f.apl_computed for f in feats], pops)
    if apl is not None:
        out.append(
            _fig(
                "apl_computed",
                gettext("APL calculée (temps de trajet estimés)"),
                format_decimal(apl, 2),
                "estimate",
                gettext("ProxiSanté, moteur d'accès"),
            )
        )
    gp = _weighted([f.minutes_gp for f in feats], pops)
    if gp is not None:
        out.append(
            _fig(
                "minutes_gp",
                gettext("Temps moyen jusqu'au généraliste le plus proche"),
                gettext("{n} min").format(n=format_decimal(gp, 0)),
                "estimate",
                gettext("ProxiSanté, temps de trajet estimés"),
            )
        )
    known = [(f.minutes_emergency, f.population) for f in feats if f.minutes_emergency is not None]
    total = sum(p for _, p in known)
    if known and total:
        far = sum(p for m, p in known if m > HOSPITAL_MINUTES) / total
        country = country_of(feats[0].code)
        out.append(
            _fig(
                "far_emergency",
                gettext(
                    "Population à plus de 30 min d'un service d'urgence (SMUR et MCS non comptés)"
                ),
                format_percent(far),
                "estimate",
                gettext(SOURCE_TEXTS["valais_facts" if country == "CH" else "sae2025"]),
            )
        )
    return out


def _profession_figures(terr: Territory, code: str, s: dict[str, object]) -> list[KeyFigure]:
    """The official nurse APL of the area and the DREES APL 2024 of five professions of its
    département (or France), labelled as averages of that level."""
    from proxisante.territory.professions import LABELS, LEVEL_PHRASES, professions_apl

    out = []
    nurse = s.get("apl_nurse_2023")
    if isinstance(nurse, float):
        out.append(
            _fig(
                "apl_nurse",
                gettext("APL aux infirmières (2023, ETP pour 100 000 hab.)"),
                format_decimal(nurse, 1),
                "official",
                "DREES",
            )
        )
    block = professions_apl(terr, code)
    if block is None:
        return out
    at = gettext(LEVEL_PHRASES[block.level]).format(name=block.name)
    for v in block.values:
        if v.apl_2024 is None:
            continue
        out.append(
            _fig(
                f"apl_2024_{v.profession}",
                gettext("APL 2024 aux {profession} ({level})").format(
                    profession=gettext(LABELS[v.profession]), level=at
                ),
                format_decimal(v.apl_2024, 2 if v.profession == "gp" else 1),
                "official",
                gettext("DREES, APL 2024 par département"),
            )
        )
    return out


def _regional_apl(terr: Territory, code: str) -> float | None:
    rows = terr.communes.loc[terr.communes_in(code)]
    reg = rows["region"].dropna()
    return region_apl(terr, reg.iloc[0]) if len(reg) else None


def neighbours(terr: Territory, code: str) -> tuple[Neighbour, ...]:
    """Areas of the same kind bordering ``code`` (communes for a commune), computed once."""
    hit = _NEIGHBOURS.get(code)
    if hit is None:
        hit = _NEIGHBOURS[code] = _neighbours(terr, code)
    return hit


_NEIGHBOURS: dict[str, tuple[Neighbour, ...]] = {}


def _neighbours(terr: Territory, code: str) -> tuple[Neighbour, ...]:
    scope = scope_of_area(terr, code)
    if scope.level in ("country", "ch_canton", "arrondissement"):
        return ()
    rows = terr.communes.loc[list(scope.communes)]
    com = terr.communes
    m = 0.3
    near = com[
        com["lon"].between(rows["lon"].min() - m, rows["lon"].max() + m)
        & com["lat"].between(rows["lat"].min() - m, rows["lat"].max() + m)
    ]
    touching = neighbour_communes(scope, contour_geometries(), near.index)
    codes = neighbour_areas(terr, scope, touching)
    names = [terr.name_of(c) for c in codes]
    order = np.argsort(names)
    return tuple(Neighbour(codes[i], names[i]) for i in order)


def verdict(terr: Territory, code: str, name: str) -> str | None:
    """The page's one-sentence verdict (French areas; None in Valais)."""
    from proxisante.diagnosis.verdict import verdict_sentence

    refs = references(terr, code)
    if refs is None:
        return None
    own = area_values(terr.communes.loc[terr.communes_in(code)])
    return verdict_sentence(name, own.apl, own.sous_dense, refs.region.apl, refs.france.apl)


def neighbour_figures(terr: Territory, code: str) -> list[NeighbourFigures]:
    """The neighbours of ``code`` with their population, GP density, official APL and class."""
    refs = references(terr, code)
    out = []
    for n in neighbours(terr, code):
        rows = terr.communes.loc[terr.communes_in(n.code)]
        v = area_values(rows)
        fr = str(rows["country"].iloc[0]) == "FR" if len(rows) else False
        klass = (
            classify(v.apl, refs.region.apl if refs else None, v.sous_dense).klass
            if fr
            else "non_classe"
        )
        fte = "—"
        if not fr and len(rows):
            from proxisante.territory.valais import primary_care_estimate

            total = float(primary_care_estimate(rows)["fte"].sum())
            pop = float(rows["population"].sum())
            fte = "≈ " + format_decimal(1000 * total / pop, 2) if pop and total else "—"
        out.append(
            NeighbourFigures(
                n.code,
                n.name,
                format_number(int(rows["population"].sum())),
                "—" if v.gp_density is None or not fr else format_decimal(v.gp_density, 1),
                "—" if v.apl is None else format_decimal(v.apl, 2),
                class_label(klass, page=True),
                fte,
            )
        )
    return out


@dataclass(frozen=True)
class ZoneShare:
    label: str
    communes: int
    population_share: str


def zoning(terr: Territory, code: str) -> list[ZoneShare]:
    """The GP zoning of the area's communes from the compiled ARS orders (provenance not
    verified: the page says so), as the share of the population in each zone."""
    rows = terr.communes.loc[terr.communes_in(code)]
    if "zoning_compiled" not in rows or not len(rows) or str(rows["country"].iloc[0]) != "FR":
        return []
    zones = rows["zoning_compiled"].where(rows["zoning_compiled"].isin(list(ZONES)))
    pop = float(rows["population"].sum()) or 1.0
    out = []
    for z in ZONES:
        hit = rows[zones == z]
        if len(hit):
            out.append(
                ZoneShare(
                    gettext(ZONES[z]), len(hit), format_percent(hit["population"].sum() / pop)
                )
            )
    return out
