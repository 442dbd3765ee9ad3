"""The territorial list in pages: 50 patients a page on the coordinator's and the helper's
pages, ``limit``/``offset`` and ``X-Total-Count`` on the API; every patient on exactly one page,
in the list's order; only the patients shown are audited reads; a page that does not exist is
a 400 naming the parameter."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from proxisante.store.db import transaction
from proxisante.store.registry.models import AuditRow

from .conftest import Web, add_patient  # type: ignore[import-not-found]

EXTRA = 120


def _h(web: Web, who: str, html: bool = False) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {web.tokens[who]}"}
    if html:
        headers["Accept"] = "text/html"
    return headers


def _many(web: Web, who: str = "coord", n: int = EXTRA) -> None:
    with transaction(web.factory) as s:
        for i in range(n):
            add_patient(s, "t1", "03310", 3 + i, registered_by=web.seed.users[who])


def _rows(html: str) -> list[int]:
    body = html.split('data-testid="patients"', 1)[1].split("</table>", 1)[0]
    return [int(x) for x in re.findall(r"<tr><td>(\d+)</td>", body)]


def _listed(web: Web) -> int:
    with web.factory() as s:
        q = select(func.count()).select_from(AuditRow).where(AuditRow.action == "patient.list")
        return int(s.scalar(q) or 0)


def test_the_coordinator_pages_through_the_whole_list_in_order(web: Web) -> None:
    _many(web)
    api = web.client.get("/api/v1/territories/t1/patients", headers=_h(web, "coord"))
    everyone = [p["id"] for p in api.json()]
    total = int(api.headers["X-Total-Count"])
    assert total == len(everyone) == EXTRA + 3
    before = _listed(web)
    first = web.client.get("/coordination", headers=_h(web, "coord", html=True))
    assert first.status_code == 200
    assert len(_rows(first.text)) == 50
    assert f"Patients 1 à 50 sur {total}" in first.text
    assert _listed(web) - before == 50  # only the patients shown are audited reads
    assert 'aria-current="page"' in first.text and 'href="?page=3"' in first.text
    seen = list(_rows(first.text))
    for page in (2, 3):
        r = web.client.get(f"/coordination?page={page}", headers=_h(web, "coord", html=True))
        assert r.status_code == 200
        seen += _rows(r.text)
    assert seen == everyone  # each patient once, in the list's order (priority, then date)
    assert f"Patients 101 à {total} sur {total}" in r.text


@pytest.mark.parametrize("page", ["0", "4", "abc", "-1", "2.5"])
def test_a_page_that_does_not_exist_is_a_400_naming_the_parameter(web: Web, page: str) -> None:
    _many(web)
    before = _listed(web)
    r = web.client.get(f"/coordination?page={page}", headers=_h(web, "coord", html=True))
    assert r.status_code == 400
    assert "Paramètre page" in r.text and "de 1 à 3" in r.text
    assert "Traceback" not in r.text
    assert _listed(web) == before  # nothing shown, nothing audited
    api = web.client.get(f"/coordination?page={page}", headers=_h(web, "coord"))
    assert api.status_code == 400
    assert "page" in api.json()["error"]["message"]


def test_a_short_list_has_no_page_links(web: Web) -> None:
    r = web.client.get("/coordination", headers=_h(web, "coord", html=True))
    assert r.status_code == 200 and len(_rows(r.text)) == 3
    assert "fr-pagination" not in r.text


def test_the_helper_pages_through_the_people_they_registered_only(web: Web) -> None:
    _many(web, who="helper", n=60)
    _many(web, who="coord", n=10)
    r = web.client.get("/aidant", headers=_h(web, "helper", html=True))
    assert r.status_code == 200
    body = r.text.split('data-testid="helper-patients"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr><td>\d+</td>", body)) == 50
    r2 = web.client.get("/aidant?page=2", headers=_h(web, "helper", html=True))
    body2 = r2.text.split('data-testid="helper-patients"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr><td>\d+</td>", body2)) == 61 - 50  # 60 + the seeded one
    assert web.client.get("/aidant?page=3", headers=_h(web, "helper")).status_code == 400


def test_the_api_gives_a_slice_and_the_total(web: Web) -> None:
    _many(web)
    url = "/api/v1/territories/t1/patients"
    everyone = [p["id"] for p in web.client.get(url, headers=_h(web, "coord")).json()]
    r = web.client.get(url + "?limit=10&offset=5", headers=_h(web, "coord"))
    assert r.status_code == 200
    assert [p["id"] for p in r.json()] == everyone[5:15]
    assert r.headers["X-Total-Count"] == str(len(everyone))
    waiting = web.client.get(url + "?status=waiting&limit=1", headers=_h(web, "coord"))
    assert len(waiting.json()) == 1
    assert int(waiting.headers["X-Total-Count"]) < len(everyone)  # two are proposed
    helper = web.client.get(url, headers=_h(web, "helper"))
    assert helper.headers["X-Total-Count"] == "1"  # the helper's own registrations only
    for bad in ("limit=0", "limit=501", "offset=-1", "limit=abc"):
        r = web.client.get(f"{url}?{bad}", headers=_h(web, "coord"))
        assert r.status_code == 422, bad
        assert bad.split("=")[0] in r.json()["error"]["message"], bad
