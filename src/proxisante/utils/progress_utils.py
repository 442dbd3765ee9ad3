"""Progress bars for long work, shown on a terminal only (never in pipes, logs or CI output)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """Wrap ``items`` in a progress bar when standard error is a terminal."""
    yield from tqdm(items, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)
