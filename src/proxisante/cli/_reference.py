"""The CLI reference page (``docs/reference/cli.md``), generated from the parser itself."""

from __future__ import annotations

import argparse
import os


def _walk(parser: argparse.ArgumentParser, path: list[str]) -> list[tuple[str, str]]:
    out = [(" ".join(path), parser.format_help())]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.extend(_walk(sub, [*path, name]))
    return out


def cli_reference() -> str:
    """Markdown with the ``--help`` of every command and subcommand."""
    from proxisante.cli.__main__ import build_parser
    from proxisante.i18n import use_lang

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width: fix it
    parts = [
        "# CLI reference\n",
        "Generated from the code by `make docs`; a test fails when this page is stale. Shown in"
        " English (`--lang en`); `proxisante --help` speaks French by default, or the language of"
        " `--lang` / `PROXISANTE_LANG`.\n",
    ]
    with use_lang("en"):
        for name, text in _walk(build_parser(), ["proxisante"]):
            parts.append(f"\n## `{name}`\n\n```text\n{text.rstrip()}\n```\n")
    return "".join(parts)
