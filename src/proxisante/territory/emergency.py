"""Emergency departments: the layer in use, when each site is open, and its check against
INSEE BPE 2024.

**The layer** (:func:`emergency_sites`), in this order of precedence:

1. a user's own list (``proxisante data import structures-csv``, type ``emergency``/``smur``);
2. the bundle's list (:func:`proxisante.territory.bundle.load_emergency_departments`): France's
   authorised emergency departments from DREES SAE 2025 (616 geographic sites with FINESS
   points, each with its general, paediatric, seasonal and antenna authorisations) and the
   Valais ones from published facts (Sion and Visp round the clock, Martigny by day,
   :data:`MARTIGNY_HOURS`, Rennaz in Vaud for the Chablais);
3. only if the bundle lacks that list, the **fallback proxy** below, labelled as such.

**When a site counts** (:func:`open_mask`, :meth:`EmergencyDepartment.openness`): a site with a
general authorisation counts all year; a paediatric-only site only when children are asked for;
a seasonal-only site only in its season, :data:`SEASON_MONTHS` (July–August), and **not when
no date is given** (open all year: false). In SAE 2025 the three sites with a seasonal
authorisation also hold a general one, so they count all year. A site with opening hours
(Martigny, 8–18 h since 9 January 2023) counts at a given time only inside them; with no time of
day it counts, marked "by day only" (*jour seulement*).

**The fallback proxy** (:func:`emergency_proxy`): general acute hospital sites of the GISCO/FINESS
2020 list kept by a documented rule, written when no list of emergency departments was at hand:

1. **general acute hospitals only**: public *Centre Hospitalier* and *Centre Hospitalier
   Régional* sites in a commune of at least :data:`PUBLIC_MIN_POPULATION` inhabitants, and private
   multi-speciality clinics (*Établissement de soins pluridisciplinaire*) in a commune of at least
   :data:`PRIVATE_MIN_POPULATION`, at most one per started :data:`PRIVATE_PER_INHABITANTS`
   inhabitants of the commune; former local hospitals, psychiatric
   (CHS), long-stay (USLD), rehabilitation (SSR), cancer, dialysis and other single-activity
   establishments are left out by type;
2. sites whose name says they are not an acute hospital are left out (:data:`NOT_ACUTE`: day
   hospitals, psychiatry, consultation, screening, SMUR antennas and SAMU platforms, schools…);
3. **one site per establishment and place**: the list has no legal-entity number, so a commune
   counts one public acute site (the sites of one CH or CHU in a town are one establishment
   there), except Paris, Lyon and Marseille, whose university hospitals are separate hospitals
   (one per distinct name).

:func:`check_against_bpe` counts the sites of a layer per département against the BPE 2024
emergency services (``proxisante data sites --kind emergency`` prints it). SMUR bases and
*médecins correspondants du SAMU* are in none of these lists: times to an emergency department
are not times to emergency care.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

import numpy as np
import pandas as pd

from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.types import BoolArray

SEASON_MONTHS = (7, 8)
"""Months in which a seasonal-only emergency department counts (July, August)."""
MARTIGNY_HOURS = (8, 18)
"""Martigny's emergency department: open 8–18 h since 9 January 2023 (Hôpital du Valais)."""

Moment = datetime | date | None
"""When access is asked for: a datetime (date and time of day known), a date (season known, time
of day not), or None (neither: seasonal-only sites do not count, part-time sites count by day)."""

Openness = Literal["open", "day_only", "closed"]


class BadMomentError(UserError):
    """A ``--when`` that is neither a date nor a date and time."""


def parse_moment(text: str | None) -> Moment:
    """``2025-08-01`` (a date: the season is known, the time of day not) or
    ``2025-08-01T22:00`` (date and time); None or empty: neither.

    >>> parse_moment("2025-08-01"), parse_moment("2025-08-01T22:30")
    (datetime.date(2025, 8, 1), datetime.datetime(2025, 8, 1, 22, 30))
    """
    if text is None or not text.strip():
        return None
    t = text.strip()
    try:
        return datetime.fromisoformat(t) if ("T" in t or " " in t) else date.fromisoformat(t)
    except ValueError:
        raise BadMomentError(
            _(
                "--when {value} : date attendue AAAA-MM-JJ, ou date et heure AAAA-MM-JJTHH:MM "
                "(p. ex. 2025-08-01 ou 2025-08-01T22:00)"
            ).format(value=repr(text[:40]))
        ) from None


