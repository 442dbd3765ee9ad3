"""Password hashing with argon2id (the library's recommended parameters)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from proxisante.accounts.errors import WeakPasswordError
from proxisante.i18n import _

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
_hasher = PasswordHasher()
# A valid hash of a random password, verified when the user does not exist (same timing).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; as slow for an unknown user (``None``) as for a known one."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> None:
    """Refuse a password too short or too long for a new account or a change."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(
            _(
                "Mot de passe refusé : {n} caractère(s) ; attendu entre {min} et {max} "
                "caractères (par exemple une phrase de plusieurs mots)."
            ).format(n=len(password), min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)
        )
