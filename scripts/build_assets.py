"""Fingerprinted, pre-compressed copies of the static assets, for long cache lifetimes.

Every file under ``src/proxisante/web/static`` (own scripts and styles, the vendor files copied
from npm, but not ``dist/`` itself nor the test-only axe-core) is copied to ``static/dist/``
under a name carrying a hash of its content (``dsfr.min.3f2a9c1b0d.css``), and the ``url(…)``
references inside stylesheets are rewritten to the hashed names of what they point to (fonts,
icons), so a file's name changes whenever it or anything it loads changes. Text files of 1 KB or
more get a ``.gz`` (gzip -9) and a ``.br`` (Brotli 11) beside them. ``dist/manifest.json`` maps
each original path to its hashed one; templates ask for ``asset("css/public.css")``.

Run by ``make setup`` whenever a static file changes; the output is ignored by git.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

import brotli

STATIC = Path(__file__).resolve().parents[1] / "src" / "proxisante" / "web" / "static"
DIST = "dist"
SKIP = ("dist/", "vendor/axe-core/")
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".html", ".map"}
MIN_COMPRESS = 1024
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _hashed(rel: str, data: bytes) -> str:
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()[:10]
    stem, dot, ext = posixpath.basename(rel).rpartition(".")
    name = f"{stem}.{digest}.{ext}" if dot else f"{ext}.{digest}"
    return posixpath.join(posixpath.dirname(rel), name)


def _rewrite_css(rel: str, text: str, manifest: dict[str, str], missing: list[str]) -> str:
    base = posixpath.dirname(rel)

    def repl(m: re.Match[str]) -> str:
        quote, target = m.group(1), m.group(2).strip()
        if target.startswith(("data:", "http:", "https:", "//", "#", "/")):
            return m.group(0)
        path, sep, tail = ([*re.split(r"([?#])", target, maxsplit=1), "", ""])[:3]
        resolved = posixpath.normpath(posixpath.join(base, path))
        hashed = manifest.get(resolved)
        if hashed is None:
            missing.append(f"{rel} → {target}")
            return m.group(0)
        new = posixpath.relpath(hashed, base or ".") + sep + tail
        return f"url({quote}{new}{quote})"

    return URL.sub(repl, text)


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    if out.suffix in COMPRESSIBLE and len(data) >= MIN_COMPRESS:
        out.with_name(out.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        out.with_name(out.name + ".br").write_bytes(brotli.compress(data, quality=11))


def build(static: Path = STATIC) -> dict[str, str]:
    """Build ``static/dist`` and return the manifest (original path → hashed path)."""
    dist = static / DIST
    files = sorted(
        p.relative_to(static).as_posix()
        for p in static.rglob("*")
        if p.is_file() and not p.relative_to(static).as_posix().startswith(SKIP)
    )
    tmp = static / f".{DIST}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    manifest: dict[str, str] = {}
    missing: list[str] = []
    # Stylesheets last: their references must already have their hashed names.
    for rel in sorted(files, key=lambda r: (r.endswith(".css"), r)):
        data = (static / rel).read_bytes()
        if rel.endswith(".css"):
            data = _rewrite_css(rel, data.decode("utf-8"), manifest, missing).encode("utf-8")
        manifest[rel] = _hashed(rel, data)
        _write(tmp / manifest[rel], data)
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8"
    )
    shutil.rmtree(dist, ignore_errors=True)
    tmp.rename(dist)
    for line in missing:
        print(f"référence introuvable (laissée telle quelle) : {line}", file=sys.stderr)
    return manifest


if __name__ == "__main__":
    built = build()
    total = sum((STATIC / DIST / h).stat().st_size for h in built.values())
    print(f"{len(built)} fichiers, {total} octets : {STATIC / DIST}")
