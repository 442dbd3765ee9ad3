"""The workbench page: analysts and coordinators of the area get it (in their language), other
roles a 403 page, an unknown area a 404 page, the anonymous the login page."""

from __future__ import annotations

import pytest

from tests.integration.workbench.conftest import Env


def _get(env: Env, who: str, query: str = "") -> object:
    return env.client.get(
        "/espace/atelier" + query, headers=env.headers(who), follow_redirects=False
    )


def test_analyst_gets_the_area_by_name_with_its_communes(env: Env) -> None:
    r = _get(env, "analyst", "?territoire=CA Vichy Communauté")
    assert r.status_code == 200  # type: ignore[attr-defined]
    html = r.text  # type: ignore[attr-defined]
    assert 'data-area="200071363"' in html and '<option value="03310">Vichy</option>' in html
    assert "SIMULATION" in html and 'name="ps-csrf"' in html


def test_a_name_that_is_not_exact_opens_nothing_and_lists_the_choices(env: Env) -> None:
    r = _get(env, "analyst", "?territoire=Vichy Communauté")
    assert r.status_code == 404  # type: ignore[attr-defined]
    assert "CA Vichy Communauté" in r.text and "[200071363]" in r.text  # type: ignore[attr-defined]
    assert 'data-area="' not in r.text  # type: ignore[attr-defined]


def test_german_page(env: Env) -> None:
    r = _get(env, "analyst", "?territoire=200071363&lang=de")
    env.client.cookies.clear()  # the language is remembered in a cookie: not for the next tests
    assert r.status_code == 200 and "Szenario-Werkstatt" in r.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "query", "status", "text"),
    [
        ("pro", "", 403, "réservé aux analystes"),
        ("coord2", "?territoire=200071363", 403, "hors du territoire"),
        ("coord", "?territoire=200071363", 200, "data-area"),
        ("analyst", "?territoire=zzqqxx", 404, "introuvable"),
    ],
)
def test_roles_and_areas(env: Env, who: str, query: str, status: int, text: str) -> None:
    r = _get(env, who, query)
    assert r.status_code == status and text in r.text  # type: ignore[attr-defined]


def test_anonymous_goes_to_the_login_page(env: Env) -> None:
    r = _get(env, "anon")
    assert r.status_code == 303 and r.headers["location"] == "/login"  # type: ignore[attr-defined]
