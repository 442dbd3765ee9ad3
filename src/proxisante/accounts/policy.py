"""Session and lock-out policy: the values, and the pure rule that counts login attempts.

Lock-out (documented in ``docs/explanation/security.md``):

* **per account** (the user name, known or not): 5 failed attempts within 15 minutes lock the
  account for 15 minutes. The lock is time-boxed and never grows, so nobody can lock a user out
  for more than 15 minutes at a time from one address;
* **per client address**: 20 failed attempts within 15 minutes lock the address for 15 minutes,
  doubling at each new lock (30, 60 … capped at 24 hours) while the address keeps failing;
  forgotten after 24 hours without a lock. One address can so lock only a handful of accounts
  before it is itself shut out, for longer and longer.

Every attempt is counted *before* the password is checked (atomically, in the database), so
parallel attempts cannot slip past the limit; a successful login gives its count back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

SESSION_MAX_AGE = timedelta(hours=12)


@dataclass(frozen=True)
class Limit:
    """At most ``max_failures`` within ``window``; then a lock of ``lock`` (× 2 per repeat
    when ``escalate``, never over ``lock_cap``)."""

    max_failures: int
    window: timedelta
    lock: timedelta
    escalate: bool = False
    lock_cap: timedelta = timedelta(hours=24)
    forget_after: timedelta = timedelta(hours=24)

    def lock_for(self, previous_locks: int) -> timedelta:
        if not self.escalate:
            return self.lock
        return min(self.lock * (2.0 ** min(previous_locks, 16)), self.lock_cap)


ACCOUNT_LIMIT = Limit(max_failures=5, window=timedelta(minutes=15), lock=timedelta(minutes=15))
ADDRESS_LIMIT = Limit(
    max_failures=20, window=timedelta(minutes=15), lock=timedelta(minutes=15), escalate=True
)


@dataclass(frozen=True)
class Counter:
    """The state of one throttle key (an account or a client address)."""

    failures: int = 0
    window_start: datetime | None = None
    locked_until: datetime | None = None
    locks: int = 0


def locked_until(counter: Counter, now: datetime) -> datetime | None:
    """When the lock of ``counter`` ends, or ``None`` when it is not locked at ``now``."""
    if counter.locked_until is not None and counter.locked_until > now:
        return counter.locked_until
    return None


def count_attempt(counter: Counter, now: datetime, limit: Limit) -> Counter:
    """The counter after one more attempt at ``now`` (the caller checked it is not locked)."""
    locks = counter.locks
    last_event = counter.locked_until or counter.window_start
    if last_event is not None and now - last_event > limit.forget_after:
        locks = 0
    failures, start = counter.failures, counter.window_start
    if start is None or now - start > limit.window or counter.locked_until is not None:
        failures, start = 0, now  # a new window (also after a lock has run out)
    failures += 1
    until = None
    if failures >= limit.max_failures:
        until = now + limit.lock_for(locks)
        locks += 1
    return Counter(failures=failures, window_start=start, locked_until=until, locks=locks)


def give_back(counter: Counter, limit: Limit, *, reset: bool) -> Counter:
    """After a successful login: forget the account's failures (``reset``) or give back the
    one attempt counted for the address (and the lock that very attempt set, if any)."""
    if reset:
        return Counter()
    failures = max(0, counter.failures - 1)
    if counter.locked_until is not None and failures < limit.max_failures:
        return replace(
            counter, failures=failures, locked_until=None, locks=max(0, counter.locks - 1)
        )
    return replace(counter, failures=failures)