ORIGIN_LAYER, ORIGIN_IMPORTED, ORIGIN_PROXY = "layer", "imported", "proxy"
SOURCE_TEXTS = {
    "sae2025": N_("DREES, SAE 2025 et FINESS 2026 (via France-Monitor)"),
    "valais_facts": N_("Hôpital du Valais / HRC, faits publiés"),
    "gisco_proxy": N_("FINESS 2020 via Eurostat GISCO (indicateur approché)"),
    "gisco_ch": N_("OFSP 2017 via Eurostat GISCO (indicateur approché)"),
    "imported": N_("liste importée (structures-csv)"),
}
NOT_COUNTED = N_(
    "Les SMUR et les médecins correspondants du SAMU (MCS) ne sont pas comptés : le temps est "
    "celui de la route jusqu'au service d'urgence, pas le délai d'une prise en charge urgente."
)

PUBLIC_TYPES = ("Centre Hospitalier (C.H.)", "Centre Hospitalier Régional (C.H.R.)")
PRIVATE_TYPES = ("Etablissement de Soins Pluridisciplinaire",)
PUBLIC_MIN_POPULATION = 5000
PRIVATE_MIN_POPULATION = 20000
PRIVATE_PER_INHABITANTS = 100000
PLM = ("75056", "69123", "13055")
NOT_ACUTE = (
    r"\b(?:HOPITAL DE JOUR|HOP DE JOUR|HJ|\w*PSY\w*|USLD|LONGUE DUREE|SSR|SUITE|READAPT\w*"
    r"|REEDUC\w*|EHPAD|CMP|CATTP|MEDICO\w*|CONSULT\w*|DIALYS\w*|HAD|ACCUEIL|MAISON|RESIDENCE"
    r"|ADDICT\w*|ALCOO\w*|GERIAT\w*|ENFANTS?|ADOLESCENTS?|SANTE MENTALE|SECTEUR|UNITE|FOYER"
    r"|CENTRE DE SOINS|DOMICILE|CONVALESCENCE|REPOS|PALLIATIFS?|IME|CSAPA|IFSI|ECOLE|INSTITUT"
    r"|SPECIALISE|CHS|MALADIES MENTALES|DEPISTAGE|PLANIFICATION|TUBERCULEUSE|SMUR|SAMU"
    r"|PLATE FORME|AGENCE|DENTAIRE|OPHTALMO\w*|INFORMATION|ESPACE|GHU|CENTRE MEDICAL|PHARMACIE"
    r"|LABORATOIRE|BLANCHISSERIE|CUISINE|LOGISTIQUE|ADMINISTRATI\w*|SIEGE|GCS|CRECHE"
    r"|HOSPITALISATION|THERMAL\w*|LES BAINS|EVEIL|EDUCATION|DIABET\w*|NUTRITI\w*|BIOLOGIE"
    r"|PATHOLOGIE|ODONTOLOGIE|EXAMENS?|CURE|SEJOUR|JOUR|UTAFA|ACTIVITES|ANTENNE|SANTELYS"
    r"|RADIOLOG\w*|CARDIOLOG\w*|USN|SERVICE|SCM|CANCER\w*|NEPHRO\w*|GYNECO\w*|MATERNITE"
    r"|OBSTETRI\w*|AMBULATOIRE)\b"
)
PROXY_LABEL = N_(
    "indicateur approché des services d'urgence : hôpitaux généraux (CH, CHR) et cliniques"
    " pluridisciplinaires retenus par une règle documentée ; pas la liste officielle des services"
    " d'urgence"
)


def _upper_ascii(text: pd.Series) -> pd.Series:
    def one(s: object) -> str:
        plain = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode()
        return plain.upper().replace("'", " ").replace("-", " ")

    return text.fillna("").map(one)


