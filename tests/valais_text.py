"""Helpers of the Valais page tests: the visible text of a page, the proper names it may quote in
French, and the French words a German page must not contain (``tests/fixtures/i18n``)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "fixtures" / "i18n" / "french-words.txt"


@cache
def french_words() -> tuple[str, ...]:
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def proper_names() -> tuple[str, ...]:
    """Names quoted as they are written (communes, hospitals and their sites, on-call
    centres), longest first so that a name inside another goes with it."""
    from proxisante.territory import load_territory
    from proxisante.territory.bundle import read_table
    from proxisante.territory.display import LOCAL_NAMES
    from proxisante.territory.valais import ON_CALL_CENTRES

    terr = load_territory()
    h = terr.hospitals
    names = set(terr.communes["name"].astype(str)) | set(h["name"].dropna().astype(str))
    names |= set(h["site"].dropna().astype(str)) | {c.title for c in ON_CALL_CENTRES}
    # Localities and former names of merged communes, quoted beside a suggestion.
    places = read_table("places", columns=["alias", "kind"])
    names |= set(places.loc[places["kind"].isin(["locality", "former"]), "alias"].astype(str))
    # Areas with a name in each language (Suisse/Schweiz…) are not quoted: they are translated.
    names |= set(terr.areas.loc[~terr.areas["code"].isin(list(LOCAL_NAMES)), "name"].astype(str))
    return tuple(sorted(names, key=len, reverse=True))


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page (no scripts, styles, tags or attributes)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def french_words_in(text: str) -> list[str]:
    """The French words of the list found in ``text`` once its proper names are taken out."""
    for name in proper_names():
        if len(name) > 2 and name in text:
            text = text.replace(name, " ")
    found = []
    for word in french_words():
        if re.search(rf"(?<![\w’']){re.escape(word)}(?![\w’'])", text, flags=re.I):
            found.append(word)
    return found
