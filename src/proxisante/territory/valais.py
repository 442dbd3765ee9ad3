"""Valais: primary-care supply from the published figures, the emergency departments and the
channels that tell residents where to go (``SOURCES.md`` §22; no table of doctors per commune
or district exists in reach).

**Primary-care supply (estimation).** The Observatoire valaisan de la santé (OVS) published,
from its 2018 survey, the density of primary-care doctors in full-time equivalents (FTE) per
1,000 inhabitants for the canton (0.80) and its three regions (Haut-Valais 0.79, Valais central
0.85, Bas-Valais 0.76), and a count of 406 primary-care doctors in 2021. A commune's or a
district's supply is **estimated** by giving each commune its region's density times its
population (BFS 2019): it shows the differences between regions and the size of each place, not
where doctors actually practise. A headcount estimate spreads the 406 doctors the same way.

**Emergency departments.** :func:`emergency_departments` is the one place that says which
Valais sites have an emergency department (§22: Sion and Visp round the clock, Martigny 8–18 h
since 9 January 2023, Rennaz in Vaud for the Chablais; Sierre and Brig have none). Every page,
figure and command that shows a Valais emergency department reads it.

**Where to go.** :data:`CHANNELS` are the Swiss numbers and the Valais on-call centres; the
country of the commune decides which numbers a page gives (:func:`channels_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from proxisante.i18n import N_

# --- primary-care supply: OVS, published figures (SOURCES.md §22) ------------------------------

REGION_FTE_PER_1000 = {
    "ch-region:haut-valais": 0.79,
    "ch-region:valais-central": 0.85,
    "ch-region:bas-valais": 0.76,
}
"""Primary-care doctors in FTE per 1,000 inhabitants, OVS 2018 survey (as published)."""
CANTON_FTE_PER_1000 = 0.80
PRIMARY_CARE_DOCTORS_2021 = 406
"""Primary-care doctors practising in Valais in 2021 (OVS)."""
SUPPLY_SOURCE = N_("OVS, enquête 2018 (EPT pour 1 000 habitants par région)")
DOCTORS_SOURCE = N_("OVS 2021 (406 médecins de premier recours), réparti par population")
ACCESS_SOURCE = N_("ProxiSanté, E2SFCA sur l'offre estimée (OVS 2018) et la population OFS 2019")


def primary_care_estimate(communes: pd.DataFrame) -> pd.DataFrame:
    """Estimated primary-care supply of each Valais commune of ``communes`` (indexed by code,
    with ``population`` and ``ch_region``): ``fte`` (region density × population) and
    ``doctors`` (the 406 doctors of 2021 spread by the same weights). Other rows: missing."""
    ch = communes["country"] == "CH"
    density = communes["ch_region"].map(REGION_FTE_PER_1000).where(ch).astype(float)
    fte = density * communes["population"].astype(float) / 1000.0
    total = _canton_fte(communes)
    doctors = fte / total * PRIMARY_CARE_DOCTORS_2021 if total else fte * float("nan")
    return pd.DataFrame({"fte": fte, "doctors": doctors}, index=communes.index)


def _canton_fte(communes: pd.DataFrame) -> float:
    ch = communes[communes["country"] == "CH"]
    if ch.empty:
        return 0.0
    density = ch["ch_region"].map(REGION_FTE_PER_1000).astype(float)
    return float((density * ch["population"].astype(float)).sum() / 1000.0)


@dataclass(frozen=True)
class SupplyFigures:
    """The estimated supply of a set of Valais communes."""

    fte: float
    doctors: float
    fte_per_1000: float | None
    population: int


def supply_of(rows: pd.DataFrame, every: pd.DataFrame) -> SupplyFigures | None:
    """The estimated supply of the Valais communes ``rows``; ``every``: all communes (the
    canton's total spreads the 406 doctors). None outside Valais."""
    rows = rows[rows["country"] == "CH"]
    if rows.empty:
        return None
    est = primary_care_estimate(every).reindex(rows.index)
    pop = int(rows["population"].sum())
    fte = float(est["fte"].sum())
    return SupplyFigures(
        fte=fte,
        doctors=float(est["doctors"].sum()),
        fte_per_1000=fte / pop * 1000.0 if pop else None,
        population=pop,
    )


# --- emergency departments (SOURCES.md §22) ------------------------------------------------------

# GISCO/OFSP 2017 hospital sites (SOURCES.md §6) that hold a Valais emergency department, by id.
_ED_SITES = (
    ("324", "Sion", None),  # Hôpital de Sion (Champsec), round the clock
    ("318", "Visp", None),  # Spitalzentrum Oberwallis, Standort Visp, round the clock
    ("325", "Martigny", (8, 18)),  # by day since 9 January 2023; nights: Sion or Rennaz
)
# Rennaz (Vaud) opened in 2019, after the 2017 list: placed at its locality's point in
# swisstopo's register (AMTOVZ, "Rennaz;1847;…;5412;VD", SOURCES.md §8).
_RENNAZ = ("Hôpital Riviera-Chablais Vaud-Valais", "Rennaz (VD)", 6.917682, 46.375881)
ED_SOURCE = N_("Hôpital du Valais, HRC, canton du Valais : faits publiés ; sites OFSP 2017")


def emergency_departments(hospitals: pd.DataFrame) -> pd.DataFrame:
    """The emergency departments serving Valais: ``id``, ``name``, ``site``, ``locality``,
    ``commune`` (None outside the bundle), ``lon``, ``lat``, ``open_from``, ``open_until``
    (hours; missing: round the clock), ``country``. ``hospitals``: the bundle's hospital table.

    The one place the Valais emergency layer is read: the bundle's emergency layer (its Swiss
    rows, built from the facts of SOURCES.md §22), else the same sites from the hospital list."""
    from proxisante.territory.bundle import load_emergency_departments

    layer = load_emergency_departments()
    if layer is not None and (layer["country"] == "CH").any():
        ch = layer[layer["country"] == "CH"]
        out = ch[["id", "name", "locality", "commune", "lon", "lat", "country"]].copy()
        # The hospital list's own name of the site (GISCO/OFSP), else the locality.
        site = ch["point"].astype(str).str.extract(r", site (.+)$")[0]
        out["site"] = site.fillna(ch["locality"])
        out["open_from"] = ch["open_from"].astype(object).where(ch["open_from"].notna(), None)
        out["open_until"] = ch["open_until"].astype(object).where(ch["open_until"].notna(), None)
        return out.reset_index(drop=True)
    by_id = hospitals.assign(_id=hospitals["id"].astype(str)).set_index("_id")
    rows = []
    for site_id, locality, hours in _ED_SITES:
        if site_id not in by_id.index:
            continue
        h = by_id.loc[site_id].to_dict()
        rows.append(
            {
                "id": f"ch-ed-{locality.lower()}",
                "name": str(h["name"]),
                "site": str(h["site"]),
                "locality": locality,
                "commune": str(h["commune"]),
                "lon": float(h["lon"]),
                "lat": float(h["lat"]),
                "open_from": hours[0] if hours else None,
                "open_until": hours[1] if hours else None,
                "country": "CH",
            }
        )
    name, locality, lon, lat = _RENNAZ
    rows.append(
        {
            "id": "ch-ed-rennaz",
            "name": name,
            "site": "Rennaz",
            "locality": locality,
            "commune": None,
            "lon": lon,
            "lat": lat,
            "open_from": None,
            "open_until": None,
            "country": "CH",
        }
    )
    return pd.DataFrame(rows)


# --- where to go: numbers and on-call centres ----------------------------------------------------


@dataclass(frozen=True)
class Channel:
    """A number or place to turn to: ``number`` (None for a place), ``title`` and ``text``
    (French source texts, translated where shown), ``commune`` (a place's commune) and the
    ``source`` that says so."""

    key: str
    number: str | None
    title: str
    text: str
    source: str
    commune: str | None = None


# Sources: 144 — Organisation cantonale valaisanne des secours (OCVS), centrale 144 (directive
# cantonale sur le service de garde). 0848 200 300 — Canton du Valais and SMVS, single number
# for non-life-threatening emergencies since 1 September 2025 (Keystone-ATS / swissinfo,
# 1 Sept. 2025; vs.ch press release articleId 44090027, Dec. 2025); it replaces the paid lines
# 0900 144 033 (adults) and 0900 144 027 (children), switched off at the end of 2025, and
# forwards to the on-duty pharmacy, dental and psychiatric lines. On-call centres: Hôpital du
# Valais list of alternatives (Dec. 2024), SOURCES.md §22.
_CANTON = "Canton du Valais / SMVS, numéro unique depuis le 1er septembre 2025"
CH_NUMBERS = (
    Channel(
        "144",
        "144",
        N_("Urgence vitale (Suisse)"),
        N_("Ambulance et urgence médicale vitale, jour et nuit, dans toute la Suisse."),
        "OCVS, centrale 144",
    ),
    Channel(
        "on_call",
        "0848 200 300",
        N_("Urgence non vitale (Valais)"),
        N_(
            "Numéro unique du Valais, gratuit, jour et nuit, en français, allemand et anglais : "
            "un médecin au téléphone, ou l'adresse du médecin ou du centre de garde."
        ),
        _CANTON,
    ),
    Channel(
        "pharmacy",
        "0848 200 300",
        N_("Pharmacie de garde (Valais)"),
        N_("Le même numéro vous oriente vers la pharmacie de garde la plus proche."),
        _CANTON,
    ),
    Channel(
        "112",
        "112",
        N_("Numéro d'urgence européen"),
        N_("Depuis tout téléphone, en Suisse comme en France."),
        "112",
    ),
)
FR_NUMBERS = (
    Channel(
        "15",
        "15",
        N_("SAMU (France)"),
        N_("Urgence vitale, jour et nuit."),
        "Ministère de la Santé",
    ),
    Channel(
        "116117",
        "116 117",
        N_("Médecin de garde (France)"),
        N_(
            "Le soir, la nuit, le week-end, quand votre médecin est fermé et que ce n'est pas "
            "une urgence vitale."
        ),
        "Ministère de la Santé",
    ),
    Channel(
        "3237",
        "3237",
        N_("Pharmacie de garde (France)"),
        N_("La pharmacie de garde la plus proche, la nuit, le dimanche et les jours fériés."),
        "Résogardes",
    ),
    Channel(
        "112",
        "112",
        N_("Numéro d'urgence européen"),
        N_("Depuis tout téléphone, en France comme en Suisse."),
        "112",
    ),
)
_CENTRES = "Hôpital du Valais, alternatives aux urgences (déc. 2024)"
ON_CALL_CENTRES = (
    Channel(
        "valere",
        None,
        "Centre médical de Valère",
        N_("Centre médical de garde, urgences non vitales"),
        _CENTRES,
        "ch:6266",
    ),
    Channel(
        "emvw",
        None,
        "Espace Médical Valais-Wallis",
        N_("Centre médical de garde, urgences non vitales"),
        _CENTRES,
        "ch:6248",
    ),
    Channel(
        "vigimed",
        None,
        "Vigimed",
        N_("Permanence médicale, urgences non vitales"),
        _CENTRES,
        "ch:6136",
    ),
    Channel(
        "visp",
        None,
        "Centre médical d'urgences Visp",
        N_("Maison de garde sur le site de l'hôpital, urgences non vitales"),
        _CENTRES,
        "ch:6297",
    ),
)


def channels_for(country: str) -> tuple[Channel, ...]:
    """The numbers a page gives for a commune of ``country`` (``FR`` or ``CH``), first the
    one to call in a life-threatening emergency."""
    return CH_NUMBERS if country == "CH" else FR_NUMBERS