def emergency_proxy(hospitals: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """The French hospital sites kept as the emergency-care proxy, with ``departement`` added.

    ``hospitals``: the bundle's table (``name``, ``site``, ``city``, ``facility_type``,
    ``commune``, ``lon``, ``lat``…); ``communes``: indexed by code, with ``population`` and
    ``departement``.
    """
    fr = hospitals[(hospitals["country"] == "FR") & hospitals["lon"].notna()].copy()
    pop = fr["commune"].map(communes["population"]).fillna(0)
    text = _upper_ascii(fr["name"]) + " " + _upper_ascii(fr["site"])
    text = text + " " + _upper_ascii(fr["city"])
    acute_name = ~text.str.contains(NOT_ACUTE, regex=True)
    public = fr["facility_type"].isin(PUBLIC_TYPES) & (pop >= PUBLIC_MIN_POPULATION)
    private = fr["facility_type"].isin(PRIVATE_TYPES) & (pop >= PRIVATE_MIN_POPULATION)
    pub = fr[public & acute_name].drop_duplicates(["commune", "name"])
    plm = pub["commune"].isin(PLM)
    pub = pd.concat([pub[plm], pub[~plm].drop_duplicates("commune")])
    priv = fr[private & acute_name].drop_duplicates(["commune", "name"]).sort_values("id")
    # Large cities hold several private emergency services: one clinic per started
    # PRIVATE_PER_INHABITANTS inhabitants of the commune (at least one).
    inhabitants = pd.to_numeric(priv["commune"].map(communes["population"]), errors="coerce")
    cap = np.maximum(np.ceil(inhabitants.to_numpy(dtype="float64") / PRIVATE_PER_INHABITANTS), 1)
    priv = priv[priv.groupby("commune").cumcount().to_numpy() < cap]
    out = pd.concat([pub, priv]).sort_values("id", kind="stable")
    out["departement"] = out["commune"].map(communes["departement"])
    out["rule"] = np.where(out["facility_type"].isin(PRIVATE_TYPES), "clinique", "hôpital public")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class OpeningHours:
    """Daily opening hours of a part-time site (``opens`` ≤ hour < ``closes``), applying from
    ``since`` (None: always)."""

    opens: int
    closes: int
    since: date | None = None

    def applies_on(self, day: date | None) -> bool:
        return day is None or self.since is None or day >= self.since

    def covers(self, at: time) -> bool:
        return self.opens <= at.hour < self.closes


@dataclass(frozen=True)
class EmergencyDepartment:
    """One emergency department of the layer in use."""

    id: str
    name: str
    locality: str
    commune: str | None  # bundle commune code; None outside the bundle (Rennaz, Vaud)
    country: str  # FR, CH
    departement: str | None
    lon: float
    lat: float
    general: bool
    paediatric: bool
    seasonal: bool
    antenna: bool
    passages: int | None
    hours: OpeningHours | None  # None: round the clock
    source: str  # a key of SOURCE_TEXTS

    @property
    def seasonal_only(self) -> bool:
        return self.seasonal and not self.general and not self.paediatric

    @property
    def source_text(self) -> str:
        """The source in the current language (a Swiss site never cites a French one)."""
        return _(SOURCE_TEXTS.get(self.source, self.source))

    def openness(self, when: Moment = None, *, children: bool = False) -> Openness:
        """Whether the site counts at ``when`` (see the module's rules)."""
        day = when.date() if isinstance(when, datetime) else when
        if not (
            self.general or (children and self.paediatric) or (self.seasonal and _in_season(day))
        ):
            return "closed"
        if self.hours is None or not self.hours.applies_on(day):
            return "open"
        if isinstance(when, datetime):
            return "open" if self.hours.covers(when.time()) else "closed"
        return "day_only"

    def hours_text(self) -> str:
        """« 24 h/24 » or the daily hours, in the current language."""
        if self.hours is None:
            return _("24 h/24")
        return _("de jour seulement ({opens}–{closes} h)").format(
            opens=self.hours.opens, closes=self.hours.closes
        )


def _in_season(day: date | None) -> bool:
    return day is not None and day.month in SEASON_MONTHS


def open_mask(
    table: pd.DataFrame, when: Moment = None, *, children: bool = False
) -> tuple[BoolArray, BoolArray]:
    """For each site of ``table``: does it count at ``when``, and is it open round the clock
    then (``when`` with no time of day: part-time sites count by day, not round the clock).

    >>> t = pd.DataFrame({"general": [True, False, True], "paediatric": [False, False, False],
    ...     "seasonal": [False, True, False], "open_from": [None, None, 8],
    ...     "open_until": [None, None, 18], "hours_since": [None, None, "2023-01-09"]})
    >>> [m.tolist() for m in open_mask(t)]
    [[True, False, True], [True, False, False]]
    >>> [m.tolist() for m in open_mask(t, datetime(2025, 8, 1, 22, 0))]
    [[True, True, False], [True, True, False]]
    """
    day = when.date() if isinstance(when, datetime) else when

    def flag(name: str, default: bool) -> BoolArray:
        if name not in table:
            return np.full(len(table), default, dtype=bool)
        return np.asarray(table[name].fillna(default), dtype=bool)

    counts = flag("general", True) | (_in_season(day) & flag("seasonal", False))
    if children:
        counts |= flag("paediatric", False)
    if "open_from" not in table or "open_until" not in table:
        return counts, counts.copy()
    opens = pd.to_numeric(table["open_from"], errors="coerce")
    closes = pd.to_numeric(table["open_until"], errors="coerce")
    since_col = table["hours_since"] if "hours_since" in table else pd.Series(None, table.index)
    since = pd.to_datetime(since_col, errors="coerce")
    applies = opens.notna().to_numpy(copy=True)
    if day is not None:
        applies &= ~(since.notna() & (since > pd.Timestamp(day))).to_numpy()
    if isinstance(when, datetime):
        h = when.hour
        inside = ((opens <= h) & (h < closes)).fillna(False).to_numpy(dtype=bool)
        now = counts & (~applies | inside)
        return now, now.copy()
    return counts, counts & ~applies


def department_of(row: Mapping[Hashable, object]) -> EmergencyDepartment:
    """A row of a layer's table as a typed site."""

    def opt_int(v: object) -> int | None:
        return None if v is None or pd.isna(v) else int(v)  # type: ignore[call-overload]

    def opt_str(v: object) -> str | None:
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)

    opens, closes = opt_int(row.get("open_from")), opt_int(row.get("open_until"))
    since = opt_str(row.get("hours_since"))
    return EmergencyDepartment(
        id=str(row["id"]),
        name=str(row["name"]),
        locality=str(row.get("locality") or row.get("commune") or ""),
        commune=opt_str(row.get("commune")),
        country=str(row.get("country") or "FR"),
        departement=opt_str(row.get("departement")),
        lon=float(row["lon"]),  # type: ignore[arg-type]
        lat=float(row["lat"]),  # type: ignore[arg-type]
        general=bool(row.get("general", True)),
        paediatric=bool(row.get("paediatric", False)),
        seasonal=bool(row.get("seasonal", False)),
        antenna=bool(row.get("antenna", False)),
        passages=opt_int(row.get("passages")),
        hours=None
        if opens is None or closes is None
        else OpeningHours(opens, closes, date.fromisoformat(since) if since else None),
        source=str(row.get("source") or "imported"),
    )


