"""Public answers kept in memory (web/public/answers.py): the same bytes for the same address
and language, a strong ETag with 304, Brotli or gzip when accepted, and nothing cached that is
not public (errors, other languages, other query strings)."""

from __future__ import annotations

import gzip

import brotli
import pytest

from proxisante.web.public.answers import AnswerCache, make_answer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PAGE = "/territoires/200071363"
DATA = "/donnees/territoires/dep:03/zones.geojson"
SUGGEST = "/api/public/territoires?q=vichy"


@pytest.mark.parametrize("url", [PAGE, "/carte", DATA, SUGGEST])
def test_served_twice_identical_with_a_strong_etag_and_304(client, url: str) -> None:  # type: ignore[no-untyped-def]
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    etag = first.headers["etag"]
    assert etag == second.headers["etag"] and etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": '"autre"'}).status_code == 200


def test_each_language_its_own_page_and_etag(client) -> None:  # type: ignore[no-untyped-def]
    fr = client.get(PAGE)
    de = client.get(PAGE, headers={"Accept-Language": "de-CH,de;q=0.9"})
    en = client.get(PAGE, cookies={"lang": "en"})
    client.cookies.clear()
    by_query = client.get(PAGE + "?lang=de")
    assert [r.headers["content-language"] for r in (fr, de, en)] == ["fr", "de", "en"]
    assert len({fr.headers["etag"], de.headers["etag"], en.headers["etag"]}) == 3
    assert '<html lang="de"' in de.text and '<html lang="en"' in en.text
    assert '<html lang="fr"' in client.get(PAGE).text  # the French copy is still French
    assert by_query.headers["content-language"] == "de"
    assert "Accept-Language" in fr.headers["vary"] and "Cookie" in fr.headers["vary"]
    # an ETag of one language is not a 304 in another
    other = client.get(PAGE, headers={"Accept-Language": "de", "If-None-Match": fr.headers["etag"]})
    assert other.status_code == 200 and other.headers["content-language"] == "de"


def test_the_whole_query_string_is_part_of_the_key(client) -> None:  # type: ignore[no-untyped-def]
    plain = client.get(PAGE)
    extra = client.get(PAGE + "?indicateur=class")
    assert plain.content != extra.content
    assert 'value="class" selected' in extra.text
    assert "indicateur=class&amp;lang=de" in extra.text  # language links keep the query
    assert "indicateur=class" not in client.get(PAGE).text


def test_gzip_when_accepted_same_content(client) -> None:  # type: ignore[no-untyped-def]
    identity = client.get(DATA, headers={"Accept-Encoding": "identity"})
    zipped = client.get(DATA, headers={"Accept-Encoding": "gzip, deflate"})
    assert "content-encoding" not in identity.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == identity.content  # the client decoded it
    assert int(zipped.headers["content-length"]) < len(identity.content) / 2
    assert "Accept-Encoding" in zipped.headers["vary"]
    refused = client.get(DATA, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


def test_csp_and_security_headers_kept_on_cached_answers(client) -> None:  # type: ignore[no-untyped-def]
    first, second = client.get(PAGE), client.get(PAGE)
    assert first.headers["content-security-policy"] == second.headers["content-security-policy"]
    assert "script-src 'self'" in second.headers["content-security-policy"]
    assert "nonce" not in second.headers["content-security-policy"]  # nothing per request
    assert second.headers["x-frame-options"] == "DENY"


def test_errors_are_neither_cached_nor_public(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/territoires/dep:999", "/territoires/dep:03?indicateur=x", SUGGEST + "&niveau=x"):
        r = client.get(url)
        assert r.status_code in (400, 404), url
        assert r.headers["cache-control"] == "no-store", url
        assert "etag" not in r.headers, url
    assert client.get(DATA.replace("dep:03", "dep:999")).status_code == 404


def test_cache_drops_least_recently_used_by_count_and_bytes() -> None:
    cache = AnswerCache(size=2, max_bytes=10_000)
    small = make_answer(b"x" * 100, "text/plain")
    cache.put(("a",), small)
    cache.put(("b",), small)
    assert cache.get(("a",)) is small  # a is now the most recent
    cache.put(("c",), small)
    assert cache.get(("b",)) is None and cache.get(("a",)) is small
    cache.put(("big",), make_answer(b"y" * 9_950, "text/plain"))
    assert cache.get(("big",)) is not None and cache.get(("a",)) is None
    cache.put(("err",), make_answer(b"z", "text/plain", status_code=404))
    assert cache.get(("err",)) is None


def test_answer_gzip_is_the_body() -> None:
    body = b'{"a": 1}' * 1000
    answer = make_answer(body, "application/json")
    assert answer.gzipped is not None and gzip.decompress(answer.gzipped) == body
    assert make_answer(b"short", "text/plain").gzipped is None
    assert answer.brotli is not None and brotli.decompress(answer.brotli) == body
    assert make_answer(b"short", "text/plain").brotli is None


def test_brotli_first_when_accepted_same_content(client) -> None:  # type: ignore[no-untyped-def]
    identity = client.get(DATA, headers={"Accept-Encoding": "identity"})
    both = client.get(DATA, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert both.headers["content-encoding"] == "br"
    assert both.content == identity.content
    gzipped = client.get(DATA, headers={"Accept-Encoding": "gzip"})
    # The map data is compressed hardest: Brotli well under gzip.
    assert int(both.headers["content-length"]) < 0.9 * int(gzipped.headers["content-length"])
    assert (
        client.get(DATA, headers={"Accept-Encoding": "br;q=0, gzip"}).headers["content-encoding"]
        == "gzip"
    )


def test_suggestions_vary_with_the_language(client) -> None:  # type: ignore[no-untyped-def]
    fr = client.get(SUGGEST)
    de = client.get(SUGGEST, headers={"Accept-Language": "de"})
    assert fr.headers["content-language"] == "fr" and de.headers["content-language"] == "de"
    assert "Accept-Language" in de.headers["vary"] and "Cookie" in de.headers["vary"]
    assert fr.json()["results"][0]["label"] != de.json()["results"][0]["label"]
