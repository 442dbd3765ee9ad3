"""No function in ``src/`` is longer than 100 lines (the Alembic migrations aside).

A long function is split into named steps; the limit is counted from the ``def`` line to the
last line of the body (decorators, docstring and comments included), as ``ast`` reports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "proxisante"
LIMIT = 100


def _lengths(path: Path) -> list[tuple[int, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.end_lineno - node.lineno + 1, node.name, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def test_the_walk_sees_the_code():
    files = [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]
    assert len(files) > 100
    assert sum(len(_lengths(p)) for p in files) > 1000


def test_no_function_over_100_lines():
    too_long = sorted(
        (n, f"{path.relative_to(SRC.parent)}:{line} {name}")
        for path in SRC.rglob("*.py")
        if "migrations" not in path.relative_to(SRC).parts
        for n, name, line in _lengths(path)
        if n > LIMIT
    )
    assert not too_long, f"functions over {LIMIT} lines (split them): {too_long}"


def test_the_check_catches_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    f = tmp_path / "long.py"
    f.write_text(f"def long():\n{body}\n", encoding="utf-8")
    assert _lengths(f) == [(LIMIT + 1, "long", 1)]
