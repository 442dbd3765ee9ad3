"""Login, logout and the home page that sends each role to its page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proxisante.web._routing import TransactionRoute
from proxisante.web.api.auth import authenticate
from proxisante.web.deps import (
    COOKIE,
    Db,
    Now,
    PageUser,
    Principal,
    audit,
    get_tokens,
    optional_principal,
)
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.security import SESSION_MAX_AGE_S

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
    return render(request, "login.html", None, title="Connexion")


@router.post("/login")
def login_submit(
    request: Request,
    db: Db,
    now: Now,
    username: Annotated[str, Form(max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")],
    password: Annotated[str, Form(max_length=200)],
    totp: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        uid = authenticate(db, username, password, totp or None, request.app.state.throttle)
    except ApiError as exc:
        msg = {
            "totp_required": "Code de l'application d'authentification manquant ou invalide.",
            "too_many_attempts": "Trop d'essais : réessayez dans 15 minutes.",
        }.get(exc.code, "Identifiant ou mot de passe incorrect.")
        return render(request, "login.html", None, title="Connexion", error=msg)
    token = get_tokens(request).issue(uid)
    audit(db, None, now, "login", detail=f"user {uid}")
    db.commit()
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(request: Request, user: PageUser, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, user, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
