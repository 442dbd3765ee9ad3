"""A documented proxy for emergency-care sites, and its check against INSEE BPE 2024.

No open file at hand flags emergency departments (the GISCO/FINESS hospital list has an empty
``emergency`` column). The proxy keeps the hospital sites that can plausibly run an emergency
service:

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

The thresholds are a judgement made with the BPE 2024 count of emergency services per
département in view (the only reference at hand; the rule improves the agreement on both the
even and the odd départements, see ``docs/explanation/access.md``): :func:`check_against_bpe`,
``proxisante access fidelity`` and ``proxisante data sites --kind emergency`` show that check.
An imported list of emergency
departments (``structures-csv``, type ``emergency``/``smur``) replaces the proxy.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
PROXY_LABEL = (
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
class EmergencyCheck:
    """Proxy sites per département against BPE 2024 emergency services."""

    per_departement: pd.DataFrame  # dep, name, proxy_sites, bpe_2024
    spearman: float
    total_proxy: int
    total_bpe_2024: int

    @property
    def total_ratio(self) -> float:
        return self.total_proxy / self.total_bpe_2024 if self.total_bpe_2024 else float("nan")

    def summary(self) -> dict[str, object]:
        return {
            "spearman_per_departement": round(self.spearman, 3),
            "departements": len(self.per_departement),
            "total_proxy_sites": self.total_proxy,
            "total_bpe_2024_urgences": self.total_bpe_2024,
            "total_ratio": round(self.total_ratio, 3),
            "source_check": "INSEE, BPE 2024 (Statistiques locales), « Urgences (en nombre) »",
        }


def check_against_bpe(sites: pd.DataFrame, departments: pd.DataFrame) -> EmergencyCheck:
    """Count proxy sites per département and compare with BPE 2024 ``emergency_2024``."""
    from scipy import stats

    dep = departments.set_index("dep")
    counts = sites["departement"].dropna().str.removeprefix("dep:").value_counts()
    table = pd.DataFrame(
        {
            "dep": dep.index,
            "name": dep["name"].to_numpy(),
            "proxy_sites": counts.reindex(dep.index).fillna(0).astype(int).to_numpy(),
            "bpe_2024": dep["emergency_2024"].astype("float64").to_numpy(),
        }
    )
    ok = table["bpe_2024"].notna()
    rho = float(stats.spearmanr(table.loc[ok, "proxy_sites"], table.loc[ok, "bpe_2024"]).statistic)
    return EmergencyCheck(
        table, rho, int(table.loc[ok, "proxy_sites"].sum()), int(table.loc[ok, "bpe_2024"].sum())
    )


@dataclass(frozen=True)
class EmergencySites:
    """The emergency sites in use: imported ones when there are, otherwise the proxy."""

    table: pd.DataFrame  # id, name, lon, lat, commune, departement, …
    label: str
    proxy: bool
    notes: tuple[str, ...]


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


def emergency_sites(
    hospitals: pd.DataFrame,
    communes: pd.DataFrame,
    structures: pd.DataFrame | None = None,
    finess: pd.DataFrame | None = None,
) -> EmergencySites:
    """Imported emergency structures (placed at their commune when they have no point), else
    the proxy for France — built on an imported FINESS extract when there is one, on the
    bundle's FINESS 2020 sites otherwise — plus the emergency departments serving Valais
    (:func:`proxisante.territory.valais.emergency_departments`)."""
    own = imported_emergency(structures)
    if own is not None:
        where = communes.reindex(own["commune"].astype(str))
        own["lon"] = own["lon"].fillna(pd.Series(where["lon"].to_numpy(), own.index))
        own["lat"] = own["lat"].fillna(pd.Series(where["lat"].to_numpy(), own.index))
        own["departement"] = own["commune"].astype(str).map(communes["departement"])
        own = own[own["lon"].notna() & own["lat"].notna()]
        return EmergencySites(
            own.reset_index(drop=True),
            "service d'urgence ou SMUR (importé)",
            False,
            (f"{len(own)} structure(s) d'urgence importée(s) : elles remplacent l'indicateur.",),
        )
    own_finess = finess is not None and not finess.empty
    base = finess_as_hospitals(finess) if own_finess else hospitals  # type: ignore[arg-type]
    fr = emergency_proxy(base, communes)
    source = "l'extrait FINESS importé" if own_finess else "FINESS 2020 (GISCO)"
    from proxisante.territory.valais import emergency_departments

    ch = emergency_departments(hospitals)  # the Valais layer (SOURCES.md §22)
    ch["departement"] = None
    ch["rule"] = "service d'urgence (Valais)"
    table = pd.concat([fr, ch], ignore_index=True)
    return EmergencySites(
        table,
        "service d'urgence (indicateur approché)",
        True,
        (
            f"Indicateur approché : {len(fr)} sites hospitaliers retenus en France à partir de"
            f" {source} ({PROXY_LABEL}). Importez la liste des services d'urgence"
            " (structures-csv, type emergency) pour le remplacer.",
        ),
    )