@dataclass(frozen=True)
class EmergencySites:
    """The emergency sites in use: ``table`` (one row per site, the columns of
    :func:`~proxisante.territory.bundle.load_emergency_departments`), what it is (``origin``:
    the bundle's layer, an imported list or the fallback proxy), its label and notes."""

    table: pd.DataFrame
    label: str
    proxy: bool
    notes: tuple[str, ...]
    origin: str = ORIGIN_LAYER
    country_notes: tuple[tuple[str, str], ...] = ()  # (country, note): shown for that country

    def label_for(self, countries: Sequence[str]) -> str:
        """The label of the sites of ``countries`` (a Swiss listing cites no French source)."""
        if self.origin != ORIGIN_LAYER:
            return self.label
        parts = []
        if "FR" in countries:
            parts.append(_("service d'urgence autorisé (DREES, SAE 2025)"))
        if "CH" in countries:
            parts.append(_("service d'urgence (Hôpital du Valais / HRC, faits publiés)"))
        return " ; ".join(parts) or self.label

    def notes_for(self, countries: Sequence[str]) -> tuple[str, ...]:
        """The notes about the sites of ``countries``, then the general ones."""
        own = tuple(n for c, n in self.country_notes if c in countries)
        return own + self.notes

    def departments(self) -> tuple[EmergencyDepartment, ...]:
        return tuple(department_of(r) for r in self.table.to_dict(orient="records"))

    def source_for(self, country: str) -> str:
        """The source of this layer's sites in ``country``, in the current language."""
        if self.origin == ORIGIN_IMPORTED:
            return _(SOURCE_TEXTS["imported"])
        if self.origin == ORIGIN_PROXY:
            return _(SOURCE_TEXTS["gisco_ch" if country == "CH" else "gisco_proxy"])
        return _(SOURCE_TEXTS["valais_facts" if country == "CH" else "sae2025"])


