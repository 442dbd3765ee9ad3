"""Creating an account: one use case (``accounts.service.create_user``) behind the API and the
CLI, one set of messages, nothing written on a refusal, an audit row on success."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.store.registry.models import AuditRow, UserRow

from .conftest import Web  # type: ignore[import-not-found]


@pytest.fixture(autouse=True)
def _new_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``registry add-user`` reads instead of asking on a terminal."""
    monkeypatch.setenv("PROXISANTE_NEW_PASSWORD", "a long enough password")


def _counts(web: Web) -> tuple[int, int]:
    with web.factory() as s:
        return (
            int(s.scalar(select(func.count()).select_from(UserRow)) or 0),
            int(s.scalar(select(func.count()).select_from(AuditRow)) or 0),
        )


def _cli(
    web: Web, tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    url = web.client.app.state.engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    env = {
        "PROXISANTE_HOME": str(tmp_path),
        "PROXISANTE_DATABASE_URL": url,
    }
    code = main(["registry", "add-user", *args], env)
    out = capsys.readouterr()
    return code, out.err + out.out


CASES = [
    (
        {"username": "Dr Martin", "role": "analyst", "territory_id": "t1"},
        "Nom d'utilisateur invalide",
    ),
    ({"username": "dr.x", "role": "analyst"}, "a besoin d'un territoire du registre"),
    ({"username": "dr.x", "role": "analyst", "territory_id": "nowhere"}, "'nowhere' inconnu"),
    ({"username": "dr.x", "role": "professional", "territory_id": "t1"}, "aucun professionnel"),
    (
        {"username": "dr.x", "role": "professional", "territory_id": "t1", "professional_id": 999},
        "aucun professionnel",
    ),
    (
        {"username": "dr.x", "role": "analyst", "territory_id": "t1", "professional_id": 1},
        "ne vaut que",
    ),
    ({"username": "coord", "role": "analyst", "territory_id": "t1"}, "déjà pris"),
]


def _argv(body: dict[str, object]) -> list[str]:
    flags = {"username": "--username", "role": "--role", "territory_id": "--territory"}
    argv = [x for k, f in flags.items() if k in body for x in (f, str(body[k]))]
    if "professional_id" in body:
        argv += ["--professional-id", str(body["professional_id"])]
    return argv


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_api_and_cli_refuse_alike_and_write_nothing(
    web_any: Web,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    body: dict[str, object],
    expected: str,
) -> None:
    before = _counts(web_any)
    admin = {"Authorization": f"Bearer {web_any.tokens['admin']}"}
    r = web_any.client.post(
        "/api/v1/users", json={**body, "password": "a long password"}, headers=admin
    )
    assert r.status_code in (400, 409), r.text
    message = r.json()["error"]["message"]
    assert expected in message
    code, err = _cli(web_any, tmp_path, _argv(body), capsys)
    assert code == 2 and message in err, err  # the very same message
    assert _counts(web_any) == before


def test_a_professional_of_another_territory_is_refused(
    web_any: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with web_any.factory() as s:
        pro = s.scalar(select(UserRow.professional_id).where(UserRow.username == "pro"))
    body = {
        "username": "dr.y",
        "role": "professional",
        "territory_id": "t2",
        "professional_id": pro,
    }
    admin = {"Authorization": f"Bearer {web_any.tokens['admin']}"}
    r = web_any.client.post(
        "/api/v1/users", json={**body, "password": "a long password"}, headers=admin
    )
    assert r.status_code == 400 and "aucun professionnel" in r.json()["error"]["message"]
    code, err = _cli(web_any, tmp_path, _argv(body), capsys)
    assert code == 2 and "aucun professionnel" in err


def test_both_shells_create_an_audited_account(
    web_any: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = {"Authorization": f"Bearer {web_any.tokens['admin']}"}
    body = {
        "username": "ana.web",
        "password": "a long password",
        "role": "analyst",
        "territory_id": "t1",
    }
    r = web_any.client.post("/api/v1/users", json=body, headers=admin)
    assert r.status_code == 201 and r.json()["totp_secret"] is None
    code, out = _cli(
        web_any,
        tmp_path,
        ["--username", "coord.cli", "--role", "coordinator", "--territory", "t1"],
        capsys,
    )
    assert code == 0 and "otpauth://totp/" in out
    with web_any.factory() as s:
        created = {
            u.username: u.id
            for u in s.scalars(
                select(UserRow).where(UserRow.username.in_(["ana.web", "coord.cli"]))
            )
        }
        details = set(s.scalars(select(AuditRow.detail).where(AuditRow.action == "user.create")))
    assert {f"user {i}" for i in created.values()} <= details and len(created) == 2
