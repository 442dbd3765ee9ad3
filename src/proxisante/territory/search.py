"""Accent- and case-insensitive search of area names, and suggestions for unknown codes."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata

_SEP = re.compile(r"[\s\-'’_/.,]+")
_SAINT = re.compile(r"\b(st|ste)\b")


def fold(text: str) -> str:
    """Fold a name for comparison: no accents, lower case, separators as single spaces.

    >>> fold("Saint-Étienne-de-Tinée")
    'saint etienne de tinee'
    >>> fold("St Pourçain")
    'saint pourcain'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    bare = _SEP.sub(" ", bare).strip()
    return _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", bare)


def rank_matches(query: str, names: list[str]) -> list[tuple[int, int]]:
    """Indices of ``names`` matching ``query`` with a score (lower is better).

    0 exact, 1 prefix, 2 word prefix, 3 substring. Names are expected already folded.
    """
    q = fold(query)
    if not q:
        return []
    return [(_score(name, q), i) for i, name in enumerate(names) if q in name]


def _score(name: str, q: str) -> int:
    """The score of ``name``, which contains ``q``: 0 exact, 1 prefix, 2 word prefix, 3 inside."""
    if name == q:
        return 0
    if name.startswith(q):
        return 1
    return 2 if f" {q}" in f" {name}" else 3


def close_codes(code: str, codes: list[str], n: int = 5) -> list[str]:
    """The known codes closest in spelling to an unknown ``code``.

    Codes of the same length come first, by the number of differing characters, then by the
    length of the common prefix (a typo in the last digit is likelier than in the first).

    >>> close_codes("200071364", ["200071363", "247000714", "200071934"], n=2)
    ['200071363', '200071934']
    """
    same = [c for c in codes if len(c) == len(code)]
    if same:

        def key(c: str) -> tuple[int, int]:
            diff = sum(a != b for a, b in zip(c, code, strict=True))
            prefix = next(
                (i for i, (a, b) in enumerate(zip(c, code, strict=True)) if a != b), len(c)
            )
            return diff, -prefix

        ranked = [c for c in sorted(same, key=key)[:n] if key(c)[0] <= max(2, len(code) // 3)]
        if ranked:
            return ranked
    longer = sorted((c for c in codes if c.startswith(code)), key=len)
    if longer:
        return longer[:n]
    return difflib.get_close_matches(code, codes, n=n, cutoff=0.6)


def close_names(text: str, folded_names: list[str], n: int = 5) -> list[int]:
    """Indices of the names closest in spelling to ``text`` (for typos)."""
    q = fold(text)
    hits = difflib.get_close_matches(q, folded_names, n=n, cutoff=0.75)
    index = {name: i for i, name in enumerate(folded_names)}
    return [index[h] for h in hits]


class NameIndex:
    """Folded names kept in one text, so that a query is found by a string search (C speed)
    instead of a Python loop over every name; same scores as :func:`rank_matches`.

    >>> idx = NameIndex(["Vichy", "Cusset", "Saint-Yorre", "Abrest"])
    >>> idx.matches("yorre"), idx.matches("vichy"), idx.close("cuset")
    ([(2, 2)], [(0, 0)], [1])
    """

    def __init__(self, names: list[str]) -> None:
        self.folded = [fold(n) for n in names]
        offsets = []
        pos = 1
        for name in self.folded:
            offsets.append(pos)
            pos += len(name) + 1
        self._starts = offsets
        self._text = "\n" + "\n".join(self.folded) + "\n"
        self._by_length: dict[int, list[str]] = {}
        for name in self.folded:  # duplicates kept: close_names returns them too
            self._by_length.setdefault(len(name), []).append(name)
        self._last = {name: i for i, name in enumerate(self.folded)}

    def matches(self, query: str) -> list[tuple[int, int]]:
        """``rank_matches(query, folded names)``: (score, index), indices in order."""
        q = fold(query)
        if not q:
            return []
        out: list[tuple[int, int]] = []
        text, starts = self._text, self._starts
        pos = text.find(q)
        while pos != -1:
            i = bisect.bisect_right(starts, pos) - 1
            pos = text.find(q, starts[i] + len(self.folded[i]) + 1)  # from the next name on
            out.append((_score(self.folded[i], q), i))
        return out

    def close(self, text: str, n: int = 5) -> list[int]:
        """``close_names(text, folded names, n)``, comparing only names of a length that can
        reach the cutoff (a ratio of 0.75 needs the shorter at least 3/5 of the longer)."""
        q = fold(text)
        lo, hi = (3 * len(q) + 4) // 5, 5 * len(q) // 3
        candidates = [x for k in range(lo, hi + 1) for x in self._by_length.get(k, ())]
        hits = difflib.get_close_matches(q, candidates, n=n, cutoff=0.75)
        return [self._last[h] for h in hits]