@dataclass(frozen=True)
class EmergencyCheck:
    """Sites of a layer per département against BPE 2024 emergency services."""

    per_departement: pd.DataFrame  # dep, name, sites, bpe_2024
    spearman: float
    total_sites: int
    total_bpe_2024: int
    label: str = ""

    @property
    def total_ratio(self) -> float:
        return self.total_sites / self.total_bpe_2024 if self.total_bpe_2024 else float("nan")

    def summary(self) -> dict[str, object]:
        return {
            "spearman_per_departement": round(self.spearman, 3),
            "departements": len(self.per_departement),
            "total_sites": self.total_sites,
            "total_bpe_2024_urgences": self.total_bpe_2024,
            "total_ratio": round(self.total_ratio, 3),
            "sites": self.label,
            "source_check": "INSEE, BPE 2024 (Statistiques locales), « Urgences (en nombre) »",
        }


def check_against_bpe(
    sites: pd.DataFrame, departments: pd.DataFrame, label: str = ""
) -> EmergencyCheck:
    """Count the sites per département (``departement`` column) and compare with BPE 2024
    ``emergency_2024`` over the départements where INSEE gives a count."""
    from scipy import stats

    dep = departments.set_index("dep")
    counts = sites["departement"].dropna().astype(str).str.removeprefix("dep:").value_counts()
    table = pd.DataFrame(
        {
            "dep": dep.index,
            "name": dep["name"].to_numpy(),
            "sites": counts.reindex(dep.index).fillna(0).astype(int).to_numpy(),
            "bpe_2024": dep["emergency_2024"].astype("float64").to_numpy(),
        }
    )
    ok = table["bpe_2024"].notna()
    rho = float(stats.spearmanr(table.loc[ok, "sites"], table.loc[ok, "bpe_2024"]).statistic)
    return EmergencyCheck(
        table,
        rho,
        int(table.loc[ok, "sites"].sum()),
        int(table.loc[ok, "bpe_2024"].sum()),
        label,
    )


def imported_emergency(structures: pd.DataFrame | None) -> pd.DataFrame | None:
    """Imported emergency departments and SMUR (``structures-csv``), or None."""
    if structures is None or structures.empty:
        return None
    flag = structures.get("emergency", pd.Series(False, index=structures.index))
    mask = structures["type"].isin(["emergency", "smur"]) | flag.fillna(False).astype(bool)
    return structures[mask].copy() if mask.any() else None


def finess_as_hospitals(finess: pd.DataFrame) -> pd.DataFrame:
    """An imported FINESS extract in the layout of the bundle's hospital table.

    FINESS categories carry the same labels as the bundle's ``facility_type`` (GISCO took them
    from FINESS); the legal entity number lets sites of one establishment in one commune count
    once, as the rule asks.
    """
    out = pd.DataFrame(
        {
            "id": finess["id"].astype(str),
            "name": finess["name"],
            "site": None,
            "city": "",
            "facility_type": finess["category"],
            "commune": finess["commune"],
            "lon": pd.to_numeric(finess["lon"]),
            "lat": pd.to_numeric(finess["lat"]),
            "country": "FR",
            "legal_id": finess.get("legal_id"),
        }
    )
    return out.drop_duplicates(["legal_id", "commune"]) if "legal_id" in finess else out


_BUNDLE: pd.DataFrame | None = pd.DataFrame()  # sentinel: "read the bundle's layer"


def _bundle_layer() -> pd.DataFrame | None:
    from proxisante.territory.bundle import load_emergency_departments

    return load_emergency_departments()


def emergency_sites(
    hospitals: pd.DataFrame,
    communes: pd.DataFrame,
    structures: pd.DataFrame | None = None,
    finess: pd.DataFrame | None = None,
    layer: pd.DataFrame | None = _BUNDLE,
) -> EmergencySites:
    """The emergency sites in use: imported emergency structures (placed at their commune when
    they have no point), else ``layer`` (the bundle's SAE 2025 and Valais list by default),
    else — no layer — the fallback proxy: French hospital sites kept by the documented rule (on
    an imported FINESS extract when there is one) plus every Swiss hospital site, labelled."""
    own = imported_emergency(structures)
    if own is not None:
        return _imported(own, communes)
    if layer is _BUNDLE:
        layer = _bundle_layer()
    if layer is not None and not layer.empty:
        return _layer(layer)
    return proxy_sites(hospitals, communes, finess)


