"""TOTP codes: the matching time-step, a code usable once, the demo's next usable code."""

from __future__ import annotations

import pyotp
import pytest

from proxisante.accounts.errors import WeakPasswordError
from proxisante.accounts.passwords import check_new_password, hash_password, verify_password
from proxisante.accounts.totp import STEP_S, matching_step, next_usable_code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
T = 1_780_000_000.0


def test_matching_step_accepts_one_step_either_side() -> None:
    step = int(T) // STEP_S
    totp = pyotp.TOTP(SECRET)
    assert matching_step(SECRET, totp.at(T), T) == step
    assert matching_step(SECRET, totp.at(T - STEP_S), T) == step - 1
    assert matching_step(SECRET, totp.at(T + STEP_S), T) == step + 1
    assert matching_step(SECRET, totp.at(T + 3 * STEP_S), T) is None
    for bad in (None, "", "12345", "abcdef", "1234567"):
        assert matching_step(SECRET, bad, T) is None
    assert matching_step("not base32!", "123456", T) is None


def test_next_usable_code_skips_a_used_step() -> None:
    step = int(T) // STEP_S
    totp = pyotp.TOTP(SECRET)
    assert next_usable_code(SECRET, None, T) == totp.at(T)
    assert next_usable_code(SECRET, step, T) == totp.at(T + STEP_S)
    assert next_usable_code(SECRET, step + 1, T) is None


def test_passwords() -> None:
    h = hash_password("correct horse battery")
    assert verify_password(h, "correct horse battery")
    assert not verify_password(h, "wrong")
    assert not verify_password(None, "correct horse battery")
    assert not verify_password("not a hash", "x")
    check_new_password("0123456789")
    for bad in ("short", "x" * 201):
        with pytest.raises(WeakPasswordError, match="Mot de passe refusé"):
            check_new_password(bad)
