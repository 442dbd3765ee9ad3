"""Content of the installation portal, managed in HTML by the coordination (the communes of its
territory) and the administrators (every commune): aids and procedures (source link, validity
date), contact persons, internship places and maîtres de stage, housing offers. The forms call
:class:`~proxisante.portal.service.PortalService` (validated, audited), as the API does."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.errors import NotFoundError, UserError
from proxisante.i18n import _
from proxisante.portal.model import ItemDraft, ItemKind, PortalItem
from proxisante.portal.validate import NEEDS_DATE, NEEDS_URL
from proxisante.territory import load_territory
from proxisante.territory.names import label
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._commune import (
    SUGGEST_URL,
    resolve_any_commune,
    resolve_local_commune,
)
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.pages.flash import flash_text, flash_url
from proxisante.web.public.installation import portal_service
from proxisante.web.public.portal_api import manager_scope

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

BASE = "/espace/portail"
Str = Annotated[str, Form(max_length=4000)]
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _kind_labels() -> dict[str, str]:
    return {
        ItemKind.AID.value: _("aide"),
        ItemKind.PROCEDURE.value: _("démarche"),
        ItemKind.CONTACT.value: _("personne à contacter"),
        ItemKind.INTERNSHIP.value: _("terrain de stage"),
        ItemKind.HOUSING.value: _("logement"),
    }


def _add_labels() -> dict[str, str]:
    return {
        ItemKind.AID.value: _("Ajouter une aide"),
        ItemKind.PROCEDURE.value: _("Ajouter une démarche"),
        ItemKind.CONTACT.value: _("Ajouter une personne à contacter"),
        ItemKind.INTERNSHIP.value: _("Ajouter un terrain de stage"),
        ItemKind.HOUSING.value: _("Ajouter un logement"),
    }


def _scope(db: Db, user: Principal) -> frozenset[str] | None:
    if user.role not in ("coordinator", "admin"):
        raise ApiError(
            403,
            _("Cette page est réservée à la coordination et à l'administration."),
        )
    return manager_scope(db, user)


def _commune_label(code: str) -> str:
    name = load_territory()._safe_name(code)
    return label(code, name) if name else code


def _http(exc: UserError) -> ApiError:
    status = exc.http_status if 400 <= exc.http_status < 500 else 400
    return ApiError(status, str(exc))


@router.get(BASE)
def listing(request: Request, db: Db, user: PageUser) -> Response:
    scope = _scope(db, user)
    service = portal_service(request, db)
    today = service.today()
    items = [
        {
            "item": i,
            "place": _commune_label(i.draft.commune),
            "expired": i.draft.valid_until is not None and i.draft.valid_until < today,
        }
        for i in service.managed(user.role, scope)
    ]
    return render(
        request,
        "portal_list.html",
        user,
        title=_("Portail d'installation"),
        items=items,
        kinds=_kind_labels(),
        add_labels=_add_labels(),
        territory_only=scope is not None,
        message=flash_text(request),
    )


def _form(
    request: Request,
    user: Principal,
    kind: ItemKind,
    values: dict[str, Any],
    action: str,
    error: str = "",
    status: int = 200,
) -> Response:
    response = render(
        request,
        "portal_form.html",
        user,
        title=_("Portail d'installation"),
        kind=kind.value,
        kind_label=_kind_labels()[kind.value],
        values=values,
        action=action,
        needs_url=kind in NEEDS_URL,
        needs_date=kind in NEEDS_DATE,
        error=error,
        suggest_url=SUGGEST_URL,
        creating=action.endswith("/nouveau"),
    )
    response.status_code = status
    return response


def _values(item: PortalItem) -> dict[str, Any]:
    d = item.draft
    return {
        "commune": _commune_label(d.commune),
        "title": d.title,
        "body": d.body,
        "url": d.url,
        "valid_until": d.valid_until.isoformat() if d.valid_until else "",
        "contact": d.contact,
        "places": "" if d.places is None else str(d.places),
        "supervisor": d.supervisor,
    }


def _kind(raw: str) -> ItemKind:
    try:
        return ItemKind(raw)
    except ValueError:
        raise ApiError(
            400,
            _("type {v} : attendu l'un de {kinds}").format(
                v=repr(raw[:20]), kinds=", ".join(k.value for k in ItemKind)
            ),
        ) from None


@router.get(BASE + "/nouveau")
def new_form(request: Request, db: Db, user: PageUser, type: str = "aide") -> Response:
    _scope(db, user)
    kind = _kind(type)
    return _form(request, user, kind, {"kind": kind.value}, BASE + "/nouveau")


@router.get(BASE + "/{item_id}/modifier")
def edit_form(request: Request, db: Db, user: PageUser, item_id: ItemId) -> Response:
    scope = _scope(db, user)
    try:
        item = portal_service(request, db).get(user.role, item_id, scope)
    except UserError as exc:
        raise _http(exc) from None
    return _form(request, user, item.draft.kind, _values(item), f"{BASE}/{item_id}/modifier")


def _commune(text: str, scope: frozenset[str] | None) -> str:
    """The commune typed: among the manager's own communes first (a coordinator in Allier who
    types « Moulins » means that one), else anywhere in France or Valais."""
    if scope:
        names = {c: load_territory()._safe_name(c) or c for c in scope}
        try:
            return resolve_local_commune(text, names)
        except UserError:
            pass
    return resolve_any_commune(text)


def _draft(kind: ItemKind, form: dict[str, str], scope: frozenset[str] | None) -> ItemDraft:
    """The draft typed in the form; a :class:`UserError` naming every malformed field."""
    problems: list[str] = []
    commune = ""
    try:
        commune = _commune(form["commune"], scope)
    except UserError as exc:
        problems.append(str(exc))
    valid_until = None
    if form["valid_until"].strip():
        try:
            valid_until = date.fromisoformat(form["valid_until"].strip())
        except ValueError:
            problems.append(
                _("date de validité {v} : attendu une date AAAA-MM-JJ").format(
                    v=repr(form["valid_until"][:20])
                )
            )
    places = None
    if form["places"].strip():
        try:
            places = int(form["places"].strip())
        except ValueError:
            problems.append(
                _("places {v} : attendu un nombre entier d'au moins 1").format(
                    v=repr(form["places"][:10])
                )
            )
    if problems:
        raise UserError(_("Contenu refusé : {problems}.").format(problems=" ; ".join(problems)))
    return ItemDraft(
        kind,
        commune,
        form["title"],
        form["body"],
        form["url"].strip(),
        valid_until,
        form["contact"],
        places,
        form["supervisor"],
    )


def _submit(
    request: Request, db: Db, user: Principal, form: dict[str, str], item_id: int | None
) -> Response:
    check_csrf(request, user, form.get("csrf"))
    scope = _scope(db, user)
    service = portal_service(request, db)
    if item_id is None:
        kind, action = _kind(form.get("kind", "")), BASE + "/nouveau"
    else:
        try:
            kind = service.get(user.role, item_id, scope).draft.kind
        except UserError as exc:
            raise _http(exc) from None
        action = f"{BASE}/{item_id}/modifier"
    try:
        draft = _draft(kind, form, scope)
        if item_id is None:
            item_id = service.add(user.user_id, user.role, draft, scope)
            key = "content-added"
        else:
            service.update(user.user_id, user.role, item_id, draft, scope)
            key = "content-changed"
    except NotFoundError as exc:
        raise _http(exc) from None
    except UserError as exc:
        db.rollback()
        return _form(request, user, kind, form, action, str(exc), exc_status(exc))
    db.commit()
    return RedirectResponse(flash_url(BASE, key, id=item_id), status_code=303)


def exc_status(exc: UserError) -> int:
    return exc.http_status if 400 <= exc.http_status < 500 else 400


_FIELDS = ("commune", "title", "body", "url", "valid_until", "contact", "places", "supervisor")


def _fields(*values: str) -> dict[str, str]:
    return dict(zip(_FIELDS, values, strict=True))


@router.post(BASE + "/nouveau")
def create(
    request: Request,
    db: Db,
    user: PageUser,
    csrf: Str = "",
    kind: Str = "",
    commune: Str = "",
    title: Str = "",
    body: Str = "",
    url: Str = "",
    valid_until: Str = "",
    contact: Str = "",
    places: Str = "",
    supervisor: Str = "",
) -> Response:
    form = _fields(commune, title, body, url, valid_until, contact, places, supervisor)
    return _submit(request, db, user, {**form, "kind": kind, "csrf": csrf}, None)


@router.post(BASE + "/{item_id}/modifier")
def edit(
    request: Request,
    db: Db,
    user: PageUser,
    item_id: ItemId,
    csrf: Str = "",
    commune: Str = "",
    title: Str = "",
    body: Str = "",
    url: Str = "",
    valid_until: Str = "",
    contact: Str = "",
    places: Str = "",
    supervisor: Str = "",
) -> Response:
    form = _fields(commune, title, body, url, valid_until, contact, places, supervisor)
    return _submit(request, db, user, {**form, "csrf": csrf}, item_id)


@router.post(BASE + "/{item_id}/supprimer")
def delete(request: Request, db: Db, user: PageUser, item_id: ItemId, csrf: Str = "") -> Response:
    check_csrf(request, user, csrf)
    scope = _scope(db, user)
    try:
        portal_service(request, db).remove(user.user_id, user.role, item_id, scope)
    except UserError as exc:
        raise _http(exc) from None
    db.commit()
    return RedirectResponse(flash_url(BASE, "content-removed", id=item_id), status_code=303)
