"""Helpers shared by the command modules: JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from proxisante.utils.progress_utils import progress

__all__ = ["print_json", "progress", "terminal_progress"]

T = TypeVar("T")


def print_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON on standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def terminal_progress(
    items: Iterable[T], *, total: int | None = None, desc: str = ""
) -> Iterator[T]:
    """A progress bar on standard error when it is a terminal (never in pipes, logs or CI
    output): the CLI's :class:`~proxisante.utils.progress_utils.Progress`, installed for every
    command by :mod:`proxisante.cli.__main__`."""
    from tqdm import tqdm  # here, not in the core (import-linter contract)

    yield from tqdm(items, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)
