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
values (:func:`proxisante.access.bassins.bassin_check`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from proxisante.access.bassins import nearest_pole
from proxisante.access.port import TravelTimeProvider
from proxisante.errors import UserError
from proxisante.i18n import N_, _, format_decimal

UNIT_KINDS = ("bv", "epci", "commune")
LARGE_BASSIN = 50_000
"""Population above which a bassin de vie is split by EPCI (TVS are finer in large BV)."""
MIN_PART = 10_000
"""A piece of a split bassin de vie smaller than this stays with the BV's largest piece."""

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
        n=format_decimal(split_above, 0) if split_above is not None else "∞"
    )
    return Units("bv", unit, names, label)
