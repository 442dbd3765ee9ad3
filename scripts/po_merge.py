"""Git merge driver for gettext catalogues: a union of the messages of both sides.

Registered in .gitattributes (``*.po merge=po``, ``*.pot merge=po``); enable it once per clone:

    git config merge.po.driver ".venv/bin/python scripts/po_merge.py %O %A %B"
    git config merge.mo.driver true      # .mo files: keep ours, then `make i18n` recompiles

For a message present on both sides with different translations, the side that changed it
from the common ancestor wins; if both changed it, ours wins. The result is written to %A,
sorted as `make i18n` writes it. Run `make i18n` after the merge to refresh the .mo files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return Catalog()
    with p.open("rb") as f:
        return read_po(f)


def merge(base: Catalog, ours: Catalog, theirs: Catalog) -> Catalog:
    """The union of ``ours`` and ``theirs`` (header from ``ours``)."""
    out = ours
    for message in theirs:
        if not message.id:
            continue
        mine = out.get(message.id, message.context)
        if mine is None:
            out.add(message.id, message.string, flags=message.flags, context=message.context)
            continue
        old = base.get(message.id, message.context)
        old_string = old.string if old is not None else None
        if not mine.string or (mine.string == old_string and message.string):
            mine.string = message.string
    return out


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[1:4]
    merged = merge(_read(base_path), _read(ours_path), _read(theirs_path))
    with open(ours_path, "wb") as f:
        write_po(f, merged, sort_output=True, omit_header=False, width=76)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
