"""The units a zoning classes: closest to the ARS's *territoires de vie-santé* (TVS) we can get.

The TVS are built by the DREES and the ARS from INSEE's bassins de vie (BV), large ones cut into
smaller territories. INSEE's table of which commune belongs to which BV 2022 is not in our open
data; the BV *poles* are (CartoSanté's BV 2022 file: the code of a BV is its pole commune). So:

- ``bv`` (default): every commune joins the BV pole nearest to it in travel time (the shared
  travel-time provider; straight-line distance where no pole is within the cutoff). INSEE
  attaches a commune to the pole whose intermediate services its inhabitants reach, mostly the
  nearest one: this is an approximation of the BV, said as such. A BV that crosses a regional
  border is split by région (each ARS zones its own région), and a BV above ``split_above``
  inhabitants is split by EPCI, as the large BV are cut into several TVS (pieces under
  :data:`MIN_PART` inhabitants stay with the largest piece).
- ``epci``: the EPCI (an administrative unit, larger or smaller than a TVS).
- ``commune``: every commune alone.
- a grouping file given by the user (``commune,group``).

How well the approximate BV match the real ones is measured against CartoSanté's own BV
values (:func:`bassin_check`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.port import TravelTimeProvider
from proxisante.errors import UserError
from proxisante.i18n import N_, _

UNIT_KINDS = ("bv", "epci", "commune")
LARGE_BASSIN = 50_000
"""Population above which a bassin de vie is split by EPCI (TVS are finer in large BV)."""
MIN_PART = 10_000
"""A piece of a split bassin de vie smaller than this stays with the BV's largest piece."""
POLE_CUTOFF_MIN = 90.0

UNIT_LABELS = {
    "bv": N_(
        "bassins de vie 2022 reconstitués (commune rattachée au pôle le plus proche en temps "
        "de trajet ; coupés par région, et par EPCI au-delà de {n} habitants), approximation "
        "des territoires de vie-santé"
    ),
    "epci": N_("EPCI (unité administrative, faute de territoires de vie-santé)"),
    "commune": N_("commune"),
    "grouping": N_("regroupement fourni par l'utilisateur"),
}


@dataclass(frozen=True, eq=False)
class Units:
    """The unit of every commune (``of``: commune code → unit code) and each unit's name."""

    kind: str
    of: pd.Series
    names: Mapping[str, str]
    label: str


def nearest_pole(
    communes: pd.DataFrame,
    poles: pd.Series,
    provider: TravelTimeProvider,
    cutoff_min: float = POLE_CUTOFF_MIN,
) -> pd.Series:
    """For every commune (index of ``communes``), the pole (a commune code of ``poles``) nearest
    in travel time; straight-line nearest where none is within ``cutoff_min``; a pole is its
    own pole."""
    pole_codes = [p for p in poles.astype(str) if p in communes.index]
    codes = [str(c) for c in communes.index]
    out = pd.Series(None, index=communes.index, dtype=object)
    if not pole_codes:
        return out
    lon = communes.loc[pole_codes, "lon"].to_numpy(dtype=np.float64)
    lat = communes.loc[pole_codes, "lat"].to_numpy(dtype=np.float64)
    tt, _covered = provider.point_times(codes, lon, lat, pole_codes, cutoff_min)
    m = tt.minutes.tocsr()
    best = np.full(len(codes), -1, dtype=np.int64)
    counts = np.diff(m.indptr)
    rows = np.flatnonzero(counts > 0)
    for i in rows:
        lo, hi = m.indptr[i], m.indptr[i + 1]
        best[i] = m.indices[lo + int(np.argmin(m.data[lo:hi]))]
    missing = np.flatnonzero(best < 0)
    if missing.size:
        clon = communes["lon"].to_numpy(dtype=np.float64)[missing]
        clat = communes["lat"].to_numpy(dtype=np.float64)[missing]
        ok = np.isfinite(clon) & np.isfinite(clat)
        k = np.pi / 180.0
        dx = (clon[ok, None] - lon[None, :]) * np.cos(clat[ok, None] * k)
        dy = clat[ok, None] - lat[None, :]
        best[missing[ok]] = np.argmin(dx * dx + dy * dy, axis=1)
    chosen = np.asarray(pole_codes, dtype=object)[np.maximum(best, 0)]
    out[:] = [c if b >= 0 else None for c, b in zip(chosen, best, strict=True)]
    is_pole = out.index.isin(pole_codes)
    out[is_pole] = out.index[is_pole]
    return out


