"""The API answers in the language of the request: French by default, German or English from
``Accept-Language``, the ``lang`` cookie or ``?lang=`` (the pages' order: query, cookie, header);
the messages come from the catalogues, errors included."""

from __future__ import annotations

import pytest

from .conftest import Web  # type: ignore[import-not-found]


def _get(web: Web, path: str, lang: str | None = None, role: str = "admin"):
    headers = {"Authorization": f"Bearer {web.tokens[role]}"}
    if lang:
        headers["Accept-Language"] = lang
    return web.client.get(path, headers=headers)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (None, "Territoire 'nowhere' introuvable."),
        ("fr-FR,fr;q=0.9", "Territoire 'nowhere' introuvable."),
        ("de-CH,de;q=0.9,en;q=0.5", "Gebiet 'nowhere' nicht gefunden."),
        ("en-GB,en;q=0.8", "Territory 'nowhere' not found."),
        ("es", "Territoire 'nowhere' introuvable."),  # unsupported: French
    ],
)
def test_not_found_in_the_asked_language(web: Web, lang, expected):
    r = _get(web, "/api/v1/territories/nowhere/patients", lang)
    assert r.status_code == 404
    assert r.json()["error"]["message"] == expected


def test_role_refusal_and_validation_follow_the_language(web: Web):
    fr = _get(web, "/api/v1/users", role="pro")
    en = _get(web, "/api/v1/users", "en", role="pro")
    assert fr.status_code == en.status_code == 403
    assert "Cette action demande l'un des rôles" in fr.json()["error"]["message"]
    assert "This action needs one of the roles" in en.json()["error"]["message"]
    h = {"Authorization": f"Bearer {web.tokens['coord']}", "Accept-Language": "de"}
    r = web.client.post("/api/v1/territories/t1/patients", headers=h, json={})
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert message.startswith("Ungültige Anfrage : ") and "Pflichtfeld" in message


def test_query_parameter_wins(web: Web):
    r = _get(web, "/api/v1/territories/nowhere/patients?lang=en", "de")
    assert r.json()["error"]["message"] == "Territory 'nowhere' not found."


def test_lang_cookie_beats_the_header_as_on_the_pages(web: Web):
    h = {"Authorization": f"Bearer {web.tokens['admin']}", "Accept-Language": "en"}
    path = "/api/v1/territories/nowhere/patients"
    r = web.client.get(path, headers={**h, "Cookie": "lang=de"})
    assert r.json()["error"]["message"] == "Gebiet 'nowhere' nicht gefunden."
    r = web.client.get(path + "?lang=fr", headers={**h, "Cookie": "lang=de"})
    assert r.json()["error"]["message"] == "Territoire 'nowhere' introuvable."
    r = web.client.get(path, headers={**h, "Cookie": "lang=xx"})  # unknown cookie: the header
    assert r.json()["error"]["message"] == "Territory 'nowhere' not found."
    # A page and the API agree on the same request.
    page = web.client.get(
        "/coordination",
        headers={**h, "Authorization": f"Bearer {web.tokens['coord']}", "Cookie": "lang=de"},
    )
    assert '<html lang="de"' in page.text
