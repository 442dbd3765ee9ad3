"""Rendering of the operators' pages: DSFR templates in ``web/templates`` extending
``base.html`` (header, navigation by role, language switcher), in the language of the request.

The language: ``?lang=fr|de|en`` (remembered in the ``lang`` cookie), else that cookie, else
``Accept-Language``; French by default. :func:`page_language` sets it for the whole request
(messages built by a form handler are translated too); pages and their routers add it with
``dependencies=[Depends(page_language)]`` (done once in :mod:`proxisante.web.pages.routes`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from proxisante import i18n
from proxisante.accounts.service import demo_code
from proxisante.i18n import N_, _
from proxisante.registry.priority import reasons_text
from proxisante.web.assets import asset
from proxisante.web.deps import Principal, get_accounts, get_tokens
from proxisante.web.errors import ApiError
from proxisante.web.public._render import LANG_COOKIE, LANG_NAMES, lang_url, request_lang

LOCAL_TIME = ZoneInfo("Europe/Paris")
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))
TEMPLATES.env.add_extension("jinja2.ext.i18n")
TEMPLATES.env.globals["asset"] = asset
TEMPLATES.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)
TEMPLATES.env.filters["num"] = lambda v, d=0: "—" if v is None else i18n.format_decimal(v, d)
TEMPLATES.env.filters["day"] = lambda d: "—" if d is None else i18n.format_date(d)
TEMPLATES.env.filters["month"] = i18n.format_month
TEMPLATES.env.filters["reasons"] = reasons_text  # a patient's stored priority reasons, shown


def duration_min(minutes: float | None) -> str:
    """Minutes as people read them: « 1 min 24 s », « 12 min », « 45 s » (never « 1.4 min »)."""
    if minutes is None:
        return "—"
    total = max(0, round(float(minutes) * 60))
    m, sec = divmod(total, 60)
    if m and sec:
        text = _("{m} min {s} s").format(m=i18n.format_number(m), s=sec)
    elif m:
        text = _("{m} min").format(m=i18n.format_number(m))
    else:
        text = _("{s} s").format(s=sec)
    return text.replace(" ", "\u00a0")  # a number never apart from its unit


def long_date(value: date | datetime | None) -> str:
    """A date in words in the page's language: « 14 décembre 2026 », « 14. Dezember 2026 »."""
    if value is None:
        return "—"
    day = value.date() if isinstance(value, datetime) else value
    return i18n.format_date(day, "long")


def local_moment(value: datetime | None) -> str:
    """A stored moment (UTC) as a local date and time of day in the page's language:
    « 1 juin 2026, 11:00 » (Europe/Paris: the same civil time in France and in Valais)."""
    if value is None:
        return "—"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return i18n.format_datetime(aware.astimezone(LOCAL_TIME).replace(tzinfo=None))


TEMPLATES.env.filters["minutes"] = duration_min
TEMPLATES.env.filters["longdate"] = long_date
TEMPLATES.env.filters["moment"] = local_moment

ROLE_LABELS = {
    "coordinator": N_("coordination"),
    "professional": N_("professionnel de santé"),
    "regulator": N_("régulateur (SAS)"),
    "helper": N_("aidant"),
    "analyst": N_("analyste"),
    "admin": N_("administrateur"),
    "elected": N_("élu·e"),
}
STATUS_LABELS = {
    "waiting": N_("en attente"),
    "proposed": N_("proposé à un professionnel"),
    "attached": N_("rattaché"),
    "withdrawn": N_("retiré"),
    "accepted": N_("acceptée"),
    "declined": N_("refusée"),
    "expired": N_("expirée"),
    "cancelled": N_("annulée"),
}


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str  # French source, marked with N_(), translated at rendering


