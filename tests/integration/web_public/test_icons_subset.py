"""The pages load only the DSFR icon rules they use (``scripts/subset_icons.py``, run by
``make setup``), and every icon class written in a template or script has its rule there."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from proxisante.web.assets import asset

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "src" / "proxisante" / "web"
_spec = importlib.util.spec_from_file_location("subset_icons", ROOT / "scripts" / "subset_icons.py")
assert _spec and _spec.loader
subset_icons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(subset_icons)

SAMPLE = (
    "/*!\n * DSFR | MIT\n */.fr-icon-a-line:after,.fr-icon-a-line:before{mask-image:url(a.svg)}"
    ".fr-icon-b-line:after{mask-image:url(b.svg)}/*! media md */"
    "@media screen and (min-width:0\\0){.fr-icon-a-line:before{background-image:url(a.svg)}"
    ".fr-icon-b-line:before{background-image:url(b.svg)}}@media (min-width:48em){/*! x */}"
)


def test_subset_keeps_the_used_rules_inside_their_media_blocks() -> None:
    out = subset_icons.subset(SAMPLE, {"fr-icon-a-line"})
    assert out.startswith("/*!\n * DSFR | MIT\n */")  # licence header kept
    assert "fr-icon-b-line" not in out
    assert ".fr-icon-a-line:after,.fr-icon-a-line:before{mask-image:url(a.svg)}" in out
    # the background-image fallback stays inside its media query, not at top level
    assert "@media screen and (min-width:0\\0){.fr-icon-a-line:before{background-image" in out
    assert "(min-width:48em)" not in out  # empty blocks dropped
    assert out.count("{") == out.count("}")


def test_subset_does_not_keep_an_icon_whose_name_only_starts_alike() -> None:
    css = ".fr-icon-arrow-left-line:before{x:1}.fr-icon-arrow-left-s-line:before{x:2}"
    assert subset_icons.subset(css, {"fr-icon-arrow-left-line"}) == (
        ".fr-icon-arrow-left-line:before{x:1}\n"
    )


def test_every_icon_the_pages_use_has_its_rule_in_the_served_file(client) -> None:  # type: ignore[no-untyped-def]
    used = subset_icons.used_icons([WEB / "templates", WEB / "static" / "js"])
    assert "fr-icon-search-line" in used  # the home page's search button
    r = client.get(asset("vendor/dsfr/utility/icons/icons.used.css"))
    assert r.status_code == 200
    served = set(re.findall(r"\.(fr-icon-[a-z0-9-]+):", r.text))
    assert used <= served, sorted(used - served)
    assert len(r.content) < 20_000  # not the 355 KB of the full file
    for page in ("/", "/territoires/dep:03", "/login"):
        html = client.get(page).text
        assert asset("vendor/dsfr/utility/icons/icons.used.css") in html
        assert "icons.min." not in html
