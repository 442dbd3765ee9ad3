"""The core reports progress through ``utils.progress_utils``; the CLI shows it as a terminal bar
(tqdm stays out of the core: import-linter contract), for the duration of a command only."""

from __future__ import annotations

import argparse
from pathlib import Path

from proxisante.cli.__main__ import _run
from proxisante.cli._output import terminal_progress
from proxisante.config import Settings
from proxisante.utils import progress_utils
from proxisante.utils.progress_utils import progress


def test_a_command_reports_the_core_progress_through_the_terminal_bar(tmp_path: Path) -> None:
    seen = []

    def command(args: argparse.Namespace, settings: Settings) -> int:
        seen.append(progress_utils._REPORTER.get())
        seen.append(list(progress(range(3), desc="lecture")))
        return 0

    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'db'}")
    assert _run(argparse.Namespace(func=command), settings) == 0
    assert seen == [terminal_progress, [0, 1, 2]]
    assert progress_utils._REPORTER.get() is progress_utils.silent  # reset after the command


def test_outside_a_command_the_items_pass_unchanged() -> None:
    assert list(progress(iter("abc"), total=3)) == ["a", "b", "c"]
    assert list(terminal_progress(range(2), total=2, desc="x")) == [0, 1]  # no terminal here
