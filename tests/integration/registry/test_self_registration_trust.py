"""Self-registration residents can trust, through the real app: the commune checked first, the
right alternative where not covered, per-field errors, the code sent through the outbox, its
recovery, the status page's next steps and typical wait; and the abuse findings (lookup limit,
duplicates, cross-site posts, special numbers, e-mail addresses an SMTP envelope would rewrite).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from proxisante.store.db import transaction
from proxisante.store.notify.models import OutboxRow
from proxisante.store.registry.models import AuditRow, PatientRow

from .conftest import NOW, Web  # type: ignore[import-not-found]

PERSON = {
    "commune": "Bellerive-sur-Allier",
    "last_name": "Kervadec",
    "first_name": "Ondine",
    "birth_date": "14/07/1956",
    "email": "ondine.kervadec@example.org",
    "consent": "1",
}
CODE = re.compile(r'id="code-suivi"><strong>([A-Z0-9-]+)<')


def _patients(web: Web) -> int:
    with web.factory() as s:
        return int(s.scalar(select(func.count()).select_from(PatientRow)) or 0)


def _outbox(web: Web, event: str) -> list[OutboxRow]:
    with web.factory() as s:
        return list(s.scalars(select(OutboxRow).where(OutboxRow.event == event)))


# ------------------------------------------------------------------- coverage first


def test_step_one_asks_only_the_commune(web: Web) -> None:
    page = web.client.get("/inscription")
    assert page.status_code == 200
    assert 'id="commune"' in page.text and "Étape 1 sur 2" in page.text
    for health in ('id="ald"', 'id="pregnant"', 'id="disability"', 'id="last_name"'):
        assert health not in page.text


def test_a_covered_commune_opens_the_form(web: Web) -> None:
    page = web.client.get("/inscription", params={"commune": "vichy"})
    assert page.status_code == 200
    assert 'id="ald"' in page.text and 'name="commune" value="Vichy"' in page.text
    by_postcode = web.client.get("/inscription", params={"commune": "03200"})  # Vichy and others
    assert 'id="choix"' in by_postcode.text and "code=03310" in by_postcode.text
    chosen = web.client.get("/inscription", params={"code": "03310"})
    assert chosen.status_code == 200 and 'id="ald"' in chosen.text
    suggested = web.client.get("/inscription", params={"commune": "Vichy (03310)"})
    assert 'id="ald"' in suggested.text


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_paris_is_told_it_is_not_covered_with_the_cpam(web: Web, lang: str) -> None:
    page = web.client.get("/inscription", params={"commune": "Paris", "lang": lang})
    assert page.status_code == 200
    assert 'id="hors-couverture"' in page.text and 'id="ald"' not in page.text
    assert 'id="alt-cpam"' in page.text and "ameli.fr" in page.text and "36 46" in page.text
    if lang == "fr":
        assert "Paris n’est pas couverte" in page.text
        assert "CPAM — Paris (75)" in page.text and "conciliateur" in page.text
    suggested = web.client.get("/inscription", params={"commune": "Paris (75056)", "lang": lang})
    assert 'id="hors-couverture"' in suggested.text
    if lang == "de":
        assert "Krankenkasse" in page.text or "CPAM" in page.text


def test_sion_is_sent_to_the_valais_channels(web: Web) -> None:
    choices = web.client.get("/inscription", params={"commune": "Sion"})
    assert 'id="choix"' in choices.text and "code=ch%3A6266" in choices.text
    page = web.client.get("/inscription", params={"code": "ch:6266", "lang": "de"})
    assert page.status_code == 200 and 'id="hors-couverture"' in page.text
    assert "0848 200 300" in page.text and "ameli" not in page.text


def test_an_unknown_commune_is_a_400_naming_it(web: Web) -> None:
    page = web.client.get("/inscription", params={"commune": "Atlantisxyz"})
    assert page.status_code == 400
    assert "Atlantisxyz" in page.text and 'aria-describedby="commune-erreur"' in page.text


# ------------------------------------------------------------------- the form


def test_languages_are_named_in_the_page_language(web: Web) -> None:
    fr = web.client.get("/inscription", params={"commune": "vichy"}).text
    de = web.client.get("/inscription", params={"commune": "vichy", "lang": "de"}).text
    assert '<option value="ar">arabe</option>' in fr
    assert '<option value="ar">Arabisch</option>' in de
    assert '<option value="ber">berbère (tamazight)</option>' in fr
    assert ">am<" not in fr and ">ber<" not in fr


def test_errors_are_summarised_and_each_field_marked(web: Web) -> None:
    before = _patients(web)
    bad = {**PERSON, "birth_date": "31/02/1990", "phone": "08 99 12 34 56", "consent": ""}
    page = web.client.post("/inscription", data=bad)
    assert page.status_code == 400
    text = page.text
    assert 'id="erreurs"' in text
    for field in ("birth_date", "phone", "consent"):
        assert f'href="#{field}"' in text  # the summary links to the field
        assert f'aria-describedby="{field}-erreur"' in text
        assert f'id="{field}-erreur" class="fr-error-text"' in text
    assert text.count("fr-input-group--error") == 2 and "fr-checkbox-group--error" in text
    assert 'href="#last_name"' not in text  # a good field is not marked
    links = re.findall(r'<li><a href="#(\w+)">', text)
    assert links == ["birth_date", "phone", "consent"]  # in the order of the page
    assert "numéro spécial (08…) refusé" in text
    assert "/donnees-personnelles" in text
    assert _patients(web) == before


def test_the_code_is_sent_printable_and_not_in_logs(web: Web) -> None:
    done = web.client.post("/inscription", data=PERSON)
    assert done.status_code == 201, done.text
    found = CODE.search(done.text)
    assert found is not None
    code = found.group(1)
    assert 'id="code-envoye"' in done.text and "data-print" in done.text
    assert "js/print" in done.text
    sent = _outbox(web, "registration.code_sent")
    assert len(sent) == 1 and sent[0].recipient == PERSON["email"] and code in sent[0].body
    assert sent[0].channel == "email"
    sms = web.client.post(
        "/inscription",
        data={**PERSON, "last_name": "Sms", "email": "", "phone": "06 11 22 33 44"},
    )
    assert sms.status_code == 201
    by_sms = [o for o in _outbox(web, "registration.code_sent") if o.channel == "sms"]
    assert len(by_sms) == 1 and by_sms[0].recipient == "+33 6 11 22 33 44"


# ------------------------------------------------------------------- recovery


def _recover(web: Web, **change: str) -> tuple[int, str]:
    data = {
        "last_name": "KERVADEC",
        "first_name": "ondine",
        "birth_date": "14/07/1956",
        "contact": "Ondine.Kervadec@example.org",
        **change,
    }
    r = web.client.post("/inscription/code-perdu", data=data)
    return r.status_code, r.text


def test_a_lost_code_is_sent_again_to_the_registered_contact_only(web: Web) -> None:
    first = CODE.search(web.client.post("/inscription", data=PERSON).text)
    assert first is not None
    status, page = _recover(web)
    assert status == 200 and 'id="reponse"' in page
    resent = _outbox(web, "registration.code_resent")
    assert len(resent) == 1 and resent[0].recipient == PERSON["email"]
    new = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", resent[0].body)
    assert new is not None and new.group(0) != first.group(1)
    assert new.group(0) not in page  # never shown to the requester
    ok = web.client.post(
        "/inscription/suivi", data={"code": new.group(0), "birth_date": "14/07/1956"}
    )
    assert ok.status_code == 200 and 'id="statut"' in ok.text
    old = web.client.post(
        "/inscription/suivi", data={"code": first.group(1), "birth_date": "14/07/1956"}
    )
    assert old.status_code == 404
    with web.factory() as s:
        assert s.scalar(select(AuditRow).where(AuditRow.action == "patient.code_resent"))
    # a wrong contact, a wrong birth date: the same answer, nothing sent
    status2, page2 = _recover(web, contact="autre@example.org")
    status3, page3 = _recover(web, birth_date="15/07/1956")
    assert status2 == status3 == 200
    answer = re.search(r'id="reponse" role="status"><p>(.*?)</p>', page)
    assert answer is not None
    assert answer.group(1) in page2 and answer.group(1) in page3
    assert len(_outbox(web, "registration.code_resent")) == 1


def test_recovery_is_throttled_and_checks_its_fields(web: Web) -> None:
    bad, page = _recover(web, contact="", birth_date="demain")
    assert bad == 400 and 'aria-describedby="contact-erreur"' in page
    codes = [_recover(web)[0] for _ in range(6)]
    assert codes[:4] == [200] * 4 and codes[-1] == 429  # the bad one counted too


# ------------------------------------------------------------------- status page


def test_status_says_what_happens_next_and_the_typical_wait(web: Web) -> None:
    found = CODE.search(web.client.post("/inscription", data=PERSON).text)
    assert found is not None
    form = {"code": found.group(1), "birth_date": "14/07/1956"}
    page = web.client.post("/inscription/suivi", data=form).text
    assert 'id="prochaine-etape"' in page and "par ordre de priorité" in page
    assert 'id="attente"' not in page  # fewer than 11 attachments: no figure
    with transaction(web.factory) as s:  # 11 attachments in t1, 10 to 30 days after
        rows = list(s.scalars(select(PatientRow).where(PatientRow.territory_id == "t1")))
        base = rows[0]
        for i in range(11):
            s.add(
                PatientRow(
                    territory_id="t1",
                    commune_code=base.commune_code,
                    last_name=f"Ancien{i}",
                    first_name="X",
                    registered_at=NOW - timedelta(days=100),
                    attached_at=NOW - timedelta(days=100 - (10 + 2 * i)),
                    priority_level="E",
                    status="attached",
                    consent=True,
                )
            )
    page = web.client.post("/inscription/suivi", data=form).text
    assert 'id="attente"' in page
    assert "environ 20 jours" in page and "11 demandes abouties" in page and "calculé" in page


# ------------------------------------------------------------------- issue 20's findings


def test_the_lookup_limit_does_not_reset_on_a_good_lookup(web: Web) -> None:
    found = CODE.search(web.client.post("/inscription", data=PERSON).text)
    assert found is not None
    good = {"code": found.group(1), "birth_date": "1956-07-14"}
    codes = []
    for i in range(15):
        guess = {"code": f"AAAA-BBBB-CCC{i % 9 + 2}", "birth_date": "1956-07-14"}
        codes.append(web.client.post("/api/v1/inscriptions/suivi", json=guess).status_code)
        codes.append(web.client.post("/api/v1/inscriptions/suivi", json=good).status_code)
    assert 429 in codes
    assert codes.count(404) <= 10  # guesses stop at the limit, good lookups between or not


def test_the_same_person_is_not_registered_twice(web_any: Web) -> None:
    web = web_any
    first = web.client.post("/api/v1/inscriptions", json={**PERSON, "consent": True})
    assert first.status_code == 201
    before = _patients(web)
    again = {**PERSON, "consent": True, "last_name": " kervadec ", "first_name": "ONDINE"}
    for _ in range(3):
        r = web.client.post("/api/v1/inscriptions", json=again)
        assert r.status_code == 409, r.text
        assert "déjà enregistrée" in r.json()["error"]["message"]
        assert "Kervadec" not in r.json()["error"]["message"]
    page = web.client.post("/inscription", data={**PERSON, "first_name": "Ondine "})
    assert page.status_code == 409 and 'id="deja-inscrit"' in page.text
    assert "/inscription/code-perdu" in page.text
    assert _patients(web) == before
    # another commune, or a closed first request: a new request is accepted
    other = web.client.post("/api/v1/inscriptions", json={**again, "commune": "Vichy"})
    assert other.status_code == 201


def test_a_withdrawn_request_does_not_block_a_new_one(web: Web) -> None:
    assert web.client.post("/inscription", data=PERSON).status_code == 201
    with transaction(web.factory) as s:
        s.execute(
            update(PatientRow).where(PatientRow.last_name == "Kervadec").values(status="withdrawn")
        )
    assert web.client.post("/inscription", data=PERSON).status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_cross_site_form_posts_are_refused(web: Web, headers: dict[str, str]) -> None:
    before = _patients(web)
    r = web.client.post("/inscription", data=PERSON, headers=headers)
    assert r.status_code == 403 and "autre site" in r.text
    api = web.client.post("/api/v1/inscriptions", json={**PERSON, "consent": True}, headers=headers)
    assert api.status_code == 403
    lost = web.client.post(
        "/inscription/code-perdu",
        data={"last_name": "a", "first_name": "b", "birth_date": "01/01/1990", "contact": "a@b.fr"},
        headers=headers,
    )
    assert lost.status_code == 403
    assert _patients(web) == before


def test_same_origin_posts_are_accepted(web: Web) -> None:
    r = web.client.post(
        "/inscription",
        data=PERSON,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert r.status_code == 201


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("08 99 12 34 56", False),
        ("0800 12 34 56", False),
        ("+33 8 92 12 34 56", False),
        ("+41 90 123 45 67", False),
        ("0041 84 812 34 56", False),
        ("+41 91 123 45 67", True),  # Ticino's area code, not a service number
        ("06 12 34 56 78", True),
    ],
)
def test_premium_and_service_numbers_are_refused(web: Web, phone: str, ok: bool) -> None:
    r = web.client.post(
        "/api/v1/inscriptions", json={**PERSON, "consent": True, "email": "", "phone": phone}
    )
    assert r.status_code == (201 if ok else 400), r.text
    if not ok:
        assert "numéro spécial" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "email",
    ['a"b<c>@evil.org', "<a>@evil.org", "a b@evil.org", "a(b)@evil.org", "a,b@evil.org",
     "Name <a@evil.org>", "a@evil", "a..b@evil.org", "a;b@evil.org"],
)  # fmt: skip
def test_e_mail_addresses_an_envelope_would_rewrite_are_refused(web: Web, email: str) -> None:
    r = web.client.post("/api/v1/inscriptions", json={**PERSON, "consent": True, "email": email})
    assert r.status_code == 400, r.text
    assert "courriel" in r.json()["error"]["message"]
