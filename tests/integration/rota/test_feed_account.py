"""A calendar feed dies with its doctor's account (issue 20, lower findings): a feed link
kept working after the account was deactivated. Its own module: the ``env`` fixture is per
module, and this one deactivates ``pro``."""

from __future__ import annotations

from sqlalchemy import select

from proxisante.store.registry.models import UserRow
from tests.integration.rota.conftest import Env


def _path(env: Env, who: str, body: dict[str, str] | None = None) -> str:
    r = env.call(who, "POST", f"/api/v1/rota/{env.rota_id}/feed", body)
    assert r.status_code == 201, r.text
    return str(r.json()["url"]).replace("http://testserver", "")


def _user_id(env: Env, username: str) -> int:
    with env.factory() as s:
        return int(s.scalar(select(UserRow.id).where(UserRow.username == username)) or 0)


def test_feed_stops_once_the_account_is_deactivated(env: Env) -> None:
    env.reset()
    own = _path(env, "pro")  # D1 = pro, subscribed himself
    by_coordination = _path(env, "coord", {"doctor_id": "D1"})  # the previous one dies
    other = _path(env, "pro2")  # D2, another doctor's feed
    unlinked = _path(env, "coord", {"doctor_id": "D3"})  # D3 has no account
    assert env.client.get(own).status_code == 404  # renewed: the old link is dead
    for path in (by_coordination, other, unlinked):
        assert env.client.get(path).status_code == 200
    r = env.call("admin", "POST", f"/api/v1/users/{_user_id(env, 'pro')}/deactivate")
    assert r.status_code in (200, 204), r.text
    gone = env.client.get(by_coordination)
    unknown = env.client.get("/rota/feed/" + "x" * 43 + ".ics")
    assert gone.status_code == unknown.status_code == 404  # same answer as an unknown token
    assert gone.json() == unknown.json()
    assert env.client.get(other).status_code == 200  # the others' feeds are untouched
    assert env.client.get(unlinked).status_code == 200