def build_units(
    communes: pd.DataFrame,
    kind: str,
    *,
    provider: TravelTimeProvider | None = None,
    bassins: pd.DataFrame | None = None,
    epci_names: Mapping[str, str] | None = None,
    grouping: pd.Series | None = None,
    split_above: float | None = LARGE_BASSIN,
) -> Units:
    """The units of ``communes`` (French communes: ``region``, ``epci``, ``population``,
    ``lon``, ``lat``, ``name``)."""
    codes = communes.index.to_series().astype(str)
    epci_names = epci_names or {}
    if grouping is not None:
        of = grouping.reindex(communes.index).fillna(codes).astype(str)
        return Units("grouping", of, {g: g for g in of.unique()}, _(UNIT_LABELS["grouping"]))
    if kind == "commune":
        names = dict(zip(codes, communes["name"].astype(str), strict=True))
        return Units("commune", codes, names, _(UNIT_LABELS["commune"]))
    if kind == "epci":
        epci = communes["epci"].astype(object)
        of = epci.where(epci.notna(), codes).astype(str)
        names = {
            u: epci_names.get(u) or (str(communes.at[u, "name"]) if u in communes.index else u)
            for u in of.unique()
        }
        return Units("epci", of, names, _(UNIT_LABELS["epci"]))
    if kind != "bv":
        raise UserError(
            _("--unit {unit} : attendu l'un de {kinds} (ex. --unit bv).").format(
                unit=repr(kind), kinds=", ".join(UNIT_KINDS)
            )
        )
    if provider is None or bassins is None or bassins.empty:
        raise UserError(
            _("--unit bv : pôles des bassins de vie indisponibles ; utilisez --unit epci.")
        )
    pole = nearest_pole(communes, bassins["pole"], provider).fillna(codes)
    pole_name = dict(zip(bassins["pole"].astype(str), bassins["name"].astype(str), strict=True))
    region = communes["region"].astype(str)
    pole_region = region.reindex(pole.to_numpy()).to_numpy()
    unit = "bv:" + pole.astype(str)
    other = region.to_numpy() != pole_region
    unit[other] = unit[other] + "@" + region[other]
    names = {u: pole_name.get(u[3:].split("@")[0], u[3:].split("@")[0]) for u in unit.unique()}
    if split_above is not None:
        pop = communes["population"].fillna(0)
        large = pop.groupby(unit).transform("sum") > split_above
        epci = communes["epci"].astype(object).where(communes["epci"].notna(), codes).astype(str)
        part = unit + "/" + epci
        # Pieces of an EPCI at the edge of a large BV would be units of a few hundred people:
        # below MIN_PART they stay with the BV's largest piece.
        part_pop = pop.groupby(part).transform("sum")
        largest = pop.groupby(part).sum().groupby(lambda p: p.split("/")[0]).idxmax()
        small = large & (part_pop < MIN_PART)
        part[small] = unit[small].map(largest)
        unit[large] = part[large]
        for u in unit[large].unique():
            base, part = u.split("/", 1)
            names[u] = f"{names[base]} — {epci_names.get(part, part)}"
    label = _(UNIT_LABELS["bv"]).format(
        n=f"{split_above:,.0f}".replace(",", " ") if split_above is not None else "∞"
    )
    return Units("bv", unit, names, label)


@dataclass(frozen=True)
class BassinCheck:
    """Approximate BV against CartoSanté's values of the real BV (same GP APL 2023)."""

    bassins: int
    spearman: float
    mean_absolute_error: float


def bassin_check(communes: pd.DataFrame, pole: pd.Series, bassins: pd.DataFrame) -> BassinCheck:
    """The GP APL 2023 of each reconstituted BV (communes' official APL weighted by
    standardised population) against CartoSanté's APL of the real BV 2022."""
    from scipy import stats

    w = communes["pop_std_2023"].fillna(0)
    v = communes["apl_2023"]
    ok = v.notna() & (w > 0)
    ours = (v[ok] * w[ok]).groupby(pole[ok]).sum() / w[ok].groupby(pole[ok]).sum()
    ref = bassins.set_index("pole")["apl_gp_2023"]
    both = pd.concat([ours.rename("ours"), ref.rename("ref")], axis=1).dropna()
    if len(both) < 3:
        return BassinCheck(len(both), float("nan"), float("nan"))
    rho = float(stats.spearmanr(both["ours"], both["ref"]).statistic)
    mae = float((both["ours"] - both["ref"]).abs().mean())
    return BassinCheck(len(both), rho, mae)
