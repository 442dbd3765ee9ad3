"""Accent- and case-insensitive search of area names, and suggestions for unknown codes."""

from __future__ import annotations

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
    out: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if name == q:
            out.append((0, i))
        elif name.startswith(q):
            out.append((1, i))
        elif f" {q}" in f" {name}":
            out.append((2, i))
        elif q in name:
            out.append((3, i))
    return out


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
