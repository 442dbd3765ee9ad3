"""Heavy computations on the web, bounded once for every route that runs one.

A heavy route (the workbench's scenarios and siting, the public diagnostic when it is not cached
yet) goes through one :class:`HeavyLimiter` per app, i.e. per worker process:

- **size**: :meth:`HeavyLimiter.check_area` refuses the whole country (``fr``, ``ch``), every
  région (``reg:…``) and any area of more than ``max_communes`` communes with a ``400`` naming
  the parameter and the limit, and points to the CLI. The country and régions are recognised
  from the code alone, before the territory is even loaded, so the refusal is immediate;
- **concurrency**: at most ``concurrency`` heavy computations at once; one more is answered
  ``429`` with ``Retry-After`` at once (no queue: a queue would hold memory and threads);
- **time**: a computation that runs past ``timeout_s`` is answered ``503`` with ``Retry-After``.
  Python cannot stop a thread, so it finishes in the background and keeps its slot until then
  (the concurrency bound still holds); the solvers get the same limit (``deadline_s``).

Settings: ``PROXISANTE_HEAVY_MAX_COMMUNES``, ``PROXISANTE_HEAVY_CONCURRENCY``,
``PROXISANTE_HEAVY_TIMEOUT_S`` (:class:`proxisante.config.Settings`). See
``docs/explanation/heavy-requests.md``.
"""

from __future__ import annotations

import contextvars
import math
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from fastapi import Request

from proxisante.config import Settings
from proxisante.i18n import _, format_number, ngettext
from proxisante.territory.model import normalise_code
from proxisante.web.errors import ApiError

T = TypeVar("T")

#: Codes refused whatever their size: the countries and every région (prefix).
NATIONAL_CODES = frozenset({"fr", "ch"})
REGION_PREFIXES = ("reg:",)
BUSY_RETRY_S = 30
"""``Retry-After`` of a 429: about what a departmental computation takes."""


class HeavyRefusalError(ApiError):
    """A heavy request refused: too large (400), busy (429) or too long (503)."""

    def __init__(
        self, status_code: int, message: str, code: str, retry_after_s: int | None = None
    ) -> None:
        super().__init__(status_code, message, code)
        if retry_after_s is not None:
            self.headers = {"Retry-After": str(retry_after_s)}


def _cli_hint(code: str) -> str:
    return _(
        "Pour un calcul national ou régional, utilisez la ligne de commande, p. ex. "
        "« proxisante plan site {code} --objective mclp --p 20 --radius 120 » "
        "(voir docs/explanation/heavy-requests.md)."
    ).format(code=code)


class HeavyLimiter:
    """Size, concurrency and time limits of the heavy computations of one worker."""

    def __init__(self, max_communes: int, concurrency: int, timeout_s: float) -> None:
        self.max_communes = max_communes
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._taken = 0
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="heavy")

    @classmethod
    def from_settings(cls, settings: Settings) -> HeavyLimiter:
        return cls(
            settings.heavy_max_communes, settings.heavy_concurrency, settings.heavy_timeout_s
        )

    # -- size -----------------------------------------------------------------------------------
    def check_code(self, code: str) -> None:
        """Refuse the country and the régions from the code alone (no territory loaded)."""
        c = normalise_code(code)
        if c in NATIONAL_CODES or c.startswith(REGION_PREFIXES):
            raise HeavyRefusalError(
                400,
                ngettext(
                    "territoire {code} : trop grand pour un calcul en ligne ; le pays entier et "
                    "les régions sont refusés, au plus {max} commune par territoire. {hint}",
                    "territoire {code} : trop grand pour un calcul en ligne ; le pays entier et "
                    "les régions sont refusés, au plus {max} communes par territoire "
                    "(une intercommunalité ou un département). {hint}",
                    self.max_communes,
                ).format(code=c, max=format_number(self.max_communes), hint=_cli_hint(c)),
                "area_too_large",
            )

    def check_area(self, code: str, communes: int) -> None:
        """Refuse an area of more than ``max_communes`` communes (and the country, régions)."""
        self.check_code(code)
        if communes > self.max_communes:
            c = normalise_code(code)
            raise HeavyRefusalError(
                400,
                ngettext(
                    "territoire {code} : {n} communes, trop pour un calcul en ligne (au plus "
                    "{max} commune par territoire). {hint}",
                    "territoire {code} : {n} communes, trop pour un calcul en ligne (au plus "
                    "{max} communes par territoire). {hint}",
                    self.max_communes,
                ).format(
                    code=c,
                    n=format_number(communes),
                    max=format_number(self.max_communes),
                    hint=_cli_hint(c),
                ),
                "area_too_large",
            )

    # -- concurrency and time -------------------------------------------------------------------
    def deadline_s(self) -> float:
        """The time a computation may take (solvers get it as their own limit)."""
        return self.timeout_s

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` in one of the worker's heavy slots, within the time limit.

        429 at once when every slot is taken; 503 when ``work`` runs past the limit (it goes on
        in the background and frees its slot when it ends). ``work`` must not use the request's
        database session (it may outlive the request): read before, write after.
        """
        if not self._take():
            raise HeavyRefusalError(
                429,
                ngettext(
                    "Calcul refusé : un calcul lourd est déjà en cours sur ce serveur (au plus "
                    "{n} à la fois) ; réessayez dans {s} secondes.",
                    "Calcul refusé : {n} calculs lourds sont déjà en cours sur ce serveur (au "
                    "plus {n} à la fois) ; réessayez dans {s} secondes.",
                    self.concurrency,
                ).format(n=self.concurrency, s=BUSY_RETRY_S),
                "too_many_requests",
                BUSY_RETRY_S,
            )
        try:
            future = self._pool.submit(contextvars.copy_context().run, work)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(lambda _f: self._release())
        try:
            return future.result(timeout=self.timeout_s)
        except FutureTimeout:
            seconds = max(1, math.ceil(self.timeout_s))
            raise HeavyRefusalError(
                503,
                ngettext(
                    "Calcul interrompu : il dépasse la limite de {s} seconde d'un calcul en "
                    "ligne ; choisissez un territoire plus petit ou utilisez la ligne de "
                    "commande, puis réessayez.",
                    "Calcul interrompu : il dépasse la limite de {s} secondes d'un calcul en "
                    "ligne ; choisissez un territoire plus petit ou utilisez la ligne de "
                    "commande, puis réessayez.",
                    seconds,
                ).format(s=seconds),
                "computation_timeout",
                seconds,
            ) from None

    def _take(self) -> bool:
        with self._lock:
            if self._taken >= self.concurrency:
                return False
            self._taken += 1
            return True

    def _release(self) -> None:
        with self._lock:
            self._taken -= 1

    def busy(self) -> int:
        """Slots taken now (computations running, timed-out ones included)."""
        with self._lock:
            return self._taken

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def heavy_limiter(request: Request) -> HeavyLimiter:
    """The app's limiter (made by the app factory from its settings)."""
    found: HeavyLimiter = request.app.state.heavy
    return found
