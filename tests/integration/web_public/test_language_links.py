"""The language links of every page stay on this site (issue 20, lower findings): a request
path such as ``//evil.example/x`` gave the 404 page links to ``//evil.example/x?lang=de``, a
protocol-relative address of another host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from starlette.requests import Request

from proxisante.web.public._render import lang_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HTML = {"Accept": "text/html"}


def _language_links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]*)" hreflang="', html)


@pytest.mark.parametrize(
    "url",
    [
        "/%2Fevil.example/x?lang=de",  # the path //evil.example/x
        "/%2F%2Fevil.example/x",  # ///evil.example/x
        "/%5Cevil.example/x",  # /\evil.example/x
        "/territoires/%2F%2Fevil.example",
    ],
)
def test_language_links_of_a_404_page_are_paths_of_this_site(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url, headers=HTML)
    assert r.status_code == 404
    links = _language_links(r.text)
    assert len(links) == 3, r.text[:500]
    for href in links:
        parts = urlsplit(href.replace("&amp;", "&"))
        assert not parts.scheme and not parts.netloc, href
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example/x", "/\\/evil.example"])
def test_lang_url_makes_a_same_origin_path(path: str) -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"lang=de&page=2",
        "headers": [(b"host", b"proxisante.example")],
        "scheme": "https",
        "server": ("proxisante.example", 443),
    }
    url = lang_url(Request(scope), "en")
    assert url.startswith("/") and not url.startswith(("//", "/\\")), url
    assert url.endswith("?page=2&lang=en")


def test_language_links_keep_the_page_and_its_query(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/login?lang=de&x=1", headers=HTML)
    assert _language_links(r.text) == [f"/login?x=1&amp;lang={c}" for c in ("fr", "de", "en")]
