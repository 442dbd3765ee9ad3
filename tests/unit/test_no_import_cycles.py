"""No import cycle anywhere in ``src/proxisante`` (issue 21).

The graph is read from the source with :mod:`ast`, not by importing it: one node per module
(a package is its ``__init__``), one edge per import of a ``proxisante`` module wherever it is
written — at module level, inside a function (the CLI's lazy imports) and under
``if TYPE_CHECKING:`` alike, since each of them is a dependency a reader must follow, and a
cycle through a function-level import is a cycle that only waits for the import to move up.
``from package import name`` points at the submodule ``package.name`` when there is one, else
at the package. The cycles are the strongly connected components of more than one module; the
test names one closed path through each.

Import-linter's contracts (``pyproject.toml``, ``lint-imports``) check the layering between
packages; this test checks the modules inside them as well.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import proxisante

Graph = Mapping[str, frozenset[str]]


def _modules(src: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Every module of ``package`` under ``src``: its dotted name → (file, is a package)."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement of ``module`` may designate (most precise first)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    return [f"{target}.{alias.name}" for alias in node.names] + [target]


def import_graph(src: Path, package: str = "proxisante") -> dict[str, frozenset[str]]:
    """The modules of ``package`` and, for each, the modules of the package it imports."""
    modules = _modules(src, package)

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, (path, is_package) in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = _imported(node, module, is_package)
            if isinstance(node, ast.ImportFrom):
                # ``from a import b``: the submodule a.b if it exists, else the module a.
                subs = [n for n in names[:-1] if n in modules]
                targets = subs or [resolve(names[-1])]
            else:
                targets = [resolve(n) for n in names]
            deps.update(t for t in targets if t and t.split(".")[0] == package)
        deps.discard(module)
        graph[module] = frozenset(deps)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """One closed path (first module repeated at the end) per strongly connected component of
    more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return [_closed_path(graph, c) for c in sorted(components, key=min)]


def _closed_path(graph: Graph, component: Iterable[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, inside it."""
    members = set(component)
    start = min(members)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle through {start} in {sorted(members)}")


def test_no_import_cycle_in_src() -> None:
    src = Path(proxisante.__file__).parent.parent
    graph = import_graph(src)
    # The graph is the real one: it sees a module-level, a function-level and a relative import.
    assert "proxisante.diagnosis.build" in graph["proxisante.diagnosis"]
    assert "proxisante.store.db" in graph["proxisante.cli._rota_db"]
    assert len(graph) > 250
    found = cycles(graph)
    assert not found, "import cycles in src/proxisante:\n" + "\n".join(" → ".join(c) for c in found)


def test_a_cycle_is_found_and_named(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "a.py").write_text("import pkg.c\n")
    (pkg / "sub" / "b.py").write_text("from ..a import x\n")
    (pkg / "c.py").write_text("def f():\n    from pkg.sub import b\n")
    (pkg / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n import pkg.e\n"
    )
    (pkg / "e.py").write_text("from pkg import d\n")
    (pkg / "f.py").write_text("import pkg.a\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub"] == {"pkg.sub.b"}
    assert graph["pkg.c"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.a"}
    assert cycles(graph) == [
        ["pkg.a", "pkg.c", "pkg.sub.b", "pkg.a"],
        ["pkg.d", "pkg.e", "pkg.d"],
    ]
