"""Login throttling: after ``MAX_FAILURES`` failed logins for a user name within
``WINDOW_S`` seconds, further attempts are refused (HTTP 429) until the window passes.

In-process memory: enough for the single-process server; a multi-process deployment would keep
this in the database or a shared cache.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

MAX_FAILURES = 5
WINDOW_S = 15 * 60


class LoginThrottle:
    def __init__(self, clock: object = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _now(self) -> float:
        return float(self._clock())  # type: ignore[operator]

    def blocked(self, username: str) -> bool:
        with self._lock:
            q = self._failures.get(username.lower())
            if not q:
                return False
            while q and self._now() - q[0] > WINDOW_S:
                q.popleft()
            return len(q) >= MAX_FAILURES

    def failed(self, username: str) -> None:
        with self._lock:
            self._failures[username.lower()].append(self._now())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.lower(), None)
