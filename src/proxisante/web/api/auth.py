"""Log in (password, and the TOTP code for coordinators and admins), log out, change one's
password, deactivate a user (admin), who am I. The use cases are in
:mod:`proxisante.accounts.service`; this module only speaks HTTP."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from proxisante.accounts import service
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.schemas import LoginRequest, LoginResponse, Me
from proxisante.web.deps import Now, User, get_accounts, get_tokens, require
from proxisante.web.security import (
    CSRF_HEADER,
    clear_session_cookies,
    client_address,
    set_session_cookies,
)

router = APIRouter(prefix="/api/v1", tags=["auth"], route_class=TransactionRoute)


class PasswordChange(BaseModel):
    current_password: Annotated[str, Field(min_length=1, max_length=200)]
    new_password: Annotated[str, Field(min_length=1, max_length=200)]


@router.post(
    "/auth/login",
    response_model=LoginResponse,
    responses={401: {"description": "one answer for every wrong input"}, 429: {}},
)
def login(body: LoginRequest, request: Request, response: Response, now: Now) -> LoginResponse:
    """Open a session. Wrong user name, password or TOTP code: the same 401; too many failed
    attempts for the account or the client address: 429 with ``Retry-After``."""
    creds = service.Credentials(body.username, body.password, body.totp, client_address(request))
    session = service.login(get_accounts(request), creds, now, time.time())
    csrf = get_tokens(request).csrf(session.token)
    set_session_cookies(request, response, session.token, csrf)
    response.headers[CSRF_HEADER] = csrf
    return LoginResponse(
        token=session.token, role=session.account.role, territory_id=session.account.territory_id
    )


@router.post("/auth/logout", status_code=204)
def logout(user: User, request: Request, response: Response, now: Now) -> Response:
    """End this session at once (the token or cookie is refused from now on)."""
    service.logout(get_accounts(request), user.account(), user.token, now)
    clear_session_cookies(response)
    response.status_code = 204
    return response


@router.post("/auth/password", status_code=204)
def change_password(
    body: PasswordChange, user: User, request: Request, response: Response, now: Now
) -> Response:
    """Change one's password; every session of the user ends (log in again)."""
    service.change_password(
        get_accounts(request), user.account(), body.current_password, body.new_password, now
    )
    clear_session_cookies(response)
    response.status_code = 204
    return response


@router.post("/users/{user_id}/deactivate", status_code=204, tags=["admin"])
def deactivate_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    user: User,
    request: Request,
    response: Response,
    now: Now,
) -> Response:
    """Deactivate an account (admin only): its sessions end at once, it can no longer log in."""
    require(user, "admin")
    service.deactivate_user(get_accounts(request), user.account(), user_id, now)
    response.status_code = 204
    return response


@router.get("/me", response_model=Me)
def me(user: User) -> Me:
    return Me(
        user_id=user.user_id,
        username=user.username,
        role=user.role,
        territory_id=user.territory_id,
        professional_id=user.professional_id,
    )
