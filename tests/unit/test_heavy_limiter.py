"""The web's limiter of heavy computations on its own: size, concurrency (429), time (503)."""

from __future__ import annotations

import threading
import time

import pytest

from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, format_number, use_lang
from proxisante.web.heavy import BUSY_RETRY_S, HeavyLimiter, HeavyRefusalError


@pytest.mark.parametrize("code", ["fr", "FR", "france", "ch", "reg:84", "Reg:11", " reg:84 "])
def test_country_and_regions_are_refused_from_the_code_alone(code: str) -> None:
    limiter = HeavyLimiter(1500, 2, 60.0)
    with pytest.raises(HeavyRefusalError) as caught:
        limiter.check_code(code)
    assert caught.value.status_code == 400 and caught.value.code == "area_too_large"
    message = str(caught.value.detail)
    assert "territoire" in message and f"{format_number(1500)} communes" in message
    assert "proxisante plan site" in message  # the CLI is named


def test_an_area_over_the_commune_limit_is_refused_and_one_at_the_limit_passes() -> None:
    limiter = HeavyLimiter(300, 2, 60.0)
    limiter.check_area("dep:03", 300)
    limiter.check_area("200071363", 38)
    with pytest.raises(HeavyRefusalError) as caught:
        limiter.check_area("dep:03", 317)
    assert caught.value.status_code == 400
    assert "317 communes" in str(caught.value.detail) and "300" in str(caught.value.detail)


def test_the_refusal_is_translated() -> None:
    limiter = HeavyLimiter(1500, 2, 60.0)
    for lang, word in (("de", "Gemeinden"), ("en", "communes")):
        with use_lang(lang), pytest.raises(HeavyRefusalError) as caught:
            limiter.check_code("fr")
        assert word in str(caught.value.detail)
        assert "territoire {code}" not in str(caught.value.detail)


def test_run_returns_the_value_in_the_callers_language() -> None:
    limiter = HeavyLimiter(1500, 1, 5.0)
    with use_lang("de"):
        text = limiter.run(lambda: _("Erreur interne (un bogue) : merci de la signaler."))
    assert "Fehler" in text
    assert limiter.busy() == 0
    with pytest.raises(ValueError, match="boom"):
        limiter.run(lambda: (x for x in ()).throw(ValueError("boom")))
    assert limiter.busy() == 0  # a failed computation frees its slot


def test_one_more_than_the_limit_is_a_429_with_retry_after() -> None:
    limiter = HeavyLimiter(1500, 2, 10.0)
    gate, started = threading.Event(), threading.Semaphore(0)

    def hold() -> int:
        started.release()
        gate.wait(10)
        return 1

    threads = [threading.Thread(target=limiter.run, args=(hold,)) for _ in range(2)]
    for t in threads:
        t.start()
    for _thread in threads:
        assert started.acquire(timeout=10)
    t0 = time.perf_counter()
    with pytest.raises(HeavyRefusalError) as caught:
        limiter.run(lambda: 2)
    assert time.perf_counter() - t0 < 0.5  # refused at once, not queued
    assert caught.value.status_code == 429
    assert caught.value.headers == {"Retry-After": str(BUSY_RETRY_S)}
    gate.set()
    for t in threads:
        t.join(10)
    assert limiter.busy() == 0 and limiter.run(lambda: 3) == 3


def test_past_the_time_limit_a_503_and_the_slot_is_held_until_the_work_ends() -> None:
    limiter = HeavyLimiter(1500, 1, 0.2)
    gate = threading.Event()
    t0 = time.perf_counter()
    with pytest.raises(HeavyRefusalError) as caught:
        limiter.run(lambda: gate.wait(10))
    assert 0.2 <= time.perf_counter() - t0 < 2.0
    assert caught.value.status_code == 503 and caught.value.code == "computation_timeout"
    assert caught.value.headers == {"Retry-After": "1"}
    assert "1 seconde " in str(caught.value.detail)  # rounded up, singular
    # the late computation still holds the only slot: the next one is refused (bounded memory)
    with pytest.raises(HeavyRefusalError) as busy:
        limiter.run(lambda: 1)
    assert busy.value.status_code == 429
    gate.set()
    deadline = time.monotonic() + 5
    while limiter.busy() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert limiter.run(lambda: 1) == 1


def test_settings_from_the_environment() -> None:
    base = {"PROXISANTE_HOME": "/tmp/x"}
    s = Settings.from_environ(base)
    assert (s.heavy_max_communes, s.heavy_concurrency, s.heavy_timeout_s) == (1500, 2, 60.0)
    s = Settings.from_environ(
        base
        | {
            "PROXISANTE_HEAVY_MAX_COMMUNES": "400",
            "PROXISANTE_HEAVY_CONCURRENCY": "1",
            "PROXISANTE_HEAVY_TIMEOUT_S": "15",
        }
    )
    assert (s.heavy_max_communes, s.heavy_concurrency, s.heavy_timeout_s) == (400, 1, 15.0)
    for name, value in (
        ("PROXISANTE_HEAVY_CONCURRENCY", "0"),
        ("PROXISANTE_HEAVY_CONCURRENCY", "two"),
        ("PROXISANTE_HEAVY_MAX_COMMUNES", "-5"),
        ("PROXISANTE_HEAVY_TIMEOUT_S", "-1"),
    ):
        with pytest.raises(UserError, match=name):
            Settings.from_environ(base | {name: value})
