"""Heavy requests on the real app (issue 20): the national siting is refused at once, an area
over the commune limit too; one computation more than the limit is a 429, one past the time
limit a 503 — the same limiter for the workbench and the public diagnostic."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from proxisante.planning.scenarios.workbench import WorkbenchService
from proxisante.web.heavy import HeavyLimiter
from tests.integration.workbench.conftest import CHANGES, VICHY_CA, Env

SITING = {"objective": "mclp", "p": 20, "radius": 120}


@pytest.fixture
def limiter(env: Env) -> Iterator[None]:
    """Put the app's limiter back after a test that swaps it."""
    kept = env.app.state.heavy
    yield
    env.app.state.heavy = kept


def _hold(limiter: HeavyLimiter) -> tuple[threading.Event, threading.Thread]:
    """Take every slot of ``limiter`` with computations that wait for the returned event."""
    gate, started = threading.Event(), threading.Semaphore(0)

    def work() -> None:
        started.release()
        gate.wait(30)

    threads = [
        threading.Thread(target=limiter.run, args=(work,)) for _ in range(limiter.concurrency)
    ]
    for t in threads:
        t.start()
    for _ in threads:
        assert started.acquire(timeout=10)
    return gate, threads[0]


@pytest.mark.parametrize("code", ["fr", "reg:84", "FR"])
def test_national_and_regional_siting_is_a_400_within_two_seconds(env: Env, code: str) -> None:
    # A new app builds its request models on its first request, whatever the route (about a
    # second, more on a loaded machine): that is not the refusal's time.
    assert env.call("analyst", "GET", "/api/v1/territories").status_code == 200
    t0 = time.perf_counter()
    r = env.call("analyst", "POST", f"/api/v1/planning/territories/{code}/siting", SITING)
    elapsed = time.perf_counter() - t0
    assert r.status_code == 400, r.text
    assert elapsed < 2.0, elapsed
    error = r.json()["error"]
    assert error["code"] == "area_too_large"
    assert "territoire" in error["message"] and "communes" in error["message"]
    assert "proxisante plan site" in error["message"]
    assert env.app.state.heavy.busy() == 0  # nothing was started


def test_scenarios_on_the_whole_country_are_refused_too_and_in_german(env: Env) -> None:
    r = env.call(
        "analyst", "POST", "/api/v1/planning/territories/fr/run?lang=de", {"changes": CHANGES}
    )
    assert r.status_code == 400 and "Gemeinden" in r.json()["error"]["message"]
    r = env.call(
        "analyst",
        "POST",
        "/api/v1/planning/territories/fr/scenarios",
        {"name": "x", "changes": CHANGES},
    )
    assert r.status_code == 400


def test_the_refusal_keeps_the_role_check_first(env: Env) -> None:
    assert (
        env.call("anon", "POST", "/api/v1/planning/territories/fr/siting", SITING).status_code
        == 401
    )


def test_an_area_over_the_commune_limit_is_a_400_naming_its_size(env: Env, limiter: None) -> None:
    env.app.state.heavy = HeavyLimiter(10, 2, 60.0)
    r = env.call("analyst", "POST", f"/api/v1/planning/territories/{VICHY_CA}/siting", SITING)
    assert r.status_code == 400, r.text
    message = r.json()["error"]["message"]
    assert f"territoire {VICHY_CA}" in message and "au plus 10 communes" in message


def test_one_computation_more_than_the_limit_is_a_429_with_retry_after(
    env: Env, limiter: None
) -> None:
    env.app.state.heavy = busy = HeavyLimiter(1500, 1, 60.0)
    gate, holder = _hold(busy)
    try:
        t0 = time.perf_counter()
        r = env.call("analyst", "POST", f"/api/v1/planning/territories/{VICHY_CA}/siting", SITING)
        assert time.perf_counter() - t0 < 2.0
        assert r.status_code == 429, r.text
        assert r.headers["Retry-After"] == "30"
        assert r.json()["error"]["code"] == "too_many_requests"
        r = env.call(
            "analyst", "POST", f"/api/v1/planning/territories/{VICHY_CA}/run", {"changes": CHANGES}
        )
        assert r.status_code == 429
        # the public diagnostic, not cached yet, goes through the same limiter
        r = env.client.get(f"/territoires/{VICHY_CA}/diagnostic.csv")
        assert r.status_code == 429 and r.headers["Retry-After"] == "30"
    finally:
        gate.set()
        holder.join(10)
    r = env.call(
        "analyst", "POST", f"/api/v1/planning/territories/{VICHY_CA}/run", {"changes": CHANGES}
    )
    assert r.status_code == 200, r.text


def test_a_computation_past_the_time_limit_is_a_503_and_nothing_is_saved(
    env: Env, limiter: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    env.reset()
    before = env.call("analyst", "GET", f"/api/v1/planning/territories/{VICHY_CA}/scenarios").json()
    env.app.state.heavy = slow = HeavyLimiter(1500, 1, 0.5)
    gate = threading.Event()
    run = WorkbenchService.run

    def late_run(self: WorkbenchService, *args: object) -> object:
        gate.wait(30)
        return run(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(WorkbenchService, "run", late_run)
    try:
        t0 = time.perf_counter()
        r = env.call(
            "analyst",
            "POST",
            f"/api/v1/planning/territories/{VICHY_CA}/scenarios",
            {"name": "trop long", "changes": CHANGES},
        )
        assert 0.5 <= time.perf_counter() - t0 < 5.0
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "1"
        assert r.json()["error"]["code"] == "computation_timeout"
        assert "limite de 1 seconde" in r.json()["error"]["message"]
    finally:
        gate.set()
    deadline = time.monotonic() + 30
    while slow.busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slow.busy() == 0  # the late computation ended and freed its slot
    after = env.call("analyst", "GET", f"/api/v1/planning/territories/{VICHY_CA}/scenarios").json()
    assert after == before  # the scenario that timed out was not saved
