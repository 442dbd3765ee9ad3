"""Names of places in the other languages of their readers (German, French, Italian), for the
place search: "Sitten" finds Sion, "Viège" finds Visp, "Wallis" finds the canton.

A small table curated by hand: the bundle's registers give one official name per commune
(BFS, INSEE) and swisstopo's localities give the local name only. Each entry names the place by
its code and cites where the name is written as a current name of that place. Only names in
present use are kept (no historical forms): a name that does not appear in a source below is not
added.

Sources (read 2026):

- ``vs.ch/de`` — Kanton Wallis, Medienmitteilung "Nicht lebensbedrohliche Notfälle — Stärkung
  des Gesundheitssystems über die Feiertage" (articleId 44090027, Dec. 2025): "Notfallstation
  in Sitten", "Bereitschaftsdienst in Siders", "Regionen Sitten/Siders und Martinach".
- ``vs.ch/fr`` — Canton du Valais, communiqué "Création de la première maison de garde à
  Viège" (articleId 541267, 2013).
- ``de.wikipedia`` — "Gemeinden des Kantons Wallis": Bezirke "Sitten", "Siders", "Westlich
  Raron", "Östlich Raron"; "Brig-Glis (fr. Brigue-Glis)".
- ``fr.wikipedia`` — "Districts du canton du Valais": districts "Brigue", "Conches", "Loèche",
  "Rarogne occidental", "Rarogne oriental", "Viège"; articles "Loèche-les-Bains", "Salquenen",
  "Rarogne".
- ``it.wikipedia`` — "Briga-Glis", "Sempione (Svizzera)", "Canton Vallese"; "Strasburgo",
  "Parigi", "Lione", "Marsiglia", "Nizza".
- Federal and cantonal names of the canton and the country: "Valais / Wallis" (BFS register
  ``GDEKTNA``), "Schweiz / Suisse / Svizzera" (the Confederation's official names).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exonym:
    """``name`` is what readers of ``lang`` call the place ``code``; ``source`` says where."""

    code: str
    name: str
    lang: str
    source: str


_VS_DE = "vs.ch/de, articleId 44090027"
_DEWIKI = "de.wikipedia, Gemeinden des Kantons Wallis"
_FRWIKI = "fr.wikipedia, Districts du canton du Valais"
_ITWIKI = "it.wikipedia"
_OFFICIAL = "official names (BFS register; Swiss Confederation)"
_REGIONS = "bilingual region names of the bundle (scripts/build_bundle.py, VALAIS_REGIONS)"

EXONYMS: tuple[Exonym, ...] = (
    # Communes of Valais
    Exonym("ch:6266", "Sitten", "de", _VS_DE),
    Exonym("ch:6248", "Siders", "de", _VS_DE),
    Exonym("ch:6136", "Martinach", "de", _VS_DE),
    Exonym("ch:6297", "Viège", "fr", "vs.ch/fr, articleId 541267"),
    Exonym("ch:6002", "Brigue-Glis", "fr", _DEWIKI),
    Exonym("ch:6002", "Brigue", "fr", _FRWIKI),
    Exonym("ch:6002", "Briga-Glis", "it", _ITWIKI),
    Exonym("ch:6002", "Briga", "it", _ITWIKI),
    Exonym("ch:6110", "Loèche", "fr", _FRWIKI),
    Exonym("ch:6111", "Loèche-les-Bains", "fr", "fr.wikipedia, Loèche-les-Bains"),
    Exonym("ch:6113", "Salquenen", "fr", "fr.wikipedia, Salquenen"),
    Exonym("ch:6199", "Rarogne", "fr", "fr.wikipedia, Rarogne"),
    Exonym("ch:6009", "Sempione", "it", _ITWIKI),
    # Districts of Valais
    Exonym("ch-district:2312", "Sitten", "de", _DEWIKI),
    Exonym("ch-district:2311", "Siders", "de", _DEWIKI),
    Exonym("ch-district:2307", "Martinach", "de", _VS_DE),
    Exonym("ch-district:2301", "Brigue", "fr", _FRWIKI),
    Exonym("ch-district:2304", "Conches", "fr", _FRWIKI),
    Exonym("ch-district:2306", "Loèche", "fr", _FRWIKI),
    Exonym("ch-district:2309", "Rarogne", "fr", _FRWIKI),
    Exonym("ch-district:2313", "Viège", "fr", _FRWIKI),
    # Regions, canton, countries
    Exonym("ch-region:haut-valais", "Oberwallis", "de", _REGIONS),
    Exonym("ch-region:haut-valais", "Haut-Valais", "fr", _REGIONS),
    Exonym("ch-region:valais-central", "Mittelwallis", "de", _REGIONS),
    Exonym("ch-region:valais-central", "Valais central", "fr", _REGIONS),
    Exonym("ch-region:bas-valais", "Unterwallis", "de", _REGIONS),
    Exonym("ch-region:bas-valais", "Bas-Valais", "fr", _REGIONS),
    Exonym("ch-canton:VS", "Wallis", "de", _OFFICIAL),
    Exonym("ch-canton:VS", "Valais", "fr", _OFFICIAL),
    Exonym("ch-canton:VS", "Vallese", "it", _ITWIKI),
    Exonym("ch", "Schweiz", "de", _OFFICIAL),
    Exonym("ch", "Svizzera", "it", _OFFICIAL),
    Exonym("ch", "Switzerland", "en", _OFFICIAL),
    Exonym("fr", "Frankreich", "de", _OFFICIAL),
    Exonym("fr", "Francia", "it", _OFFICIAL),
    # French cities with a name of their own in Italian or German
    Exonym("67482", "Strassburg", "de", "de.wikipedia, Straßburg"),
    Exonym("67482", "Straßburg", "de", "de.wikipedia, Straßburg"),
    Exonym("67482", "Strasburgo", "it", _ITWIKI),
    Exonym("68224", "Mülhausen", "de", "de.wikipedia, Mülhausen"),
    Exonym("75056", "Parigi", "it", _ITWIKI),
    Exonym("69123", "Lione", "it", _ITWIKI),
    Exonym("13055", "Marsiglia", "it", _ITWIKI),
    Exonym("06088", "Nizza", "it", _ITWIKI),
)
