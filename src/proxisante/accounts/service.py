"""The accounts' use cases, called alike by the API, the HTML pages and the CLI.

Every function takes the :class:`~proxisante.accounts.ports.AccountStore` and the current time;
it writes its own audit events (identifiers only: never a password, a code or a typed user
name, which may be a mistyped password).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from proxisante.accounts import errors
from proxisante.accounts.model import Account, CreatedAccount, IssuedSession, NewAccount
from proxisante.accounts.passwords import check_new_password, hash_password, verify_password
from proxisante.accounts.policy import ACCOUNT_LIMIT, ADDRESS_LIMIT, SESSION_MAX_AGE
from proxisante.accounts.ports import AccountStore, ThrottleKey
from proxisante.accounts.totp import (
    ROLES_WITH_TOTP,
    matching_step,
    new_totp_secret,
    next_usable_code,
)
from proxisante.errors import InternalError
from proxisante.i18n import _

MAX_USERNAME_LENGTH = 100


def token_hash(token: str) -> str:
    """What the store keeps of a session token (a stolen table gives no usable token)."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret: bytes, token: str) -> str:
    """The CSRF token bound to one session (HMAC of the session token with the database's
    secret): a page or script of another site cannot compute it."""
    return hmac.new(secret, b"csrf:" + token.encode(), hashlib.sha256).hexdigest()


def check_csrf(secret: bytes, token: str, value: str | None) -> bool:
    return bool(value) and hmac.compare_digest(csrf_token(secret, token), str(value))


def _throttle_keys(username: str, address: str | None) -> list[ThrottleKey]:
    return [
        (f"account:{username.strip().lower()[:MAX_USERNAME_LENGTH]}", ACCOUNT_LIMIT),
        (f"address:{(address or 'inconnue')[:100]}", ADDRESS_LIMIT),
    ]


def open_session(store: AccountStore, account: Account, now: datetime) -> IssuedSession:
    """A new server-side session for ``account``: a random token, kept only as its hash."""
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_MAX_AGE
    store.add_session(token_hash(token), account.id, now, expires)
    return IssuedSession(token=token, account=account, expires_at=expires)


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    totp: str | None
    address: str | None


def login(
    store: AccountStore, creds: Credentials, now: datetime, unix_time: float
) -> IssuedSession:
    """Open a session, or raise :class:`LoginFailedError` (one answer for every wrong input)
    or :class:`TooManyAttemptsError` (the account or the address is locked)."""
    keys = _throttle_keys(creds.username, creds.address)
    until = store.reserve_attempt(keys, now)
    if until is not None:
        store.audit(now, user_id=None, role=None, action="login.locked", detail=_from(creds))
        raise errors.TooManyAttemptsError(until, now)
    account = store.account_by_name(creds.username)
    password_ok = verify_password(account.password_hash if account else None, creds.password)
    step = matching_step(account.totp_secret if account else None, creds.totp, unix_time)
    if account is None or not (password_ok and account.active):
        _failed(store, account, creds, now)
    if account.role in ROLES_WITH_TOTP and (
        step is None or not store.accept_totp_step(account.id, step)
    ):
        _failed(store, account, creds, now)
    store.release_attempt(keys, now)
    session = open_session(store, account, now)
    store.audit(
        now,
        user_id=account.id,
        role=account.role,
        action="login",
        detail=f"user {account.id}",
        territory_id=account.territory_id,
    )
    return session


def _from(creds: Credentials) -> str:
    return f"from {(creds.address or 'inconnue')[:60]}"


def _failed(
    store: AccountStore, account: Account | None, creds: Credentials, now: datetime
) -> NoReturn:
    who = f"user {account.id}" if account else "unknown user name"
    store.audit(
        now,
        user_id=account.id if account else None,
        role=None,
        action="login.failed",
        detail=f"{who} {_from(creds)}",
    )
    raise errors.LoginFailedError()


def session_account(store: AccountStore, token: str, now: datetime) -> Account | None:
    """The account of a live session token, or ``None`` (unknown, expired, revoked, inactive)."""
    if not token or len(token) > 200:
        return None
    return store.session_account(token_hash(token), now)


def logout(store: AccountStore, account: Account, token: str, now: datetime) -> None:
    store.revoke_session(token_hash(token), now)
    store.audit(now, user_id=account.id, role=account.role, action="logout")


def change_password(
    store: AccountStore, account: Account, current: str, new: str, now: datetime
) -> None:
    """Check the current password, store the new one, and end every session of the user."""
    stored = store.account_by_id(account.id)
    if stored is None or not verify_password(stored.password_hash, current):
        store.audit(now, user_id=account.id, role=account.role, action="password.change.refused")
        raise errors.WrongPasswordError()
    check_new_password(new)
    store.set_password(account.id, hash_password(new))
    n = store.revoke_sessions_of(account.id, now)
    store.audit(
        now, user_id=account.id, role=account.role, action="password.change", detail=f"{n} ended"
    )


