"""Accounts in the browser: an administrator (every territory) and a coordination (its own
territory's professional and helper accounts) create, deactivate and give a new second factor.

Every action calls :mod:`proxisante.accounts.service` (the same use cases, checks and audit rows
as the API and the CLI); the page only gathers the form and shows the answer. The administrator
reaches it at ``/admin`` (or ``/espace/comptes``), a coordination at ``/espace/comptes``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.accounts import service as accounts
from proxisante.accounts.model import Account
from proxisante.accounts.passwords import MIN_PASSWORD_LENGTH
from proxisante.accounts.ports import AccountStore
from proxisante.accounts.totp import ROLES_WITH_TOTP, provisioning_uri
from proxisante.errors import InternalError, UserError
from proxisante.i18n import _
from proxisante.registry.ports import NewProfessional
from proxisante.registry.service import RegistryService
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service
from proxisante.web.deps import Db, Now, PageUser, Principal, get_accounts
from proxisante.web.errors import ApiError
from proxisante.web.pages._commune import resolve_local_commune
from proxisante.web.pages._render import ROLE_LABELS, check_csrf, render, role_label
from proxisante.web.professional_accounts import add_professional_with_account

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
Uid = Annotated[int, Path(ge=1, le=2**31 - 1)]
FIELDS = ("username", "role", "territory_id", "professional_id", "new_name", "new_commune")


def _home(user: Principal) -> str:
    if user.role == "admin":
        return "/admin"
    if user.role == "coordinator" and user.territory_id is not None:
        return "/espace/comptes"
    raise ApiError(403, _("Cette page est réservée aux administrateurs et à la coordination."))


def _professionals(db: Db, user: Principal, taken: set[int]) -> list[tuple[str, str]]:
    """The professionals without an account the actor may give one to, as select options."""
    tids = (
        [user.territory_id] if user.role != "admin" else [t.id for t in crud.list_territories(db)]
    )
    options = []
    for tid in tids:
        if tid is None:
            continue
        communes = {c.code: c.name for c in crud.list_communes(db, territory_id=tid)}
        for p in crud.list_professionals(db, territory_id=tid):
            if p.id not in taken:
                where = communes.get(p.commune_code, p.commune_code)
                options.append((str(p.id), f"{p.display_name} — {where} ({tid})"))
    return options


def _natural(a: Account) -> tuple[object, ...]:
    """By territory (administrators first), then user name with its numbers in order
    (medecin2 before medecin10)."""
    parts = re.split(r"(\d+)", a.username)
    return (a.territory_id or "", [int(x) if x.isdigit() else x for x in parts])


def _commune_names(db: Db, user: Principal) -> list[str]:
    tids = (
        [t.id for t in crud.list_territories(db)]
        if user.role == "admin"
        else [user.territory_id or ""]
    )
    names = {c.name for tid in tids for c in crud.list_communes(db, territory_id=tid)}
    return sorted(names)


def _page(
    request: Request,
    db: Db,
    user: Principal,
    *,
    message: str = "",
    error: str = "",
    field: str = "",
    form: dict[str, str] | None = None,
    new_secret: tuple[Account, str] | None = None,
    status: int = 200,
) -> Response:
    home = _home(user)
    store = get_accounts(request)
    actor = user.account()
    listed = sorted(accounts.list_accounts(store, actor), key=_natural)
    rows = []
    for a in listed:
        manageable = a.id != actor.id and (
            actor.role == "admin" or a.role in accounts.COORDINATOR_MANAGES
        )
        rows.append(
            {
                "a": a,
                "role": role_label(a.role),
                "deactivate": manageable and a.active,
                "reset": manageable and a.active and a.role in ROLES_WITH_TOTP,
            }
        )
    roles = ROLE_LABELS if user.role == "admin" else accounts.COORDINATOR_MANAGES
    territories = (
        [(t.id, f"{t.name} ({t.id})") for t in crud.list_territories(db)]
        if user.role == "admin"
        else []
    )
    taken = {a.professional_id for a in listed if a.professional_id is not None}
    secret = None
    if new_secret is not None:
        account, value = new_secret
        secret = {
            "username": account.username,
            "value": value,
            "uri": provisioning_uri(value, account.username),
        }
    response = render(
        request,
        "accounts.html",
        user,
        title=_("Comptes"),
        home=home,
        rows=rows,
        role_options=[(r, role_label(r)) for r in roles],
        territory_options=territories,
        professional_options=_professionals(db, user, taken),
        commune_names=_commune_names(db, user),
        f=form or {"role": "professional"},
        message=message[:200],
        error=error,
        field=field,
        secret=secret,
        min_password=MIN_PASSWORD_LENGTH,
    )
    response.status_code = status
    return response


@router.get("/admin")
def admin(request: Request, db: Db, user: PageUser, message: str = "") -> Response:
    if user.role != "admin":
        raise ApiError(403, _("Cette page est réservée aux administrateurs."))
    return _page(request, db, user, message=message)


@router.get("/espace/comptes")
def coordination_accounts(request: Request, db: Db, user: PageUser, message: str = "") -> Response:
    _home(user)
    return _page(request, db, user, message=message)


def _field_of(message: str) -> str:
    """The form field a service message names (it names the API's field first)."""
    if message.startswith("commune"):
        return "new_commune"
    for name in (*FIELDS, "password"):
        if f"({name}" in message or f"{name} (" in message or message.startswith(name):
            return name
    return ""


def _int_or_none(raw: str, label: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise ApiError(
            400,
            _("{field} : attendu le numéro d'un professionnel de la liste, reçu {value}.").format(
                field=label, value=repr(raw[:20])
            ),
        )
    return int(raw)


@router.post("/espace/comptes")
async def create(request: Request, db: Db, user: PageUser, now: Now, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    home = _home(user)
    kept = {k: form.get(k, "") for k in FIELDS}
    role = form.get("role", "").strip()
    territory = (
        form.get("territory_id", "").strip() or None if user.role == "admin" else user.territory_id
    )
    username = form.get("username", "").strip()
    password = form.get("password", "")
    try:
        professional = _int_or_none(form.get("professional_id", ""), "professional_id")
        if role == "professional" and professional is None and form.get("new_name", "").strip():
            store = get_accounts(request)
            name = _new_professional(
                db, store, user, territory, form, (username, password), now, service
            )
            msg = _("Compte {name} créé : il peut se connecter.").format(name=name)
            return RedirectResponse(f"{home}?message={quote(msg)}", status_code=303)
        wanted = accounts.UserRequest(
            username=username,
            password=password,
            role=role,
            territory_id=None if role == "admin" else territory,
            professional_id=professional if role == "professional" else None,
        )
        created = accounts.create_user(get_accounts(request), wanted, now, user.account())
    except (UserError, ApiError) as exc:
        db.rollback()
        text = str(exc.detail) if isinstance(exc, ApiError) else str(exc)
        status = exc.status_code if isinstance(exc, ApiError) else exc.http_status
        kept |= {k: form.get(k, "") for k in ("new_name", "new_commune")}
        return _page(request, db, user, error=text, field=_field_of(text), form=kept, status=status)
    if created.totp_secret:
        return _page(
            request,
            db,
            user,
            message=_("Compte {name} créé.").format(name=created.account.username),
            new_secret=(created.account, created.totp_secret),
            status=201,
        )
    msg = _("Compte {name} créé : il peut se connecter.").format(name=created.account.username)
    return RedirectResponse(f"{home}?message={quote(msg)}", status_code=303)


def _new_professional(
    db: Db,
    store: AccountStore,
    user: Principal,
    territory: str | None,
    form: dict[str, str],
    login: tuple[str, str],
    now: datetime,
    service: RegistryService,
) -> str:
    """A professional not yet in the directory, and its account (both or neither)."""
    if territory is None or crud.get_territory(db, territory_id=territory) is None:
        raise ApiError(
            400,
            _("territory_id : choisissez le territoire du professionnel dans la liste."),
        )
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=territory)}
    commune = resolve_local_commune(form.get("new_commune", ""), communes)
    name = form.get("new_name", "").strip()
    if len(name) > 200:
        raise ApiError(400, _("new_name : attendu au plus 200 caractères."))
    add_professional_with_account(
        db,
        store,
        service,
        user,
        territory,
        NewProfessional(display_name=name, commune_code=commune),
        login,
        now,
    )
    return login[0]


@router.post("/espace/comptes/{uid}/desactiver")
async def deactivate(request: Request, uid: Uid, db: Db, user: PageUser, now: Now) -> Response:
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    home = _home(user)
    try:
        accounts.deactivate_user(get_accounts(request), user.account(), uid, now)
    except UserError as exc:
        return _page(request, db, user, error=str(exc), status=exc.http_status)
    msg = _("Compte n° {id} désactivé : ses sessions sont closes.").format(id=uid)
    return RedirectResponse(f"{home}?message={msg}", status_code=303)


@router.post("/espace/comptes/{uid}/second-facteur")
async def reset_totp(request: Request, uid: Uid, db: Db, user: PageUser, now: Now) -> Response:
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    _home(user)
    try:
        done = accounts.reset_second_factor(get_accounts(request), user.account(), uid, now)
    except UserError as exc:
        return _page(request, db, user, error=str(exc), status=exc.http_status)
    if done.totp_secret is None:
        raise InternalError("invariant broken: a new second factor after a reset")
    return _page(
        request,
        db,
        user,
        message=_(
            "Nouveau second facteur pour {name} : les anciens codes ne marchent plus."
        ).format(name=done.account.username),
        new_secret=(done.account, done.totp_secret),
    )
