"""The lock-out rule on its own: counts, time-boxed locks, escalation with a cap, give-back."""

from __future__ import annotations

from datetime import datetime, timedelta

from proxisante.accounts.policy import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    Counter,
    Limit,
    count_attempt,
    give_back,
    locked_until,
)

T0 = datetime(2026, 6, 1, 9, 0)


EMPTY = Counter()


def _attempts(n: int, limit: Limit, start: Counter = EMPTY, at: datetime = T0) -> Counter:
    c = start
    for _ in range(n):
        assert locked_until(c, at) is None
        c = count_attempt(c, at, limit)
    return c


def test_fifth_failure_locks_the_account_for_fifteen_minutes() -> None:
    c = _attempts(4, ACCOUNT_LIMIT)
    assert locked_until(c, T0) is None
    c = count_attempt(c, T0, ACCOUNT_LIMIT)
    assert locked_until(c, T0) == T0 + timedelta(minutes=15)
    assert locked_until(c, T0 + timedelta(minutes=15)) is None  # time-boxed


def test_account_lock_never_grows() -> None:
    c = Counter()
    at = T0
    for _ in range(10):  # an attacker re-locking the account again and again
        c = _attempts(5, ACCOUNT_LIMIT, c, at)
        until = locked_until(c, at)
        assert until == at + timedelta(minutes=15)
        at = until
    assert c.locks == 10


def test_address_lock_doubles_and_is_capped() -> None:
    c = Counter()
    at = T0
    durations = []
    for _ in range(10):
        c = _attempts(20, ADDRESS_LIMIT, c, at)
        until = locked_until(c, at)
        assert until is not None
        durations.append(until - at)
        at = until
    assert durations[:4] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert max(durations) == timedelta(hours=24)


def test_failures_outside_the_window_are_forgotten() -> None:
    c = _attempts(4, ACCOUNT_LIMIT)
    c = count_attempt(c, T0 + timedelta(minutes=16), ACCOUNT_LIMIT)
    assert c.failures == 1 and locked_until(c, T0 + timedelta(minutes=16)) is None


def test_success_resets_the_account_and_gives_back_one_to_the_address() -> None:
    acc = _attempts(3, ACCOUNT_LIMIT)
    assert give_back(acc, ACCOUNT_LIMIT, reset=True) == Counter()
    addr = _attempts(20, ADDRESS_LIMIT)  # the 20th attempt (a success) locked the address
    assert locked_until(addr, T0) is not None
    back = give_back(addr, ADDRESS_LIMIT, reset=False)
    assert back.failures == 19 and locked_until(back, T0) is None and back.locks == 0
