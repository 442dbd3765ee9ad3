"""Through a real HTTP server: 50 simultaneous accepts on one place → one 200, 49 clean 409."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from proxisante.config import Settings
from proxisante.store.accounts.users import create_user
from proxisante.store.db import make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import PatientRow, ProposalRow
from proxisante.web.app import create_app

from .conftest import NOW, VICHY, add_patient  # type: ignore[import-not-found]

N = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_fifty_http_accepts_one_place(engine: Engine, tmp_path: Path) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        pro = crud.create_professional(s, territory_id="t", display_name="Dr", commune_code="03310")
        crud.declare_capacity(s, professional_id=pro.id, places=1, now=NOW)
        uid = create_user(
            s,
            username="pro",
            password_hash="x",
            role="professional",
            territory_id="t",
            professional_id=pro.id,
            now=NOW,
        ).id
        proposals = []
        for i in range(N):
            pid = add_patient(s, "t", "03310", i)
            s.get(PatientRow, pid).status = "proposed"  # type: ignore[union-attr]
            row = ProposalRow(
                patient_id=pid,
                professional_id=pro.id,
                status="proposed",
                level="E",
                travel_time_min=0.0,
                created_at=NOW,
                deadline=NOW + timedelta(days=7),
            )
            s.add(row)
            s.flush()
            proposals.append(row.id)
    app = create_app(
        Settings(home=tmp_path, database_url="unused"),
        engine=engine,
        secret_key="k",
        clock=lambda: NOW,
    )
    token = app.state.tokens.issue(uid)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    barrier = threading.Barrier(N)
    results: list[tuple[int, dict[str, object]]] = []
    lock = threading.Lock()

    def accept(proposal_id: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            barrier.wait()
            r = client.post(
                f"/api/v1/proposals/{proposal_id}/accept",
                headers={"Authorization": f"Bearer {token}"},
            )
        with lock:
            results.append((r.status_code, r.json()))

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    codes = sorted(code for code, _ in results)
    assert codes == [200] + [409] * (N - 1), codes
    for code, body in results:
        if code == 409:
            error = body["error"]
            assert isinstance(error, dict) and error["code"] == "conflict"
            assert "n'a plus de place" in str(error["message"])
