"""Progress of long work, reported by the core and shown by the shell.

The core wraps a long loop in :func:`progress`; it never imports a progress-bar library
(an import-linter contract forbids ``tqdm`` in the core). The shell decides how progress is
shown: the CLI installs a terminal bar (:func:`proxisante.cli._output.terminal_progress`, on a
terminal only, never in pipes, logs or CI output) for the duration of a command with
:func:`reporting`; anywhere else (the web, the tests) the items pass through unchanged.

>>> list(progress(range(3), desc="rien"))
[0, 1, 2]
>>> seen = []
>>> def count(items, *, total=None, desc=""):
...     seen.append(desc)
...     return items
>>> with reporting(count):
...     list(progress(["a"], desc="lecture"))
['a']
>>> seen
['lecture']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """How a shell shows the progress of ``items`` (``total`` of them when known)."""

    def __call__(
        self, items: Iterable[T], *, total: int | None = None, desc: str = ""
    ) -> Iterable[T]: ...


def silent(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterable[T]:
    """No progress shown: the items unchanged."""
    return items


_REPORTER: ContextVar[Progress] = ContextVar("progress_reporter", default=silent)


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """``items``, with their progress shown by the reporter the shell installed, if any."""
    yield from _REPORTER.get()(items, total=total, desc=desc)


@contextmanager
def reporting(reporter: Progress) -> Iterator[None]:
    """Show the progress of the work done inside the block with ``reporter``."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)
