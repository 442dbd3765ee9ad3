"""The web side of the accounts: session cookies, the client address, CSRF tokens.

Sessions are server-side (:mod:`proxisante.accounts.service`, stored in the application
database): a token is a random id, so a token of one database means nothing to another one.
The CSRF key is this database's own secret (``accounts_secrets``), never a file shared by two
databases.

Password hashing and TOTP live in :mod:`proxisante.accounts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from fastapi import Request, Response

from proxisante.accounts import service
from proxisante.accounts.policy import SESSION_MAX_AGE
from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.store.accounts.repository import SqlAccountStore
from proxisante.web.errors import ApiError

COOKIE = "ps_session"
CSRF_COOKIE = "ps_csrf"  # readable by the app's own scripts: sent back as the header below
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE_S = int(SESSION_MAX_AGE.total_seconds())


class Tokens:
    """Opens sessions (login, tests) and derives the CSRF token bound to a session."""

    def __init__(
        self,
        store: SqlAccountStore,
        clock: Callable[[], datetime],
        secret_key: str | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._override = secret_key.encode() if secret_key else None

    def _secret(self) -> bytes:
        return self._override or self._store.secret()

    def load(self) -> None:
        """Read (or create) the CSRF key now, outside any request's transaction."""
        self._secret()

    def issue(self, user_id: int) -> str:
        """A new session token for an existing user (what a login returns)."""
        account = self._store.account_by_id(user_id)
        if account is None:
            raise InternalError(
                _("session demandée pour l'utilisateur {user_id}, qui n'existe pas").format(
                    user_id=user_id
                )
            )
        return service.open_session(self._store, account, self._clock()).token

    def csrf(self, token: str) -> str:
        return service.csrf_token(self._secret(), token)

    def check_csrf(self, token: str, value: str | None) -> bool:
        return service.check_csrf(self._secret(), token, value)


def client_address(request: Request) -> str | None:
    """The client's address as the server sees it (behind a reverse proxy, run uvicorn with
    ``--proxy-headers`` so that this is the real client, see the security documentation)."""
    return request.client.host if request.client else None


def cross_site_form(request: Request) -> bool:
    """Whether the browser says this form was sent from another site (a form with no session
    yet, the login, has no CSRF token to check). ``Sec-Fetch-Site`` first (every current
    browser sends it): only ``same-origin`` or ``none`` (typed, bookmark) pass; without it, the
    ``Origin`` (else ``Referer``) must name this request's own host; ``Origin: null`` does
    not. A client that sends none of them (a script, an old browser) is not a cross-site
    form of a browser and passes."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site.strip().lower() not in ("same-origin", "none")
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return False
    if source.strip().lower() == "null":
        return True
    try:
        host = urlsplit(source.strip()).netloc.lower()
    except ValueError:
        return True
    return host != request.headers.get("host", "").strip().lower()


def set_session_cookies(request: Request, response: Response, token: str, csrf: str) -> None:
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=SESSION_MAX_AGE_S, samesite="strict", secure=secure
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(COOKIE)
    response.delete_cookie(CSRF_COOKIE)


def refuse_cross_site(request: Request) -> None:
    """403 for a form posted from another site's page (see :func:`cross_site_form`; public
    forms have no session, so no session-bound CSRF token)."""
    if cross_site_form(request):
        raise ApiError(
            403,
            _(
                "Formulaire refusé : il a été envoyé depuis un autre site. Ouvrez le formulaire "
                "sur ce site-ci et envoyez-le de nouveau."
            ),
            code="cross_site",
        )
