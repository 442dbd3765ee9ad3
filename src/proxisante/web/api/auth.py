"""Log in (password, then TOTP for coordinators and admins), log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from proxisante.store.registry_audit import get_user_by_username
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.schemas import LoginRequest, LoginResponse, Me
from proxisante.web.deps import COOKIE, Db, Now, User, audit, get_tokens
from proxisante.web.errors import ApiError
from proxisante.web.security import ROLES_WITH_TOTP, SESSION_MAX_AGE_S, verify_password, verify_totp
from proxisante.web.throttle import LoginThrottle

router = APIRouter(prefix="/api/v1", tags=["auth"], route_class=TransactionRoute)


def authenticate(
    db: Db, username: str, password: str, totp: str | None, throttle: LoginThrottle
) -> int:
    """The user id, or an ApiError (401, or 429 after repeated failures)."""
    if throttle.blocked(username):
        raise ApiError(
            429,
            "Too many failed logins for this user name; wait 15 minutes and try again.",
            code="too_many_attempts",
        )
    try:
        uid = _check_credentials(db, username, password, totp)
    except ApiError:
        throttle.failed(username)
        raise
    throttle.succeeded(username)
    return uid


def _check_credentials(db: Db, username: str, password: str, totp: str | None) -> int:
    user = get_user_by_username(db, username=username)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        raise ApiError(401, "Unknown user name or wrong password.")
    if user.role in ROLES_WITH_TOTP:
        if not user.totp_secret:
            raise ApiError(401, "This account has no second factor set up; ask an administrator.")
        if not verify_totp(user.totp_secret, totp):
            raise ApiError(
                401,
                "A valid 6-digit code from your authenticator app is required (field 'totp').",
                code="totp_required",
            )
    return user.id


@router.post("/auth/login", response_model=LoginResponse)
def login(
    body: LoginRequest, request: Request, response: Response, db: Db, now: Now
) -> LoginResponse:
    uid = authenticate(db, body.username, body.password, body.totp, request.app.state.throttle)
    token = get_tokens(request).issue(uid)
    user = get_user_by_username(db, username=body.username)
    assert user is not None
    audit(db, None, now, "login", detail=f"user {uid}")
    db.commit()
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return LoginResponse(token=token, role=user.role, territory_id=user.territory_id)


@router.post("/auth/logout", status_code=204)
def logout(user: User, response: Response) -> Response:
    del user
    response.delete_cookie(COOKIE)
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