def deactivate_user(store: AccountStore, actor: Account, user_id: int, now: datetime) -> None:
    """Deactivate an account and end all its sessions at once (an admin, or a coordinator for
    the accounts of their own territory: :func:`check_manages`)."""
    if user_id == actor.id:
        raise errors.SelfDeactivationError()
    target = store.account_by_id(user_id)
    check_manages(actor, target, user_id)
    if not store.deactivate(user_id):
        raise errors.UnknownUserError(user_id)
    n = store.revoke_sessions_of(user_id, now)
    store.audit(
        now,
        user_id=actor.id,
        role=actor.role,
        action="user.deactivate",
        detail=f"user {user_id}, {n} session(s) ended",
        territory_id=target.territory_id if target else None,
    )


def reset_second_factor(
    store: AccountStore, actor: Account, user_id: int, now: datetime
) -> CreatedAccount:
    """A new TOTP secret for an account that has one (a lost phone): the old codes stop
    working, its sessions end, and the new secret is returned to be shown once. Same scope
    as :func:`deactivate_user`; audited ``user.totp.reset``."""
    target = store.account_by_id(user_id)
    check_manages(actor, target, user_id)
    if target is None:  # check_manages refuses an unknown account
        raise InternalError("invariant broken: the account checked by check_manages")
    if target.role not in ROLES_WITH_TOTP:
        raise errors.NoSecondFactorError(user_id)
    secret = new_totp_secret()
    store.set_totp_secret(user_id, secret)
    n = store.revoke_sessions_of(user_id, now)
    store.audit(
        now,
        user_id=actor.id,
        role=actor.role,
        action="user.totp.reset",
        detail=f"user {user_id}, {n} session(s) ended",
        territory_id=target.territory_id,
    )
    return CreatedAccount(account=target, totp_secret=secret)


# What a coordinator may create and manage in their own territory (an admin: every account).
COORDINATOR_MANAGES = ("professional", "helper")


def check_manages(actor: Account, target: Account | None, user_id: int) -> None:
    """An admin manages every account; a coordinator the professional and helper accounts of
    their own territory. Another territory's account answers as an unknown one (404), so that
    a coordinator learns nothing of other territories' users."""
    if target is None:
        raise errors.UnknownUserError(user_id)
    if actor.role == "admin":
        return
    if actor.role != "coordinator" or actor.territory_id is None:
        raise errors.AccountForbiddenError()
    if target.territory_id != actor.territory_id:
        raise errors.UnknownUserError(user_id)
    if target.role not in COORDINATOR_MANAGES:
        raise errors.AccountForbiddenError()


def list_accounts(store: AccountStore, actor: Account) -> list[Account]:
    """The accounts an actor manages: every one for an admin, their territory's for a
    coordinator (the others of the territory shown too, not manageable)."""
    if actor.role == "admin":
        return store.accounts(None)
    if actor.role != "coordinator" or actor.territory_id is None:
        raise errors.AccountForbiddenError()
    return store.accounts(actor.territory_id)


ROLES = ("coordinator", "professional", "regulator", "helper", "analyst", "admin", "elected")
USERNAME = re.compile(r"^[a-z0-9._-]{3,50}$")


@dataclass(frozen=True)
class UserRequest:
    username: str
    password: str
    role: str
    territory_id: str | None = None
    professional_id: int | None = None


def check_user_name(store: AccountStore, username: str) -> None:
    """The user name's form and that it is free (:class:`~.errors.NewUserError`,
    :class:`~.errors.UserNameTakenError`).

    User names are global (a login gives only the name), so a name taken in another territory
    is taken: the answer says « déjà pris » and nothing else (no territory, role or id), the
    same whoever asks; every refusal of a coordinator's request is audited
    (``user.create.refused``) so that probing shows in the audit log
    (docs/explanation/security.md)."""
    if not USERNAME.fullmatch(username):
        raise errors.NewUserError(
            _(
                "Nom d'utilisateur invalide {name} (username, --username) : attendu 3 à 50 "
                "minuscules, chiffres, points, tirets ou soulignés, p. ex. dr.martin."
            ).format(name=repr(username))
        )
    if store.account_by_name(username) is not None:
        raise errors.UserNameTakenError(username)


def check_new_user(store: AccountStore, request: UserRequest) -> None:
    """Every rule of a new account except its password, with one set of messages for the API
    and the CLI: the user name's form, a known role, a registry territory
    for every role but ``admin``, and for ``professional`` (only) a professional of that
    territory, then that the name is free. Raises :class:`~.errors.NewUserError` or
    :class:`~.errors.UserNameTakenError`."""
    if not USERNAME.fullmatch(request.username):
        check_user_name(store, request.username)
    if request.role not in ROLES:
        raise errors.NewUserError(
            _("Rôle inconnu {role} (role, --role) : attendu l'un de {roles}.").format(
                role=repr(request.role), roles=", ".join(ROLES)
            )
        )
    _check_scope(store, request)
    check_user_name(store, request.username)


