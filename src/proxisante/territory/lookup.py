"""The one place search of ProxiSanté: every page, API route and CLI command that reads a place
typed by a person goes through :func:`find_places`.

What a query may be (accents, case, hyphens, « St »/« Saint » ignored):

- an official name (INSEE, BFS), an EPCI, département, région, district, region or canton name;
- a name of the place in another language (:mod:`proxisante.territory.exonyms`: Sitten, Viège,
  Wallis…), a Valais locality (swisstopo: Brig, Salins, Uvrier…) or a former commune merged
  into the commune (INSEE delegated and associated communes);
- a postcode: five digits in France (La Poste), four in Valais (NPA); one postcode names every
  commune it serves;
- a code: INSEE (03310, 2A004), BFS (6266 or ch:6266), SIREN of an EPCI, or the prefixed codes
  of the other areas (dep:03, ch-district:2312); « Name (code) », as the suggestion lists write
  it, names the code.

**Five-digit strings.** A French postcode and an INSEE code have the same shape and often the
same digits for different communes (03200 is Vichy's postcode and the INSEE code of Neuvy).
Typed in a search, a five-digit string is read as both: the communes of the postcode come
first (people type their postcode, machines send codes), then the commune of that INSEE code,
each labelled with what matched. Where a shell takes a *code* (``proxisante territory show
CODE``, ``?code=`` parameters), five digits are an INSEE code only.

**Exact or not.** A query is *exact* for a place when it equals one of its names, its code or
one of its postcodes. :meth:`PlaceSearch.only` gives the place when the exact hits name
exactly one place (in the page's country, when the page has one); otherwise the shells show the
hits as choices (« Vouliez-vous dire… ? »), each with its country. Partial and misspelt
matches are only ever suggestions: a query never jumps to a place it does not name exactly,
and never to the other country unless the user picks it.

**Order.** Exact hits first (postcodes, then codes, then official names, then names in
another language, localities, former communes), then names that begin with the query, then
names with a word that begins with it, then names that contain it, then close spellings; within
each, the page's country first, names in the reader's language first, larger areas first, then
by population.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from proxisante.i18n import N_, _
from proxisante.territory.exonyms import EXONYMS
from proxisante.territory.model import normalise_code
from proxisante.territory.search import NameIndex, fold

MAX_QUERY = 100

# Rank of what matched, among exact hits (lower first).
REASONS = ("postcode", "code", "name", "exonym", "locality", "former")
REASON_LABELS = {
    "postcode": N_("code postal {text}"),
    "code": N_("code {text}"),
    "insee": N_("code INSEE {text}"),
    "bfs": N_("numéro OFS {text}"),
    "name": N_("nom officiel"),
    "exonym": N_("autre nom : {text}"),
    "locality": N_("localité : {text}"),
    "former": N_("ancienne commune : {text}"),
    "partial": N_("nom proche : {text}"),
    "close": N_("orthographe proche : {text}"),
}
COUNTRY_NAMES = {"FR": N_("France"), "CH": N_("Suisse")}

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
_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
_GROUP_EXACT, _GROUP_CLOSE = 0, 4


@dataclass(frozen=True)
class PlaceHit:
    """A place a query names or may mean: the place, its country, and what matched.

    ``reason``: ``postcode``, ``code``, ``name``, ``exonym``, ``locality``, ``former`` (exact
    hits), ``partial`` (the query is part of a name) or ``close`` (a close spelling);
    ``matched``: the name, code or postcode as written in the data.
    """

    code: str
    name: str
    level: str
    country: str  # "FR" or "CH"
    parent: str | None
    parent_name: str | None
    population: int | None
    reason: str
    matched: str
    exact: bool

    def reason_label(self) -> str:
        """What matched, in the current language (« code postal 03200 », « autre nom : Sitten »)."""
        key = self.reason
        if key == "code" and self.level == "commune":
            key = "bfs" if self.country == "CH" else "insee"
        if key == "name":
            return _(REASON_LABELS["name"])
        return _(REASON_LABELS[key]).format(text=self.matched)

    def country_name(self) -> str:
        """The country, in the current language."""
        return _(COUNTRY_NAMES[self.country])


@dataclass(frozen=True)
class PlaceSearch:
    """The hits of one query, best first."""

    query: str
    hits: tuple[PlaceHit, ...]

    @property
    def exact(self) -> tuple[PlaceHit, ...]:
        return tuple(h for h in self.hits if h.exact)

    def only(self, country: str | None = None) -> PlaceHit | None:
        """The place the query names exactly, when it names one place only — and, with
        ``country`` (the page's), only if that place is in it; None otherwise (show choices)."""
        exact = self.exact
        if len(exact) != 1:
            return None
        hit = exact[0]
        return hit if country is None or hit.country == country else None


@dataclass(frozen=True)
class _Entry:
    """A searchable string: a place's folded name or alias."""

    row: int
    reason: str
    lang: str
    label: str


@dataclass(frozen=True, eq=False)
class PlaceIndex:
    """The lookup structures of a territory's places, built once (see :func:`build_index`)."""

    rows: tuple[tuple[str, str, str, str | None, int | None, str], ...]
    # code, name, level, parent, population, country
    by_code: Mapping[str, int]
    entries: tuple[_Entry, ...]
    names: NameIndex
    exact: Mapping[str, tuple[int, ...]]  # folded string → entry numbers
    postcodes: Mapping[str, tuple[int, ...]]  # postcode → rows
    sorted_postcodes: tuple[str, ...]
    parent_names: Mapping[str, str]


def build_index(
    index: pd.DataFrame, aliases: pd.DataFrame, parent_names: Mapping[str, str]
) -> PlaceIndex:
    """Index the places of ``index`` (``code``, ``name``, ``level``, ``parent``, ``population``,
    ``country``) with their ``aliases`` (``alias``, ``kind``, ``lang``, ``code``: the bundle's
    ``places`` table) and the exonyms."""
    rows = tuple(
        (
            str(code),
            str(name),
            str(level),
            parent if isinstance(parent, str) else None,
            int(pop) if pd.notna(pop) else None,
            str(country),
        )
        for code, name, level, parent, pop, country in zip(
            index["code"],
            index["name"],
            index["level"],
            index["parent"],
            index["population"],
            index["country"],
            strict=True,
        )
    )
    by_code: dict[str, int] = {}
    for i, row in enumerate(rows):
        by_code.setdefault(row[0], i)  # a commune first, never its arrondissement namesake
    entries = [_Entry(i, "name", "", row[1]) for i, row in enumerate(rows)]
    postcodes: dict[str, list[int]] = {}
    for alias, kind, lang, code in zip(
        aliases["alias"], aliases["kind"], aliases["lang"], aliases["code"], strict=True
    ):
        row_no = by_code.get(str(code))
        if row_no is None:
            continue
        if kind == "postcode":
            postcodes.setdefault(str(alias), []).append(row_no)
        else:
            entries.append(_Entry(row_no, str(kind), str(lang or ""), str(alias)))
    for ex in EXONYMS:
        row_no = by_code.get(ex.code)
        if row_no is not None:
            entries.append(_Entry(row_no, "exonym", ex.lang, ex.name))
    folded = [e.label for e in entries]
    names = NameIndex(folded)
    exact: dict[str, list[int]] = {}
    for n, key in enumerate(names.folded):
        exact.setdefault(key, []).append(n)
    return PlaceIndex(
        rows=rows,
        by_code=by_code,
        entries=tuple(entries),
        names=names,
        exact={k: tuple(v) for k, v in exact.items()},
        postcodes={k: tuple(dict.fromkeys(v)) for k, v in postcodes.items()},
        sorted_postcodes=tuple(sorted(postcodes)),
        parent_names=parent_names,
    )


@dataclass(frozen=True)
class _Candidate:
    row: int
    group: int  # 0 exact, 1 prefix, 2 word prefix, 3 inside, 4 close
    reason: str
    lang: str
    matched: str


def find_places(
    index: PlaceIndex,
    text: str,
    *,
    levels: Collection[str] | None = None,
    country: str | None = None,
    lang: str | None = None,
    limit: int = 20,
) -> PlaceSearch:
    """The places ``text`` names or may mean, best first (see the module's docstring).

    ``levels``: keep these levels only (``commune``, ``epci``, ``ch_district``…); ``country``
    (``FR``/``CH``): the page's country, ranked first and the only one :meth:`PlaceSearch.only`
    opens; ``lang``: the reader's language, whose names rank first.
    """
    query = text.strip()[:MAX_QUERY]
    if not query:
        return PlaceSearch(query, ())
    wanted = None if levels is None else frozenset(levels)
    candidates = [
        c for c in _candidates(index, query) if wanted is None or index.rows[c.row][2] in wanted
    ]
    if not candidates:  # a typo: close spellings, never exact
        candidates = [
            c for c in _close(index, query) if wanted is None or index.rows[c.row][2] in wanted
        ]
    best: dict[int, tuple[tuple[object, ...], _Candidate]] = {}
    for c in candidates:
        key = _rank(index, c, country, lang)
        held = best.get(c.row)
        if held is None or key < held[0]:
            best[c.row] = (key, c)
    ordered = sorted(best.values(), key=lambda kc: kc[0])[:limit]
    return PlaceSearch(query, tuple(_hit(index, c) for _key, c in ordered))


def _rank(
    index: PlaceIndex, c: _Candidate, country: str | None, lang: str | None
) -> tuple[object, ...]:
    code, name, level, _parent, population, where = index.rows[c.row]
    reason = REASONS.index(c.reason) if c.reason in REASONS else len(REASONS)
    return (
        c.group,
        reason if c.group == _GROUP_EXACT else 0,
        0 if country is None or where == country else 1,
        0 if not c.lang or c.lang == lang else 1,
        _LEVEL_ORDER.get(level, 9),
        -(population or 0),
        name,
        code,
    )


def _hit(index: PlaceIndex, c: _Candidate) -> PlaceHit:
    code, name, level, parent, population, country = index.rows[c.row]
    return PlaceHit(
        code=code,
        name=name,
        level=level,
        country=country,
        parent=parent,
        parent_name=index.parent_names.get(parent) if parent else None,
        population=population,
        reason=c.reason if c.group == _GROUP_EXACT else ("close" if c.group == 4 else "partial"),
        matched=c.matched,
        exact=c.group == _GROUP_EXACT,
    )


def _candidates(index: PlaceIndex, query: str) -> list[_Candidate]:
    with_code = _WITH_CODE.match(query)
    if with_code:
        code = normalise_code(with_code.group("code"))
        row = index.by_code.get(code)
        if row is not None:
            return [_Candidate(row, _GROUP_EXACT, "code", "", code)]
        query = with_code.group("name").strip() or query
    compact = query.replace(" ", "")
    if compact.isdigit() or _INSEE.match(compact) or ":" in query:
        return _by_number(index, compact if ":" not in query else query)
    return _by_name(index, query)


def _by_number(index: PlaceIndex, query: str) -> list[_Candidate]:
    """Postcodes and codes: exact ones, then postcodes and codes that begin with the digits."""
    out: list[_Candidate] = []
    for row in index.postcodes.get(query, ()):
        out.append(_Candidate(row, _GROUP_EXACT, "postcode", "", query))
    codes = [normalise_code(query)]
    if query.isdigit() and len(query) <= 4:
        codes.append(f"ch:{int(query)}")  # a BFS number typed without its prefix
    for code in codes:
        found = index.by_code.get(code)
        if found is not None:
            out.append(_Candidate(found, _GROUP_EXACT, "code", "", code))
    if out or not query.isdigit() or len(query) < 2:
        return out
    start = bisect.bisect_left(index.sorted_postcodes, query)
    for pc in index.sorted_postcodes[start : start + 30]:
        if not pc.startswith(query):
            break
        out.extend(_Candidate(row, 1, "postcode", "", pc) for row in index.postcodes[pc])
    return out


def _by_name(index: PlaceIndex, query: str) -> list[_Candidate]:
    key = fold(query)
    if not key:
        return []
    out: list[_Candidate] = []
    for n in index.exact.get(key, ()):
        e = index.entries[n]
        out.append(_Candidate(e.row, _GROUP_EXACT, e.reason, e.lang, e.label))
    for score, n in index.names.matches(query):
        if score == 0:
            continue  # the exact ones, above
        e = index.entries[n]
        out.append(_Candidate(e.row, score, e.reason, e.lang, e.label))
    return out


def _close(index: PlaceIndex, query: str) -> list[_Candidate]:
    if query.replace(" ", "").isdigit():
        return []
    out: list[_Candidate] = []
    for key in dict.fromkeys(index.names.folded[n] for n in index.names.close(query, n=8)):
        for n in index.exact[key]:  # every place of that spelling, not only the last
            e = index.entries[n]
            out.append(_Candidate(e.row, _GROUP_CLOSE, "close", "", e.label))
    return out
