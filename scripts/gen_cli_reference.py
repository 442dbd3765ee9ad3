"""Write docs/reference/cli.md from the parser (``make docs``)."""

from pathlib import Path

from proxisante.cli._reference import cli_reference

target = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"
target.write_text(cli_reference(), encoding="utf-8")
print(f"wrote {target}")
