"""Département-level figures: liberal GPs 2020 → 2024, other professions per 10 000, and the
national age structure of doctors (DREES) as a labelled default.

Levels are stated with every figure: these counts exist per département only (INSEE BPE 2024
via Statistiques locales; BPE 2020 by commune summed per département), so an EPCI or a commune is
shown the figures of its département, labelled as such; a région or France sums its départements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from proxisante.territory.bundle import load_department_health, load_workforce_ages
from proxisante.territory.territory import Territory

TREND_SOURCE = (
    "INSEE, BPE 2020 (médecins généralistes libéraux par commune, via ANCT, sommés par"
    " département) et BPE 2024 (Statistiques locales, « Médecin généraliste »)"
)
DENSITY_SOURCE = "INSEE, BPE 2024 (Statistiques locales) ; population : estimation INSEE 2025"


@dataclass(frozen=True)
class DepartmentFigures:
    """Counts of the départements an area is measured on, and what they are."""

    level: str  # "departement", "region", "country"
    codes: tuple[str, ...]  # dep:03, …
    label: str
    gp_2020: int
    gp_2024: int
    nurses_2024: int
    pharmacies_2024: int
    dentists_2024: int
    population_2025: int

    @property
    def gp_change(self) -> int:
        return self.gp_2024 - self.gp_2020

    @property
    def gp_change_pct(self) -> float:
        return 100.0 * self.gp_change / self.gp_2020 if self.gp_2020 else float("nan")

    def per_10000(self, count: int) -> float:
        return count / self.population_2025 * 1e4 if self.population_2025 else float("nan")

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = asdict(self)
        out["codes"] = list(self.codes)
        out["gp_change"] = self.gp_change
        out["gp_change_pct"] = round(self.gp_change_pct, 1)
        out["per_10000"] = {
            name: round(self.per_10000(getattr(self, f"{name}_2024")), 2)
            for name in ("gp", "nurses", "pharmacies", "dentists")
        }
        out["sources"] = {"trend": TREND_SOURCE, "per_10000": DENSITY_SOURCE}
        out["same_equipment"] = (
            "même équipement BPE « médecin généraliste » (libéraux) en 2020 et 2024 ; le code"
            " n'est pas écrit dans l'export 2024 (voir docs/reference/data.md)"
        )
        return out


def department_figures(terr: Territory, code: str) -> DepartmentFigures | None:
    """The département figures for an area (None outside France)."""
    area = terr.area(code)
    if area.level == "arrondissement":
        return None
    rows = terr.communes.loc[terr.communes_in(area.code)]
    if rows.empty or str(rows["country"].iloc[0]) != "FR":
        return None
    deps = rows["departement"].dropna()
    if area.level in ("region", "country", "departement"):
        codes = tuple(sorted(set(deps)))
        level = area.level
        label = area.name if area.level != "departement" else f"département {area.name}"
    else:
        # An EPCI or a commune: the département holding most of its population.
        main = rows.groupby("departement")["population"].sum().idxmax()
        codes, level = (str(main),), "departement"
        label = f"département {terr.area(str(main)).name} (niveau départemental)"
    table = load_department_health().set_index("dep")
    sel = table.loc[[c.removeprefix("dep:") for c in codes]]

    def total(col: str) -> int:
        return int(pd.to_numeric(sel[col]).sum())

    return DepartmentFigures(
        level=level,
        codes=codes,
        label=label,
        gp_2020=total("gp_2020"),
        gp_2024=total("gp_2024"),
        nurses_2024=total("nurses_2024"),
        pharmacies_2024=total("pharmacies_2024"),
        dentists_2024=total("dentists_2024"),
        population_2025=total("population_2025"),
    )


@dataclass(frozen=True)
class AgeProfile:
    """National age structure of a profession (DREES), a labelled default for planning."""

    profession: str
    year: int
    bands: tuple[str, ...]
    shares: tuple[float, ...]
    label: str

    def share_from(self, age: int) -> float:
        """Share of the profession aged ``age`` or more (bands starting at or after it)."""
        return sum(s for b, s in zip(self.bands, self.shares, strict=True) if _band_start(b) >= age)


def _band_start(band: str) -> int:
    if band.startswith("<"):
        return 0
    return int(band.rstrip("+").split("-")[0])


def national_age_profile(profession: str = "doctor", year: int = 2020) -> AgeProfile:
    """DREES national age bands of ``profession`` at 1 January ``year`` (2012–2020).

    For doctors this is *all* doctors (every speciality), France entière: a default where a
    territory's own GP ages are not imported, and labelled so.
    """
    ages = load_workforce_ages()
    sel = ages[(ages["profession"] == profession) & (ages["year"] == year)]
    if sel.empty:
        raise ValueError(f"no DREES age bands for {profession!r} in {year}")
    sel = sel.sort_values("band_order")
    total = float(sel["count"].sum())
    return AgeProfile(
        profession,
        year,
        tuple(sel["age_band"].astype(str)),
        tuple(float(c) / total for c in sel["count"]),
        f"DREES, démographie des professionnels de santé, {profession} France entière au"
        f" 1er janvier {year} (structure nationale, par défaut)",
    )
