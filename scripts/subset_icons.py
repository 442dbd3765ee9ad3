"""Keep only the DSFR icon rules the app's pages use.

``@gouvfr/dsfr``'s ``utility/icons/icons.min.css`` holds the rules of about 1 600 icons (355 KB
of render-blocking CSS); the pages use a handful. This reads the class names ``fr-icon-…``
written in the templates and scripts, keeps the rules that name one of them, and writes
``icons.used.css`` beside the original (same folder, so its relative ``url(…)`` paths stay
valid). Run by ``make setup`` whenever a template or script changes.

Run: ``python scripts/subset_icons.py [--vendor DIR] [--sources DIR ...]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "src" / "proxisante" / "web"
ICON = re.compile(r"fr-icon-[a-z0-9]+(?:-[a-z0-9]+)*")
HEADER = re.compile(r"^/\*!.*?\*/", re.DOTALL)
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def used_icons(sources: list[Path]) -> set[str]:
    """The ``fr-icon-…`` class names written in the templates and scripts under ``sources``."""
    names: set[str] = set()
    for folder in sources:
        for path in folder.rglob("*"):
            if path.suffix in {".j2", ".html", ".js"} and "vendor" not in path.parts:
                names.update(ICON.findall(path.read_text(encoding="utf-8")))
    return names


def _blocks(css: str) -> list[tuple[str, str]]:
    """The top-level ``prelude { body }`` blocks of ``css`` (comments removed, braces matched)."""
    css = COMMENT.sub("", css)
    blocks, depth, start, prelude = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
    return blocks


def _kept(css: str, names: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@"):
            inner = _kept(body, names)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif set(ICON.findall(prelude)) & names:
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def subset(css: str, names: set[str]) -> str:
    """The licence header and the rules of ``css`` whose selectors name one of ``names``
    (inside their ``@media`` blocks where they are in one)."""
    header = HEADER.match(css)
    body = css[header.end() :] if header else css
    return (header.group(0) + "\n" if header else "") + _kept(body, names) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor", type=Path, default=WEB / "static" / "vendor")
    parser.add_argument(
        "--sources", type=Path, nargs="+", default=[WEB / "templates", WEB / "static" / "js"]
    )
    args = parser.parse_args()
    folder = args.vendor / "dsfr" / "utility" / "icons"
    names = used_icons(args.sources)
    css = subset((folder / "icons.min.css").read_text(encoding="utf-8"), names)
    missing = sorted(n for n in names if n not in css)
    if missing:
        print(f"icônes inconnues du DSFR : {', '.join(missing)}", file=sys.stderr)
        return 2
    (folder / "icons.used.css").write_text(css, encoding="utf-8")
    print(f"{len(names)} icônes, {len(css)} octets : {folder / 'icons.used.css'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
