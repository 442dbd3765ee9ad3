"""``serve``'s periodic task: every ``tick_interval_s`` seconds (and once at start-up), expire
overdue proposals and pass their patients on, then send the outbox: the runners the composition
root composes (:func:`~proxisante.bootstrap.runners.run_registry_tick`,
:func:`~proxisante.bootstrap.runners.run_outbox`), on the app's session factory, clock and
travel-time provider.

A daemon thread per process: with several workers each runs its own, which is safe (a territory
is ticked by one of them at a time, a message claimed by one). Failures are logged by class
name only (a message could quote an address), and the next round tries again.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI

log = logging.getLogger("proxisante.web.background")


class Ticker:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="registry-tick", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)

    def once(self) -> None:
        from proxisante.bootstrap.runners import run_outbox, run_registry_tick

        state = self.app.state
        settings = state.settings
        try:
            report = run_registry_tick(
                state.session_factory, clock=state.clock, travel=state.travel
            )
            if report.expired:
                log.info("tick: %d proposals expired, %d passed on", report.expired,
                         report.passed_on)  # fmt: skip
        except Exception as exc:
            log.warning("tick failed: %s", type(exc).__name__)
        try:
            run_outbox(
                state.session_factory,
                smtp=settings.smtp,
                clock=state.clock,
                lease_s=settings.outbox_lease_s,
                sms=getattr(state, "sms", None),
                stop=self.stopping.is_set,
            )
        except Exception as exc:
            log.warning("outbox pass failed: %s", type(exc).__name__)

    def _run(self) -> None:
        interval = float(self.app.state.settings.tick_interval_s)
        while not self.stopping.is_set():
            self.once()
            if self.stopping.wait(interval):
                break


def install_ticker(app: FastAPI) -> None:
    """Start the periodic task with the app, stop it with the app."""
    if app.state.settings.tick_interval_s <= 0:
        return
    ticker = Ticker(app)
    app.state.ticker = ticker
    app.router.on_startup.append(ticker.start)
    app.router.on_shutdown.append(ticker.stop)
