"""Two swaps, each valid alone, that break the rest rule together, accepted at the same time:
exactly one succeeds, the other is refused with the rule named (row lock on the rota)."""

from __future__ import annotations

import threading

from proxisante.actor import Actor
from proxisante.errors import UserError
from proxisante.rota.service import RotaService
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.rota import SqlRotaAudit, SqlRotaRepository
from tests.integration.rota.conftest import NOW, Env, night


def test_two_accepts_at_once_keep_the_rules(env: Env) -> None:
    env.reset()
    coord = Actor.operator("t1")
    ids = []
    with transaction(env.factory) as s:
        service = RotaService(SqlRotaRepository(s), SqlRotaAudit(s), lambda: NOW)
        # D3 (night 5) may take night 1 or night 2, not both (no 24 h rest between them)
        ids.append(service.propose(coord, env.rota_id, shift_id=night(1), to_doctor="D3").swap.id)
        ids.append(service.propose(coord, env.rota_id, shift_id=night(2), to_doctor="D3").swap.id)
    engine = make_engine(env.url)
    factory = make_session_factory(engine)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def accept(swap_id: int) -> None:
        barrier.wait()
        try:
            with transaction(factory) as s:
                svc = RotaService(SqlRotaRepository(s), SqlRotaAudit(s), lambda: NOW)
                svc.accept(coord, env.rota_id, swap_id)
            results.append("ok")
        except UserError as exc:
            results.append(str(exc))

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert sorted(r == "ok" for r in results) == [False, True], results
    assert "[repos]" in next(r for r in results if r != "ok")
    holders = env.holders()
    assert [holders[night(1)], holders[night(2)]].count("D3") == 1
