"""Login, logout and the home page that sends each role to its page (the use cases are in
:mod:`proxisante.accounts.service`)."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proxisante.accounts import service
from proxisante.accounts.errors import AccountError
from proxisante.i18n import _
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import (
    Now,
    PageUser,
    Principal,
    get_accounts,
    get_tokens,
    optional_principal,
)
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.security import (
    clear_session_cookies,
    client_address,
    cross_site_form,
    set_session_cookies,
)

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

HOME = {
    "coordinator": "/coordination",
    "professional": "/professionnel",
    "regulator": "/creneaux",
    "helper": "/aidant",
    "analyst": "/analyste",
    "admin": "/admin",
    "elected": "/espace/projets",
}


@router.get("/")
def home(user: Annotated[Principal | None, Depends(optional_principal)]) -> Response:
    return RedirectResponse(HOME[user.role] if user else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return render(request, "login.html", None, title=_("Connexion"))


@router.post("/login")
def login_submit(
    request: Request,
    now: Now,
    username: Annotated[str, Form(max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")],
    password: Annotated[str, Form(max_length=200)],
    totp: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if cross_site_form(request):  # login CSRF: another site would sign the browser in
        page = render(
            request,
            "login.html",
            None,
            title=_("Connexion"),
            error=_(
                "Connexion refusée : le formulaire a été envoyé depuis un autre site. Ouvrez "
                "la page de connexion de ce site et saisissez vos identifiants."
            ),
        )
        page.status_code = 403
        return page
    creds = service.Credentials(username, password, totp or None, client_address(request))
    try:
        session = service.login(get_accounts(request), creds, now, time.time())
    except AccountError as exc:
        page = render(request, "login.html", None, title=_("Connexion"), error=str(exc))
        page.status_code = exc.http_status
        return page
    # Each role lands on its own page ("/" is the public search since the public pages came).
    response = RedirectResponse(HOME.get(session.account.role, "/"), status_code=303)
    set_session_cookies(request, response, session.token, get_tokens(request).csrf(session.token))
    return response


@router.post("/logout")
def logout(
    request: Request, user: PageUser, now: Now, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(request, user, csrf)
    service.logout(get_accounts(request), user.account(), user.token, now)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookies(response)
    return response