_PROJECTS = NavItem("/espace/projets", N_("Projets du territoire"))
_FIGURES = NavItem("/registre/chiffres", N_("Chiffres du registre"))
_PORTAL = NavItem("/espace/portail", N_("Portail d'installation"))
_ROTA = NavItem("/gardes", N_("Gardes"))
_SLOTS = NavItem("/creneaux", N_("Créneaux"))
_WORKBENCH = NavItem("/espace/atelier", N_("Atelier de scénarios"))
# The navigation of each role (add a page of a role here: one line).
NAV: dict[str, list[NavItem]] = {
    "coordinator": [
        NavItem("/coordination", N_("Coordination")),
        _PORTAL,
        _PROJECTS,
        _WORKBENCH,
        _FIGURES,
        _ROTA,
        _SLOTS,
        NavItem("/espace/comptes", N_("Comptes")),
    ],
    "professional": [NavItem("/professionnel", N_("Mon espace")), _ROTA, _SLOTS],
    "regulator": [_SLOTS],
    "helper": [NavItem("/aidant", N_("Inscriptions")), _SLOTS],
    "analyst": [NavItem("/analyste", N_("Chiffres mensuels")), _WORKBENCH, _PROJECTS, _FIGURES],
    "admin": [NavItem("/admin", N_("Comptes")), _PORTAL, _PROJECTS, _FIGURES],
    "elected": [_PROJECTS, _FIGURES],
}
ANONYMOUS_NAV = [
    NavItem("/login", N_("Connexion")),
    NavItem("/projets", N_("Projets publics")),
    _FIGURES,
    _SLOTS,
]


# Badges beside navigation items (e.g. swaps waiting for a doctor's answer): href → a function
# of the request and the user giving the badge's text ("" for none). Registered by the page
# modules that own the item (``web/pages/rota.py``).
NAV_BADGES: dict[str, Callable[[Request, Principal], str]] = {}


def role_label(role: str) -> str:
    """The French role name (translated): « coordination », « aidant »…"""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


async def page_language(request: Request) -> None:
    """Dependency of every page: the language of the request, for the whole request."""
    i18n.set_lang(request_lang(request))


def _nav(request: Request, user: Principal | None, path: str) -> list[dict[str, object]]:
    items = NAV.get(user.role, []) if user else ANONYMOUS_NAV
    return [
        {
            "href": i.href,
            "label": _(i.label),
            "current": path == i.href or path.startswith(i.href + "/"),
            "badge": NAV_BADGES[i.href](request, user) if user and i.href in NAV_BADGES else "",
        }
        for i in items
    ]


def render(
    request: Request, template: str, user: Principal | None, fictitious: bool = False, **ctx: Any
) -> HTMLResponse:
    """Render ``template`` in the request's language; ``title`` should already be translated."""
    lang = request_lang(request)
    demo = request.app.state.demo
    with i18n.use_lang(lang):
        if demo and template == "login.html":
            ctx["demo"] = {
                "accounts": [
                    {
                        **a,
                        "role": role_label(str(a["role"])),
                        "totp": demo_code(get_accounts(request), a["username"], time.time()),
                    }
                    for a in demo["accounts"]
                ]
            }
        context = {
            "title": ctx.pop("title", "ProxiSanté"),
            "user": user,
            "lang": lang,
            "langs": [(code, LANG_NAMES[code], lang_url(request, code)) for code in i18n.LANGS],
            "nav": _nav(request, user, request.url.path),
            "role_label": role_label(user.role) if user else "",
            "csrf": get_tokens(request).csrf(user.token) if user else "",
            "fictitious": fictitious or bool(demo),
            "status_labels": {k: _(v) for k, v in STATUS_LABELS.items()},
            **ctx,
        }
        response = TEMPLATES.TemplateResponse(request, template, context)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    asked = request.query_params.get("lang")
    if asked in i18n.LANGS and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True, path="/"
        )
    return response


def check_csrf(request: Request, user: Principal, value: str | None) -> None:
    if not get_tokens(request).check_csrf(user.token, value):
        raise ApiError(403, _("Formulaire expiré ou invalide : rechargez la page et recommencez."))
