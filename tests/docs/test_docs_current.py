"""Generated documentation is current, and every command is documented."""

from __future__ import annotations

from proxisante.cli._reference import cli_reference
from tests.conftest import REPO


def test_cli_reference_is_current():
    page = (REPO / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert page == cli_reference(), "docs/reference/cli.md is stale: run `make docs`"


def test_every_command_of_the_issues_is_in_the_reference():
    page = (REPO / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "proxisante territory show",
        "proxisante territory search",
        "proxisante data info",
        "proxisante data import",
        "proxisante access apl",
        "proxisante access nearest",
        "proxisante access fidelity",
        "proxisante diagnostic",
        "proxisante serve",
        "proxisante registry match",
        "proxisante db upgrade",
        "proxisante rota solve",
        "proxisante rota check",
        "proxisante registry purge",
        "proxisante db backup",
        "proxisante db restore",
    ):
        assert f"## `{command}`" in page, command
