"""The browser of the end-to-end tests: Debian's Chromium driven by Playwright, one per module
(a module may define its own ``browser`` fixture to launch it differently)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e._demo_server import ARGS, CHROMIUM

# Playwright's assertions wait 5 s by default; on a loaded 2-core machine (CI beside other
# work) a page that is right may take longer to show it. Waiting longer changes no verdict.
EXPECT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
