"""The :class:`Territory`: every area, its communes and its indicators' raw inputs.

Built from plain DataFrames (the bundle loader or a test builds them), so it does no I/O itself.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from proxisante.errors import UnknownTerritoryError
from proxisante.territory.lookup import PlaceIndex, PlaceSearch, build_index, find_places
from proxisante.territory.model import LEVEL_COLUMN, Area, looks_like_code, normalise_code
from proxisante.territory.search import close_codes


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
    # Other names and postcodes of the communes (the bundle's ``places`` table: ``alias``,
    # ``kind``, ``lang``, ``code``), for the place search (``territory.lookup``).
    aliases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["alias", "kind", "lang", "code"])
    )

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
        """All areas (communes, arrondissements and larger areas), for search and suggestions."""
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
                    "country": com["country"].to_numpy(),
                }
            ),
            pd.DataFrame(
                {
                    "code": self.arrondissements.index,
                    "name": self.arrondissements["name"].to_numpy(),
                    "level": "arrondissement",
                    "parent": self.arrondissements["parent_commune"].to_numpy(),
                    "population": self.arrondissements["population"].to_numpy(),
                    "country": "FR",
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
                    "country": ["CH" if str(c).startswith("ch") else "FR" for c in areas["code"]],
                }
            )
        )
        return pd.concat(frames, ignore_index=True)

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
        """Every area above ``code``, nearest first, without repeats. Above a commune, only the
        areas that contain it: an EPCI across two départements does not put the other one
        above its communes (Moulins is in the Allier, not in the Nièvre)."""
        out: list[Area] = []
        seen: set[str] = set()
        area = self.area(code)
        row = self.communes.loc[area.code] if area.level == "commune" else None
        todo = list(area.parents)
        while todo:
            c = todo.pop(0)
            if c in seen:
                continue
            seen.add(c)
            a = self.area(c)
            column = LEVEL_COLUMN.get(a.level)
            if row is not None and column is not None and row.get(column) != a.code:
                continue
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

    # --- search ----------------------------------------------------------------------------------

    @cached_property
    def places(self) -> PlaceIndex:
        """The index of the place search (:func:`proxisante.territory.lookup.find_places`)."""
        names = {a.code: a.name for a in self._areas_by_code.values()}
        names.update(zip(self.communes.index, self.communes["name"], strict=True))
        return build_index(self._index, self.aliases, names)

    def find(
        self,
        text: str,
        *,
        levels: Collection[str] | None = None,
        country: str | None = None,
        lang: str | None = None,
        limit: int = 20,
    ) -> PlaceSearch:
        """The places ``text`` names or may mean (names in three languages, localities,
        former communes, postcodes, codes), best first
        (:func:`~proxisante.territory.lookup.find_places`)."""
        return find_places(
            self.places, text, levels=levels, country=country, lang=lang, limit=limit
        )

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """:meth:`find` as plain records (the CLI's ``--json`` and older callers)."""
        return [
            {
                "code": h.code,
                "name": h.name,
                "level": h.level,
                "country": h.country,
                "parent": h.parent,
                "parent_name": h.parent_name,
                "population": h.population,
                "match": h.reason,
                "matched": h.matched,
                "exact": h.exact,
            }
            for h in self.find(text, limit=limit).hits
        ]

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