def _imported(own: pd.DataFrame, communes: pd.DataFrame) -> EmergencySites:
    where = communes.reindex(own["commune"].astype(str))
    own["lon"] = own["lon"].fillna(pd.Series(where["lon"].to_numpy(), own.index))
    own["lat"] = own["lat"].fillna(pd.Series(where["lat"].to_numpy(), own.index))
    own["departement"] = own["commune"].astype(str).map(communes["departement"])
    own["country"] = np.where(own["commune"].astype(str).str.startswith("ch:"), "CH", "FR")
    own["locality"] = own["commune"].astype(str).map(communes["name"])
    own["route_commune"] = own["commune"].astype(str)
    own["general"], own["source"] = True, "imported"
    own = own[own["lon"].notna() & own["lat"].notna()]
    return EmergencySites(
        own.reset_index(drop=True),
        _("service d'urgence ou SMUR (importé)"),
        False,
        (
            _(
                "{n} structure(s) d'urgence importée(s) : elles remplacent la liste SAE 2025."
            ).format(n=len(own)),
        ),
        ORIGIN_IMPORTED,
    )


def _layer(layer: pd.DataFrame) -> EmergencySites:
    fr = layer[layer["country"] == "FR"]
    ch = layer[layer["country"] == "CH"]
    seasonal_only = int((fr["seasonal"] & ~fr["general"] & ~fr["paediatric"]).sum())
    return EmergencySites(
        layer.reset_index(drop=True),
        _("service d'urgence autorisé (SAE 2025 ; Valais : faits publiés)"),
        False,
        (_(NOT_COUNTED),),
        ORIGIN_LAYER,
        (
            (
                "FR",
                _(
                    "France : {n} services d'urgence autorisés (DREES, SAE 2025), dont {g} "
                    "généraux, {p} pédiatriques seulement ; {s} saisonnier(s) seulement, comptés "
                    "en juillet-août."
                ).format(
                    n=len(fr),
                    g=int(fr["general"].sum()),
                    p=int((fr["paediatric"] & ~fr["general"]).sum()),
                    s=seasonal_only,
                ),
            ),
            (
                "CH",
                _(
                    "Valais : {n} services d'urgence (Hôpital du Valais / HRC, faits publiés) : "
                    "Sion et Viège 24 h/24, Martigny de jour (8–18 h), Rennaz (VD) pour le "
                    "Chablais."
                ).format(n=len(ch)),
            ),
        ),
    )


def proxy_sites(
    hospitals: pd.DataFrame, communes: pd.DataFrame, finess: pd.DataFrame | None = None
) -> EmergencySites:
    """The fallback proxy (no list of emergency departments at hand), labelled."""
    own_finess = finess is not None and not finess.empty
    base = finess_as_hospitals(finess) if own_finess else hospitals  # type: ignore[arg-type]
    fr = emergency_proxy(base, communes)
    fr["source"] = "gisco_proxy"
    source = _("l'extrait FINESS importé") if own_finess else "FINESS 2020 (GISCO)"
    from proxisante.territory.valais import emergency_departments

    ch = emergency_departments(hospitals)  # the Valais sites of the facts (SOURCES.md §22)
    ch["departement"] = None
    ch["rule"] = "service d'urgence (Valais)"
    ch["source"] = "valais_facts"
    table = pd.concat([fr, ch], ignore_index=True)
    names = communes["name"] if "name" in communes else pd.Series(dtype=str)
    table["locality"] = table["commune"].map(names).fillna(table.get("city", ""))
    table["route_commune"] = table["commune"]
    table["general"] = True
    return EmergencySites(
        table,
        _("service d'urgence (indicateur approché, repli)"),
        True,
        (
            _(
                "Indicateur approché (repli : la liste des services d'urgence manque) : {n} "
                "sites hospitaliers retenus en France à partir de {source} ({label})."
            ).format(n=len(fr), source=source, label=_(PROXY_LABEL)),
            _(NOT_COUNTED),
        ),
        ORIGIN_PROXY,
    )


def sites_in(table: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """The sites of ``table`` located in the communes ``codes``."""
    return table[table["commune"].astype(str).isin(set(codes))]
