"""The coordination in the browser: the list filtered (status, priority, commune, age band),
searched by name (audited, never the name in the audit), paginated with the filters kept; the
patient's record (proposals, history, reasons, audited read); the same criteria as the public
form in the coordination's form; a matching preview that writes nothing, then the run;
durations and dates in words. Bad filters answer 400 with a French message naming the field."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientRow, ProfessionalRow, ProposalRow

from .conftest import NOW, Web  # type: ignore[import-not-found]


def _h(web: Web, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[who]}"}


def _csrf(text: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
    assert match, "no CSRF token in the page"
    return match.group(1)


def _count(web: Web, model: object, *where: object) -> int:
    with web.factory() as s:
        q = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(s.scalar(q) or 0)


def _rows(text: str) -> list[str]:
    body = text.split('data-testid="patients"')[1].split("</tbody>")[0]
    return re.findall(r'href="/coordination/patients/(\d+)"', body)


def test_filters_and_search_narrow_the_list(web: Web) -> None:
    h = _h(web, "coord")
    everyone = _rows(web.client.get("/coordination", headers=h).text)
    assert len(everyone) == 3
    by_commune = _rows(web.client.get("/coordination?commune=03310", headers=h).text)
    assert by_commune == [str(web.seed.patient_t1)]
    # the seed's first patient: born 1950, so 76 on the test's day (2026-06-01)
    old = _rows(web.client.get("/coordination?age=70%2B", headers=h).text)
    assert str(web.seed.patient_t1) in old
    assert _rows(web.client.get("/coordination?age=0-15", headers=h).text) == []
    with web.factory() as s:
        levels = {r.id: r.priority_level for r in s.scalars(select(PatientRow))}
        statuses = {r.id: r.status for r in s.scalars(select(PatientRow))}
    lvl = levels[web.seed.patient_t1]
    got = _rows(web.client.get(f"/coordination?priorite={lvl}", headers=h).text)
    assert got and all(levels[int(i)] == lvl for i in got)
    got = _rows(web.client.get("/coordination?statut=proposed", headers=h).text)
    assert all(statuses[int(i)] == "proposed" for i in got)
    page = web.client.get("/coordination?commune=03310&age=0-15", headers=h).text
    assert "Aucun patient ne correspond" in page


def test_search_by_name_is_audited_without_the_name(web: Web) -> None:
    h = _h(web, "coord")
    before = _count(web, AuditRow, AuditRow.action == "patient.search")
    page = web.client.get("/coordination?q=quelven", headers=h).text  # Zéphirine Quelvennec
    assert _rows(page) == [str(web.seed.patient_t1)]
    with web.factory() as s:
        rows = list(s.scalars(select(AuditRow).where(AuditRow.action == "patient.search")))
    assert len(rows) == before + 1 and "quelven" not in rows[-1].detail.lower()
    assert rows[-1].detail == "1 shown" and rows[-1].user_id == web.seed.users["coord"]
    # a search in another territory's names finds nothing (t2's patient has the same name)
    assert str(web.seed.patient_t2) not in _rows(page)


def test_bad_filters_are_400_naming_the_field(web: Web) -> None:
    h = _h(web, "coord")
    for query, field in [
        ("statut=perdu", "statut"),
        ("priorite=Z", "priorite"),
        ("commune=03190", "commune"),  # Moulins: another territory
        ("age=12-14", "age"),
        ("q=" + "x" * 150, "q"),
    ]:
        r = web.client.get(f"/coordination?{query}", headers=h)
        assert r.status_code == 400, query
        assert f"Filtre {field}" in html.unescape(r.text), query
    assert (
        web.client.get("/coordination?commune=03310", headers=_h(web, "helper")).status_code == 403
    )


def test_pagination_keeps_the_filters(web: Web) -> None:
    h = _h(web, "coord")
    token = _csrf(web.client.get("/coordination", headers=h).text)
    for i in range(55):  # more than a page of patients in Vichy
        form = {
            "csrf": token,
            "last_name": f"Nom{i}",
            "first_name": "Test",
            "birth_date": "1980-01-01",
            "commune": "Vichy",
            "consent": "1",
        }
        r = web.client.post("/coordination/patients", data=form, headers=h, follow_redirects=False)
        assert r.status_code == 303, r.text
    page = web.client.get("/coordination?commune=03310", headers=h).text
    assert 'href="?commune=03310&amp;page=2"' in page
    second = web.client.get("/coordination?commune=03310&page=2", headers=h).text
    assert "sur 56" in second and len(_rows(second)) == 6


def test_coordination_form_has_the_public_criteria(web: Web) -> None:
    h = _h(web, "coord")
    page = web.client.get("/coordination", headers=h).text
    # The public form opens on a covered commune (the commune is asked first).
    public = web.client.get("/inscription", params={"code": "03310"}).text
    for name in ("ald", "pregnant", "disability", "reduced_mobility", "precarity", "lost_doctor"):
        assert f'name="{name}"' in page and f'name="{name}"' in public, name
    assert 'name="language"' in page and ">arabe</option>" in page  # languages by name
    form = {
        "csrf": _csrf(page),
        "last_name": "Critères",
        "first_name": "Tous",
        "birth_date": "1980-01-01",
        "commune": "Vichy",
        "consent": "1",
        "disability": "1",
        "precarity": "c2s",
        "lost_doctor": "retirement",
        "language": "ar",
    }
    r = web.client.post("/coordination/patients", data=form, headers=h, follow_redirects=False)
    assert r.status_code == 303
    with web.factory() as s:
        row = s.scalar(select(PatientRow).where(PatientRow.last_name == "Critères"))
    assert row is not None and row.disability and row.precarity == "c2s"
    assert row.lost_doctor == "retirement" and row.language == "ar"
    bad = {**form, "last_name": "Autre", "language": "klingon"}
    r = web.client.post("/coordination/patients", data=bad, headers=h)
    assert r.status_code == 400 and "Langue de consultation" in html.unescape(r.text)


def test_preview_writes_nothing_then_run_sends(web: Web) -> None:
    h = _h(web, "coord")
    token = _csrf(web.client.get("/coordination", headers=h).text)
    # a new waiting patient, and a free place for them
    form = {
        "csrf": token,
        "last_name": "Attente",
        "first_name": "Nouvelle",
        "birth_date": "1940-01-01",
        "commune": "Vichy",
        "consent": "1",
    }
    web.client.post("/coordination/patients", data=form, headers=h)
    with web.factory() as s:
        pro2 = s.scalar(select(ProfessionalRow.id).where(ProfessionalRow.display_name == "Dr B"))
        crud.declare_capacity(s, professional_id=pro2, places=3, now=NOW)
        s.commit()
    proposals = _count(web, ProposalRow)
    preview = web.client.post("/coordination/appariement/apercu", data={"csrf": token}, headers=h)
    assert preview.status_code == 200
    text = html.unescape(preview.text)
    assert "Rien n'a encore été envoyé" in text and 'data-testid="preview"' in text
    assert _count(web, ProposalRow) == proposals  # no side effect
    # « 1 min 24 s » (non-breaking spaces), never « 1.4 min »
    assert re.search(r"\d+\xa0min(\xa0\d+\xa0s)?<|\d+\xa0s<", preview.text)
    assert not re.search(r"\d\.\d+ min", preview.text)
    assert _count(
        web, AuditRow, AuditRow.action == "matching.run", AuditRow.detail.like("%dry True")
    )
    r = web.client.post(
        "/coordination/appariement", data={"csrf": token}, headers=h, follow_redirects=True
    )
    assert "Appariement terminé" in html.unescape(r.text)
    assert _count(web, ProposalRow) > proposals
    assert "(s)" not in r.text
    # other roles may not preview
    r = web.client.post(
        "/coordination/appariement/apercu", data={"csrf": token}, headers=_h(web, "helper")
    )
    assert r.status_code == 403


def test_patient_record_shows_proposals_history_and_reasons(web: Web) -> None:
    h = _h(web, "coord")
    pid = web.seed.patient_t1
    before = _count(web, AuditRow, AuditRow.action == "patient.read", AuditRow.patient_id == pid)
    page = web.client.get(f"/coordination/patients/{pid}", headers=h)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert 'data-testid="patient-proposals"' in text and "Dr A" in text
    assert 'data-testid="history"' in text and "Inscrit le 1 juin 2026" in text
    assert "70 ans ou plus" in text  # the priority's reason
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text.split("<main")[1].split('id="droits-h"')[0])
    after = _count(web, AuditRow, AuditRow.action == "patient.read", AuditRow.patient_id == pid)
    assert after == before + 1
    # another territory's patient: not shown to this coordination
    other = web.client.get(f"/coordination/patients/{web.seed.patient_t2}", headers=h)
    assert other.status_code in (403, 404)


def test_professional_sees_durations_dates_and_reasons_in_words(web: Web) -> None:
    page = web.client.get("/professionnel", headers=_h(web, "pro")).text
    table = html.unescape(page.split('data-testid="proposals"')[1].split("</table>")[0])
    assert not re.search(r"\d\.\d+ min", table) and not re.search(r"\d{4}-\d{2}-\d{2}", table)
    assert re.search(r"\d{1,2} juin 2026", table)  # the deadline in words
    assert "70 ans ou plus" in table or "Affection" in table or "Aucun critère" in table
    de = web.client.get("/professionnel?lang=de", headers=_h(web, "pro")).text
    de_table = de.split('data-testid="proposals"')[1].split("</table>")[0]
    assert re.search(r"\d{1,2}\. Juni 2026", de_table)
