"""Helpers shared by the command modules: JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def print_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON on standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """Wrap ``items`` in a progress bar shown on a terminal only (never in pipes or logs)."""
    yield from tqdm(items, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)