def check_creator(actor: Account | None, request: UserRequest) -> None:
    """Who may create the account: the CLI (no actor) and an admin any; a coordinator a
    professional or helper account of their own territory only (checked before anything is
    looked up, so that nothing of another territory is revealed)."""
    if actor is None or actor.role == "admin":
        return
    if actor.role != "coordinator" or actor.territory_id is None:
        raise errors.AccountForbiddenError()
    if request.role not in COORDINATOR_MANAGES:
        raise errors.NewUserError(
            _(
                "Rôle {role} (role) : la coordination crée des comptes professionnel ou "
                "aidant ; les autres comptes sont créés par un administrateur."
            ).format(role=repr(request.role))
        )
    if request.territory_id != actor.territory_id:
        raise errors.AccountForbiddenError()


def _check_scope(store: AccountStore, r: UserRequest) -> None:
    if r.role == "admin":
        if r.territory_id is not None or r.professional_id is not None:
            raise errors.NewUserError(
                _(
                    "Un compte admin n'a ni territoire ni professionnel (territory_id, "
                    "--territory ; professional_id, --professional-id) : ne les donnez pas."
                )
            )
        return
    known = store.territory_ids()
    listed = ", ".join(known) or _("aucun")
    if not r.territory_id:
        raise errors.NewUserError(
            _(
                "Un compte {role} a besoin d'un territoire du registre (territory_id, "
                "--territory) : attendu l'un de : {known}."
            ).format(role=r.role, known=listed)
        )
    if r.territory_id not in known:
        raise errors.NewUserError(
            _(
                "Territoire du registre {id} inconnu (territory_id, --territory) : attendu "
                "l'un de : {known}."
            ).format(id=repr(r.territory_id), known=listed)
        )
    if r.role != "professional" and r.professional_id is not None:
        raise errors.NewUserError(
            _(
                "professional_id (--professional-id) ne vaut que pour le rôle professional, "
                "pas pour {role}."
            ).format(role=r.role)
        )
    if r.role == "professional" and (
        r.professional_id is None
        or store.professional_territory(r.professional_id) != r.territory_id
    ):
        raise errors.NewUserError(
            _(
                "professional_id (--professional-id) {id} : aucun professionnel de ce numéro "
                "dans le territoire {territory} ; attendu l'identifiant d'un professionnel de ce "
                "territoire (voir GET /api/v1/territories/ID/professionals)."
            ).format(
                id="—" if r.professional_id is None else r.professional_id,
                territory=repr(r.territory_id),
            )
        )


def precheck_user(
    store: AccountStore, request: UserRequest, now: datetime, actor: Account | None
) -> None:
    """The checks of :func:`create_user` that do not need the professional yet (who may
    create it, the user name, the password): run before a professional and its account are
    created together, so that a refused account leaves no professional behind."""
    _checked(store, request, now, actor, professional_known=False)


def _checked(
    store: AccountStore,
    request: UserRequest,
    now: datetime,
    actor: Account | None,
    *,
    professional_known: bool,
) -> None:
    check_creator(actor, request)
    try:
        if professional_known:
            check_new_user(store, request)
        else:
            check_user_name(store, request.username)
        check_new_password(request.password)
    except errors.AccountError as exc:
        if actor is not None and actor.role == "coordinator":  # probing shows in the audit
            store.audit(
                now,
                user_id=actor.id,
                role=actor.role,
                action="user.create.refused",
                detail=type(exc).__name__,
                territory_id=request.territory_id,
            )
        raise


def create_user(
    store: AccountStore, request: UserRequest, now: datetime, actor: Account | None = None
) -> CreatedAccount:
    """Create an account (with a TOTP secret for the roles that need one), audited.

    The one use case behind ``POST /api/v1/users``, the professional's account of
    ``POST /api/v1/territories/{tid}/professionals``, the accounts page (``/espace/comptes``)
    and ``proxisante registry add-user``: every rule is checked here (:func:`check_creator`,
    :func:`check_new_user`, then the password); a taken user name raises
    :class:`UserNameTakenError` (also when two requests race for it).
    """
    _checked(store, request, now, actor, professional_known=True)
    secret = new_totp_secret() if request.role in ROLES_WITH_TOTP else None
    account = store.add_account(
        NewAccount(
            username=request.username,
            password_hash=hash_password(request.password),
            role=request.role,
            territory_id=request.territory_id,
            professional_id=request.professional_id,
            totp_secret=secret,
        ),
        now,
    )
    store.audit(
        now,
        user_id=actor.id if actor else None,
        role=actor.role if actor else None,
        action="user.create",
        detail=f"user {account.id}",
        territory_id=request.territory_id,
    )
    return CreatedAccount(account=account, totp_secret=secret)


def demo_code(store: AccountStore, username: str, unix_time: float) -> str:
    """The TOTP code a demo account can log in with now (shown on the demo's login page only):
    codes are single-use, so after a login the next step's code is shown."""
    account = store.account_by_name(username)
    if account is None or not account.totp_secret:
        return ""
    last = store.last_totp_step(account.id)
    return next_usable_code(account.totp_secret, last, unix_time) or ""
