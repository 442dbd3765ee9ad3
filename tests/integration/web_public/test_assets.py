"""Static assets: fingerprinted names (``scripts/build_assets.py``, run by ``make setup``),
pre-compressed Brotli and gzip copies sent to browsers that accept them, cache lifetimes."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

import brotli
import pytest

from proxisante.web.assets import IMMUTABLE, SHORT, STATIC_DIR, asset

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("build_assets", ROOT / "scripts" / "build_assets.py")
assert _spec and _spec.loader
build_assets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_assets)


def test_build_hashes_names_rewrites_css_references_and_compresses(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "vendor" / "x" / "fonts").mkdir(parents=True)
    (static / "vendor" / "x" / "fonts" / "f.woff2").write_bytes(b"\x00font")
    css = "a{src:url(fonts/f.woff2?v=1)}b{background:url('data:image/png;base64,AA')}" * 40
    (static / "vendor" / "x" / "s.css").write_text(css)
    (static / "vendor" / "axe-core").mkdir()
    (static / "vendor" / "axe-core" / "axe.min.js").write_text("test only")
    manifest = build_assets.build(static)
    assert set(manifest) == {"vendor/x/fonts/f.woff2", "vendor/x/s.css"}  # axe-core skipped
    font = manifest["vendor/x/fonts/f.woff2"]
    assert re.fullmatch(r"vendor/x/fonts/f\.[0-9a-f]{10}\.woff2", font)
    out = (static / "dist" / manifest["vendor/x/s.css"]).read_text()
    assert f"url({Path(font).relative_to('vendor/x')}?v=1)" in out  # relative, query kept
    assert "url('data:image/png;base64,AA')" in out
    raw = (static / "dist" / manifest["vendor/x/s.css"]).read_bytes()
    br = Path(str(static / "dist" / manifest["vendor/x/s.css"]) + ".br").read_bytes()
    gz = Path(str(static / "dist" / manifest["vendor/x/s.css"]) + ".gz").read_bytes()
    assert brotli.decompress(br) == raw and gzip.decompress(gz) == raw
    assert not Path(str(static / "dist" / font) + ".gz").exists()  # small binary: as is
    assert json.loads((static / "dist" / "manifest.json").read_text()) == manifest
    # Same content, same names: a rebuild changes nothing; a change gives a new name.
    assert build_assets.build(static) == manifest
    (static / "vendor" / "x" / "fonts" / "f.woff2").write_bytes(b"\x00font2")
    again = build_assets.build(static)
    assert again["vendor/x/fonts/f.woff2"] != font
    assert again["vendor/x/s.css"] != manifest["vendor/x/s.css"]  # it points to the new font


BUILT = (STATIC_DIR / "dist" / "manifest.json").exists()


@pytest.mark.skipif(not BUILT, reason="assets not built: run make setup")
@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_fingerprinted_assets_are_sent_compressed_with_a_year_of_cache(client, accept, encoding):
    url = asset("vendor/dsfr/dsfr.min.css")
    assert re.fullmatch(r"/static/dist/vendor/dsfr/dsfr\.min\.[0-9a-f]{10}\.css", url)
    r = client.get(url, headers={"Accept-Encoding": accept})
    assert r.status_code == 200
    assert r.headers.get("content-encoding") == encoding
    assert r.headers["cache-control"] == IMMUTABLE
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["content-type"].startswith("text/css")
    assert r.headers["x-content-type-options"] == "nosniff"
    # httpx decodes the body: it is the stylesheet itself whatever the encoding.
    assert r.content == (STATIC_DIR / url.removeprefix("/static/")).read_bytes()
    again = client.get(url, headers={"Accept-Encoding": accept, "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.skipif(not BUILT, reason="assets not built: run make setup")
def test_pages_load_fingerprinted_assets_and_plain_paths_keep_a_short_lifetime(client):
    page = client.get("/territoires/dep:03").text
    for path in ("vendor/dsfr/dsfr.min.css", "css/public.css", "js/map.js"):
        assert f'"{asset(path)}"' in page
    assert f'data-worker="{asset("vendor/maplibre/maplibre-gl-csp-worker.js")}"' in page
    assert '"/static/vendor' not in page and '"/static/css' not in page
    plain = client.get("/static/css/public.css")
    assert plain.status_code == 200 and plain.headers["cache-control"] == SHORT
