"""Passwords (argon2), TOTP second factor, signed session tokens and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_MAX_AGE_S = 12 * 3600
ROLES_WITH_TOTP = frozenset({"coordinator", "admin"})
_hasher = PasswordHasher()
# A valid hash of a random password, verified when the user does not exist (same timing).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    return pyotp.random_base32()


def verify_totp(secret: str, code: str | None) -> bool:
    """Whether ``code`` is the current 6-digit code (± 30 s) for ``secret``."""
    if not code:
        return False
    try:
        return bool(pyotp.TOTP(secret).verify(str(code).strip(), valid_window=1))
    except ValueError:  # a malformed stored secret refuses the login rather than crashing
        return False


@dataclass(frozen=True)
class Tokens:
    """Signs session tokens and derives CSRF tokens from them."""

    secret_key: str

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret_key, salt="proxisante-session")

    def issue(self, user_id: int) -> str:
        return self._serializer().dumps({"u": user_id, "n": secrets.token_hex(8)})

    def read(self, token: str) -> int | None:
        try:
            data = self._serializer().loads(token, max_age=SESSION_MAX_AGE_S)
        except BadSignature:
            return None
        uid = data.get("u") if isinstance(data, dict) else None
        return uid if isinstance(uid, int) else None

    def csrf(self, token: str) -> str:
        return hmac.new(self.secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, token: str, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(self.csrf(token), str(value))


def load_or_create_secret(home: Path) -> str:
    """The web secret kept in ``home/web-secret`` (created with mode 0600 on first use)."""
    path = home / "web-secret"
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(value)
    tmp.chmod(0o600)
    tmp.replace(path)
    return value
