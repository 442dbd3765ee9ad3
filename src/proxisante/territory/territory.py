"""The :class:`Territory`: every area, its communes and its indicators' raw inputs.

Built from plain DataFrames (the bundle loader or a test builds them), so it does no I/O itself.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from proxisante.errors import UnknownTerritoryError
from proxisante.territory.model import LEVEL_COLUMN, Area, looks_like_code, normalise_code
from proxisante.territory.search import NameIndex, close_codes, fold

# Search results order: larger areas first when scores tie, then population.
_LEVEL_ORDER = {
    "country": 0,
    "region": 1,
    "ch_canton": 1,
    "departement": 2,
    "ch_region": 2,
    "ch_district": 3,
    "epci": 3,
    "commune": 4,
    "arrondissement": 5,
}


@dataclass(frozen=True)
class _SearchIndex:
    """The search's lookup structures, built once per territory (plain lists: no pandas per
    query)."""

    names: NameIndex
    by_code: dict[str, list[int]]
    rows: list[tuple[str, str, str, object, object]]  # code, name, level, parent, population
    order: list[int]
    pops: list[int]


@dataclass
class Territory:
    """Areas in a tree with their communes.

    ``communes``: one row per commune (FR and CH), indexed by code; see ``docs/reference/data.md``
    for the columns. ``arrondissements``: Paris, Lyon, Marseille arrondissements (same columns,
    ``parent_commune`` set). ``areas``: every other area (code, name, level, kind, parents).
    ``hospitals``: hospital sites (a labelled proxy for emergency care).
    """

    communes: pd.DataFrame
    arrondissements: pd.DataFrame
    areas: pd.DataFrame
    hospitals: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def _areas_by_code(self) -> dict[str, Area]:
        out: dict[str, Area] = {}
        for rec in self.areas.to_dict("records"):
            code = str(rec["code"])
            out[code] = Area(
                code=code,
                name=str(rec["name"]),
                level=str(rec["level"]),
                parents=tuple(str(p) for p in rec["parents"]),
                kind=rec["kind"] if isinstance(rec["kind"], str) else None,
            )
        return out

    @cached_property
    def _index(self) -> pd.DataFrame:
        """All areas with their folded names, for search and suggestions."""
        com = self.communes
        parent = com["departement"].where(com["country"] == "FR", com["district"])
        frames = [
            pd.DataFrame(
                {
                    "code": com.index,
                    "name": com["name"].to_numpy(),
                    "level": "commune",
                    "parent": parent.to_numpy(),
                    "population": com["population"].to_numpy(),
                }
            ),
            pd.DataFrame(
                {
                    "code": self.arrondissements.index,
                    "name": self.arrondissements["name"].to_numpy(),
                    "level": "arrondissement",
                    "parent": self.arrondissements["parent_commune"].to_numpy(),
                    "population": self.arrondissements["population"].to_numpy(),
                }
            ),
        ]
        areas = self.areas
        pop_by_area: dict[str, int] = {}
        for column in LEVEL_COLUMN.values():
            sums = com.groupby(column)["population"].sum()
            pop_by_area.update({str(k): int(v) for k, v in sums.items()})
        sums = com.groupby("country")["population"].sum()
        pop_by_area.update({str(k): int(v) for k, v in sums.items()})
        pop_by_area = {k.lower() if len(k) == 2 else k: v for k, v in pop_by_area.items()}
        pops = [pop_by_area.get(c, 0) for c in areas["code"]]
        frames.append(
            pd.DataFrame(
                {
                    "code": areas["code"].to_numpy(),
                    "name": areas["name"].to_numpy(),
                    "level": areas["level"].to_numpy(),
                    "parent": [p[0] if len(p) else None for p in areas["parents"]],
                    "population": pops,
                }
            )
        )
        idx = pd.concat(frames, ignore_index=True)
        idx["folded"] = [fold(n) for n in idx["name"]]
        return idx

    # --- lookup --------------------------------------------------------------------------------

    def area(self, code: str) -> Area:
        """The area named by ``code`` (any accepted spelling); raises for unknown codes."""
        c = normalise_code(code)
        if c in self.communes.index:
            row = self.communes.loc[c]
            if row["country"] == "FR":
                parents = tuple(p for p in (row["epci"], row["departement"]) if isinstance(p, str))
            else:
                parents = (str(row["district"]),)
            return Area(code=c, name=str(row["name"]), level="commune", parents=parents)
        if c in self.arrondissements.index:
            row = self.arrondissements.loc[c]
            return Area(c, str(row["name"]), "arrondissement", (str(row["parent_commune"]),))
        area = self._areas_by_code.get(c)
        if area is None:
            raise UnknownTerritoryError(code, self.suggest(code))
        return area

    def name_of(self, code: str) -> str:
        return self.area(code).name

    def ancestors(self, code: str) -> list[Area]:
        """Every area above ``code``, nearest first, without repeats."""
        out: list[Area] = []
        seen: set[str] = set()
        todo = list(self.area(code).parents)
        while todo:
            c = todo.pop(0)
            if c in seen:
                continue
            seen.add(c)
            a = self.area(c)
            out.append(a)
            todo.extend(a.parents)
        return out

    def communes_in(self, code: str) -> list[str]:
        """Codes of the communes that make up an area (a commune is made of itself).

        An arrondissement municipal lies inside a commune; it yields that commune.
        """
        area = self.area(code)
        com = self.communes
        if area.level == "commune":
            return [area.code]
        if area.level == "arrondissement":
            return [area.parents[0]]
        if area.level == "country":
            return com.index[com["country"] == area.code.upper()].tolist()
        column = LEVEL_COLUMN[area.level]
        return com.index[com[column] == area.code].tolist()

    def children(self, code: str) -> list[Area]:
        """Areas whose first parent is ``code`` (communes of an EPCI are not listed here)."""
        c = normalise_code(code)
        return [a for a in self._areas_by_code.values() if a.parents and a.parents[0] == c]

    def point_of(self, code: str) -> tuple[float, float, str] | None:
        """(lon, lat, commune) of an area: a commune's town hall (main locality in Valais); for
        a larger area, the town hall of its most populous commune."""
        area = self.area(code)
        if area.level == "arrondissement":
            lon, lat = self.arrondissements.loc[area.code, ["lon", "lat"]].to_numpy(dtype=float)
            return float(lon), float(lat), area.code
        rows = self.communes.loc[self.communes_in(area.code)]
        rows = rows[rows["lon"].notna()]
        if rows.empty:
            return None
        i = int(rows["population"].to_numpy().argmax())
        lon, lat = rows[["lon", "lat"]].to_numpy(dtype=float)[i]
        return float(lon), float(lat), str(rows.index[i])

    def population_of(self, code: str) -> int:
        codes = self.communes_in(code)
        return int(self.communes.loc[codes, "population"].sum())

    # --- search --------------------------------------------------------------------------------

    @cached_property
    def _search(self) -> _SearchIndex:
        idx = self._index
        by_code: dict[str, list[int]] = {}
        for i, code in enumerate(idx["code"].tolist()):
            by_code.setdefault(code, []).append(i)
        return _SearchIndex(
            names=NameIndex(idx["name"].tolist()),
            by_code=by_code,
            rows=list(
                zip(
                    idx["code"].tolist(),
                    idx["name"].tolist(),
                    idx["level"].tolist(),
                    idx["parent"].tolist(),
                    idx["population"].tolist(),
                    strict=True,
                )
            ),
            order=[_LEVEL_ORDER.get(lv, 9) for lv in idx["level"].tolist()],
            pops=idx["population"].fillna(0).astype(int).tolist(),
        )

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Areas whose name matches ``text``, ignoring accents, case and hyphens."""
        s = self._search
        exact_code = s.by_code.get(normalise_code(text), [])
        hits = [(-1, i) for i in exact_code] + s.names.matches(text)
        if not hits:
            hits = [(4, i) for i in s.names.close(text)]
        best = heapq.nsmallest(limit, hits, key=lambda h: (h[0], s.order[h[1]], -s.pops[h[1]]))
        out = []
        for _, i in best:
            code, name, level, parent, population = s.rows[i]
            out.append(
                {
                    "code": code,
                    "name": name,
                    "level": level,
                    "parent": parent if isinstance(parent, str) else None,
                    "parent_name": self._safe_name(parent),
                    "population": int(population) if pd.notna(population) else None,  # type: ignore[call-overload]
                }
            )
        return out

    def suggest(self, code: str, n: int = 5) -> list[str]:
        """Human-readable suggestions for an unknown code or name."""
        idx = self._index
        if looks_like_code(code):
            hits = close_codes(normalise_code(code), idx["code"].tolist(), n=n)
            by_code = dict(zip(idx["code"], idx["name"], strict=True))
            return [f"{h} ({by_code[h]})" for h in hits]
        return [f"{r['code']} ({r['name']})" for r in self.search(code, limit=n)]

    def _safe_name(self, code: Any) -> str | None:
        if not isinstance(code, str):
            return None
        if code in self.communes.index:
            return str(self.communes.at[code, "name"])
        a = self._areas_by_code.get(code)
        return a.name if a else None
