"""The rota's modules, its web shells and its store import one another one way only (the API
module used to import the pages, which import the API: issue 21)."""

from __future__ import annotations

import grimp

ROTA = ("proxisante.rota", "proxisante.store.rota", "proxisante.web.api.rota")
PAGES = ("proxisante.web.pages.rota", "proxisante.web.pages._rota_view")


def test_no_import_cycle_through_the_rota_modules() -> None:
    graph = grimp.build_graph("proxisante")
    mine = [m for m in graph.modules if m.startswith(ROTA) or m.startswith(PAGES)]
    cycles = [
        (m, n)
        for m in mine
        for n in graph.find_modules_directly_imported_by(m)
        if graph.find_shortest_chain(importer=n, imported=m) is not None
    ]
    assert cycles == []
    # the pages use the API's helpers, never the other way
    assert (
        graph.find_shortest_chain(
            importer="proxisante.web.api.rota", imported="proxisante.web.pages.rota"
        )
        is None
    )
