"""The TOTP second factor (RFC 6238, 30-second steps, ± one step), each code used once.

:func:`matching_step` says which time-step a code belongs to; the service accepts it only if
that step is later than the last one accepted for the user (stored by the account store), so
the same code can never open two sessions.
"""

from __future__ import annotations

import pyotp

ROLES_WITH_TOTP = frozenset({"coordinator", "admin"})
STEP_S = 30
WINDOW_STEPS = 1


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="ProxiSanté")


def matching_step(secret: str | None, code: str | None, unix_time: float) -> int | None:
    """The time-step (``unix_time // 30`` ± 1) whose code is ``code``, or ``None``."""
    if not secret or not code:
        return None
    code = str(code).strip()
    if len(code) != 6 or not code.isdigit():
        return None
    try:
        totp = pyotp.TOTP(secret)
        now_step = int(unix_time) // STEP_S
        for step in range(now_step - WINDOW_STEPS, now_step + WINDOW_STEPS + 1):
            if pyotp.utils.strings_equal(totp.at(step * STEP_S), code):
                return step
    except (ValueError, TypeError):  # a malformed stored secret refuses the login
        return None
    return None


def next_usable_code(secret: str, last_step: int | None, unix_time: float) -> str | None:
    """The code a login can use now (the current step's, or the next one's when the current
    step was already used); ``None`` when none is usable before the next step. For the
    fictitious demo's login page, which shows the codes."""
    now_step = int(unix_time) // STEP_S
    step = now_step if last_step is None or last_step < now_step else last_step + 1
    if step > now_step + WINDOW_STEPS:
        return None
    try:
        return str(pyotp.TOTP(secret).at(step * STEP_S))
    except (ValueError, TypeError):
        return None
