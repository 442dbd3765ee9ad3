"""The operators' pages answer a browser's 403 and 404 with a DSFR page in its language (and a
401 with the login page); API routes and non-browser clients keep the JSON error body."""

from __future__ import annotations

import pytest

from .conftest import Web  # type: ignore[import-not-found]

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _h(web: Web, who: str, lang: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {web.tokens[who]}",
        "Accept": BROWSER,
        "Accept-Language": lang,
    }


@pytest.mark.parametrize(
    ("lang", "heading", "problem"),
    [
        ("fr", "Accès refusé", "Cette page est réservée à un autre rôle."),
        ("de", "Zugriff verweigert", "Diese Seite ist einer anderen Rolle vorbehalten."),
    ],
)
def test_wrong_role_gets_a_403_page(web: Web, lang: str, heading: str, problem: str) -> None:
    r = web.client.get("/coordination", headers=_h(web, "helper", lang))
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}"' in r.text and "fr-header" in r.text
    assert f'data-testid="error-status-403">{heading}</h1>' in r.text
    assert problem in r.text
    assert 'href="/aidant"' in r.text.split('role="alert"')[1]  # the helper's own pages


@pytest.mark.parametrize(
    ("lang", "heading"), [("fr", "Page introuvable"), ("de", "Seite nicht gefunden")]
)
def test_unknown_id_gets_a_404_page(web: Web, lang: str, heading: str) -> None:
    r = web.client.get("/espace/projets/987654", headers=_h(web, "coord", lang))
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}"' in r.text
    assert f'data-testid="error-status-404">{heading}</h1>' in r.text
    assert "987654" in r.text  # the service's message names the project
    # An unknown address of the space too; the lang cookie decides as on the pages.
    r = web.client.get(
        "/espace/nulle-part", headers={**_h(web, "coord", "fr"), "Cookie": f"lang={lang}"}
    )
    assert r.status_code == 404 and f'<html lang="{lang}"' in r.text
    assert f">{heading}</h1>" in r.text


def test_not_logged_in_browser_goes_to_login(web: Web) -> None:
    r = web.client.get("/coordination", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_api_and_non_browser_clients_keep_json(web: Web) -> None:
    r = web.client.get("/api/v1/projects/987654", headers=_h(web, "coord", "de"))
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert r.json()["error"]["code"] == "not_found"
    h = {"Authorization": f"Bearer {web.tokens['helper']}"}
    r = web.client.get("/coordination", headers=h)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    h = {"Authorization": f"Bearer {web.tokens['coord']}", "Accept": "application/json"}
    r = web.client.get("/espace/projets/987654", headers=h)
    assert r.status_code == 404 and r.json()["error"]["status"] == 404
