"""Rendering of the server-side pages (Jinja2 templates in ``web/templates``), French by default."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from proxisante.accounts.service import demo_code
from proxisante.web.deps import Principal, get_accounts, get_tokens
from proxisante.web.errors import ApiError

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

ROLE_LABELS = {
    "coordinator": "coordination",
    "professional": "professionnel de santé",
    "regulator": "régulation (SAS)",
    "helper": "aidant",
    "analyst": "analyste",
    "admin": "administration",
    "elected": "élu·e",
}
STATUS_LABELS = {
    "waiting": "en attente",
    "proposed": "proposé à un professionnel",
    "attached": "rattaché",
    "withdrawn": "retiré",
    "accepted": "acceptée",
    "declined": "refusée",
    "expired": "expirée",
    "cancelled": "annulée",
}


def render(
    request: Request, template: str, user: Principal | None, fictitious: bool = False, **ctx: Any
) -> HTMLResponse:
    demo = request.app.state.demo
    if demo and template == "login.html":
        ctx["demo"] = {
            "accounts": [
                {**a, "totp": demo_code(get_accounts(request), a["username"], time.time())}
                for a in demo["accounts"]
            ]
        }
    context = {
        "title": ctx.pop("title", "ProxiSanté"),
        "user": user,
        "role_label": ROLE_LABELS.get(user.role, user.role) if user else "",
        "csrf": get_tokens(request).csrf(user.token) if user else "",
        "fictitious": fictitious or bool(demo),
        "status_labels": STATUS_LABELS,
        **ctx,
    }
    return TEMPLATES.TemplateResponse(request, template, context)


def check_csrf(request: Request, user: Principal, value: str | None) -> None:
    if not get_tokens(request).check_csrf(user.token, value):
        raise ApiError(403, "Formulaire expiré ou invalide : rechargez la page et recommencez.")
