"""The rota in the browser, on SQLite and PostgreSQL: a doctor picks a shift and a colleague by
name, sees the fairness effect (a warning to confirm when the sector's spread jumps), the
colleague is told (page notice, navigation badge, e-mail in the outbox) and accepts from the
notification; a coordinator publishes from a YAML upload and from a form. Every bad input
(a shift not yours, a colleague of another sector, dates in the past or in 9999, a malformed
upload, a month or sector not in the rota) is a 4xx page with a French message naming it,
and nothing is stored.

The rota here has two sectors: Vichy (nights 1–8 May 2027, D1 = ``pro`` on the 3rd and 6th,
D2 = ``pro2`` on the 1st, 4th and 7th, D3 on the 2nd, 5th and 8th; 12 h of rest after a night,
so back-to-back nights are allowed) and Moulins (days of weekends and holidays, D4 and D5).
FICTITIOUS.
"""

from __future__ import annotations

import html
import logging
import re

import pytest
from sqlalchemy import func, select

from proxisante.actor import Actor
from proxisante.rota.model import Assignment
from proxisante.rota.service import RotaService
from proxisante.store.db import transaction
from proxisante.store.notify.models import OutboxRow
from proxisante.store.rota import (
    RotaRow,
    RotaSwapRow,
    RotaUnavailabilityRow,
    SqlRotaAudit,
    SqlRotaRepository,
)
from tests.integration.rota.conftest import NOW, Env

TWO_SECTORS = """\
# FICTITIOUS doctors; real communes of the Allier.
period: {start: 2027-05-01, end: 2027-05-08}
country: FR
bridge_days: false
rules: {min_gap_hours: 12, rest_after_night_hours: 12}
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
  - {code: jour, label: Jour, start: "08:00", end: "20:00", weight: 1.5,
     days: [saturday, sunday, holiday]}
sectors:
  - {code: S1, name: Vichy, communes: ["03310", "03095"], shift_types: [nuit]}
  - {code: S2, name: Moulins, communes: ["03190"], shift_types: [jour]}
doctors:
  - {id: D1, name: Dr Fictif Alpha, sector: S1, email: alpha.fictif@example.org}
  - {id: D2, name: Dr Fictif Bravo, sector: S1, email: bravo.fictif@example.org}
  - {id: D3, name: Dr Fictif Charlie, sector: S1}
  - {id: D4, name: Dr Fictif Delta, sector: S2}
  - {id: D5, name: Dr Fictif Echo, sector: S2}
"""


def n(day: int) -> str:
    return f"S1/2027-05-{day:02d}/nuit"


ASSIGNED = [Assignment(n(d), "D1") for d in (3, 6)]
ASSIGNED += [Assignment(n(d), "D2") for d in (1, 4, 7)]
ASSIGNED += [Assignment(n(d), "D3") for d in (2, 5, 8)]
ASSIGNED += [
    Assignment(f"S2/2027-05-0{d}/jour", w) for d, w in ((1, "D4"), (2, "D5"), (6, "D4"), (8, "D5"))
]


def publish(env: Env) -> int:
    env.reset()
    with transaction(env.factory) as s:
        service = RotaService(SqlRotaRepository(s), SqlRotaAudit(s), lambda: NOW)
        return service.publish(
            Actor.operator("t1"),
            "t1",
            TWO_SECTORS,
            assignments=ASSIGNED,
            doctors={"D1": env.professionals["pro"], "D2": env.professionals["pro2"]},
            label="mai 2027",
        )


def csrf(env: Env, who: str) -> str:
    page = env.client.get("/gardes", headers=env.headers(who)).text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


class Page:
    """A page's answer: its status and its text as a reader sees it (entities decoded)."""

    def __init__(self, status_code: int, text: str) -> None:
        self.status_code, self.text = status_code, text


def post(env: Env, who: str, path: str, data: dict[str, str]) -> Page:
    r = env.client.post(path, data={**data, "csrf": csrf(env, who)}, headers=env.headers(who))
    return Page(r.status_code, html.unescape(r.text))


def get(env: Env, who: str, path: str) -> Page:
    r = env.client.get(path, headers=env.headers(who))
    return Page(r.status_code, html.unescape(r.text))


def counts(env: Env) -> tuple[int, int, int, int]:
    """Rotas, swaps, unavailabilities, rota e-mails: what a refused input must leave as it was."""
    with env.factory() as s:
        return (
            int(s.scalar(select(func.count()).select_from(RotaRow)) or 0),
            int(s.scalar(select(func.count()).select_from(RotaSwapRow)) or 0),
            int(s.scalar(select(func.count()).select_from(RotaUnavailabilityRow)) or 0),
            int(
                s.scalar(
                    select(func.count())
                    .select_from(OutboxRow)
                    .where(OutboxRow.event.like("rota.%"))
                )
                or 0
            ),
        )


def outbox(env: Env) -> list[OutboxRow]:
    with env.factory() as s:
        q = select(OutboxRow).where(OutboxRow.event.like("rota.%")).order_by(OutboxRow.id)
        return list(s.scalars(q))


def test_page_is_one_sector_one_month_by_name(env: Env) -> None:
    rota = publish(env)
    page = get(env, "pro", f"/gardes/{rota}").text
    # my sector by default, the rota's first month (today, 20 April, is before it)
    assert "mai 2027 — secteur Vichy" in page
    calendar = page.split('data-testid="calendar"', 1)[1].split("</table>", 1)[0]
    assert calendar.count("<td") <= 6 * 7  # one month: six weeks at most
    assert "Dr Fictif Delta" not in page  # the other sector's doctors are not on this page
    # colleagues by name, my shifts by date; no ISO date shown outside codes and form values
    assert '<option value="D2">Dr Fictif Bravo</option>' in page
    assert '<option value="D4">' not in page  # a colleague of another sector is not offered
    assert f'<option value="{n(3)}">lundi 3 mai 2027, nuit 20:00 – 08:00</option>' in page
    shown = re.sub(r'\s[a-z-]+="[^"]*"', "", page)  # the text, not the attributes
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", shown) is None
    other = get(env, "pro", f"/gardes/{rota}?secteur=S2").text
    assert "mai 2027 — secteur Moulins" in other and "Dr Fictif Delta" in other
    headers = {**env.headers("pro"), "Accept-Language": "de-CH"}  # no ?lang: no cookie left
    de = html.unescape(env.client.get(f"/gardes/{rota}", headers=headers).text)
    assert "Mai 2027 — Sektor Vichy" in de and "Montag, 3. Mai 2027, Nacht 20:00 – 08:00" in de


@pytest.mark.parametrize(
    ("query", "named"),
    [("mois=2030-01", "Paramètre mois"), ("mois=mai", "Paramètre mois"), ("secteur=ZZ", "secteur")],
)
def test_month_or_sector_not_in_rota_is_400_naming_it(env: Env, query: str, named: str) -> None:
    rota = publish(env)
    r = get(env, "pro", f"/gardes/{rota}?{query}")
    assert r.status_code == 400 and named in r.text


def test_give_away_warns_then_exchange_is_sent_and_accepted_from_notification(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    rota = publish(env)
    before = counts(env)
    # a give-away of my night of the 3rd to Dr Fictif Bravo: the spread goes from 2 to 6
    form = {"shift_id": n(3), "to_doctor": "D2", "in_return": ""}
    r = post(env, "pro", f"/gardes/{rota}/echanges/apercu", form)
    assert r.status_code == 200
    text = r.text
    assert 'data-testid="fairness-warning"' in text
    assert "passerait de 2 à 6, au-delà du seuil d'alerte de 2" in text
    assert "Dr Fictif Alpha donne sa garde du lundi 3 mai 2027" in text
    assert counts(env) == before  # a preview stores nothing
    # sent without confirming: refused, naming the spreads; nothing stored
    r = post(env, "pro", f"/gardes/{rota}/echanges", form)
    assert r.status_code == 409 and "Échange non envoyé" in r.text
    assert counts(env) == before
    # an exchange (his night of the 4th back): the spread stays 2, no warning
    form = {"shift_id": n(3), "to_doctor": "D2", "in_return": n(4)}
    r = post(env, "pro", f"/gardes/{rota}/echanges/apercu", form)
    assert "fairness-warning" not in r.text and "2 avant, 2 après" in r.text
    caplog.set_level(logging.DEBUG)
    r = post(env, "pro", f"/gardes/{rota}/echanges", form)
    assert r.status_code == 200 and "Proposition envoyée à Dr Fictif Bravo" in r.text
    [mail] = outbox(env)
    assert mail.recipient == "bravo.fictif@example.org" and mail.event == "rota.swap.proposed"
    swap_id = env.client.get(f"/api/v1/rota/{rota}/swaps", headers=env.headers("pro")).json()[0][
        "id"
    ]
    assert f"/gardes/{rota}/echanges/{swap_id}" in mail.body
    assert "Dr Fictif Alpha vous propose un échange" in mail.body
    # the colleague's next visit: a notice on their page and a badge in the navigation
    home = get(env, "pro2", "/professionnel").text
    assert "1 échange de garde attend votre réponse" in home
    assert 'data-testid="nav-badge">1 échange à traiter' in home
    assert f'href="/gardes/{rota}/echanges/{swap_id}"' in home
    page = get(env, "pro2", f"/gardes/{rota}/echanges/{swap_id}").text
    assert "Accepter l'échange" in page and "2 avant, 2 après" in page
    r = post(env, "pro2", f"/gardes/{rota}/echanges/{swap_id}/accepter", {})
    assert r.status_code == 200 and "Échange accepté" in r.text
    holders = _holders(env, rota)
    assert holders[n(3)] == "D2" and holders[n(4)] == "D1"
    assert [m.event for m in outbox(env)] == ["rota.swap.proposed", "rota.swap.accepted"]
    assert outbox(env)[1].recipient == "alpha.fictif@example.org"
    home = get(env, "pro2", "/professionnel").text
    assert "attend votre réponse" not in home and "nav-badge" not in home
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for personal in ("fictif@example.org", "Dr Fictif", "Alpha", "Bravo"):
        assert personal not in logged


def _holders(env: Env, rota: int) -> dict[str, str]:
    body = env.call("coord", "GET", f"/api/v1/rota/{rota}").json()
    return {g["id"]: g["doctor_id"] for g in body["shifts"]}


def test_confirmed_give_away_is_sent(env: Env) -> None:
    rota = publish(env)
    form = {"shift_id": n(3), "to_doctor": "D2", "in_return": "", "confirm": "1"}
    r = post(env, "pro", f"/gardes/{rota}/echanges", form)
    assert r.status_code == 200 and "2 avant, 6 après" in r.text
    api = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{rota}/swaps/preview",
        {"shift_id": n(6), "to_doctor": "D2"},
    )
    assert api.status_code == 200 and api.json()["needs_confirmation"] is True


def test_shift_not_mine_is_409_naming_it_nothing_stored(env: Env) -> None:
    rota = publish(env)
    before = counts(env)
    form = {"shift_id": n(4), "to_doctor": "D3", "in_return": ""}  # the 4th is Dr Fictif Bravo's
    for path in ("echanges/apercu", "echanges"):
        r = post(env, "pro", f"/gardes/{rota}/{path}", form)
        assert r.status_code == 409
        assert "la garde du mardi 4 mai 2027, nuit 20:00 – 08:00 n'est pas la vôtre" in r.text
        assert "elle est tenue par Dr Fictif Bravo" in r.text
    api = env.call(
        "pro", "POST", f"/api/v1/rota/{rota}/swaps", {"shift_id": n(4), "to_doctor": "D3"}
    )
    assert api.status_code == 409 and "n'est pas la vôtre" in api.json()["error"]["message"]
    assert counts(env) == before


def test_colleague_of_another_sector_is_409_naming_both_nothing_stored(env: Env) -> None:
    rota = publish(env)
    before = counts(env)
    form = {"shift_id": n(3), "to_doctor": "D4", "in_return": ""}
    r = post(env, "pro", f"/gardes/{rota}/echanges/apercu", form)
    assert r.status_code == 409
    assert (
        "Dr Fictif Delta est du secteur Moulins, pas du secteur Vichy de la garde du lundi 3 mai "
        "2027" in r.text
    )
    api = env.call(
        "pro", "POST", f"/api/v1/rota/{rota}/swaps", {"shift_id": n(3), "to_doctor": "D4"}
    )
    assert api.status_code == 409 and "est du secteur Moulins" in api.json()["error"]["message"]
    assert counts(env) == before


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2027-04-01", "2027-04-02", "le début (1 avril 2027) est passé"),
        ("9999-01-01", "9999-01-02", "les dates doivent tomber dans la période du tableau"),
        ("2027-05-02", "9999-12-31", "les dates doivent tomber dans la période du tableau"),
        ("2027-05-05", "2027-05-02", "la fin (2 mai 2027) précède le début (5 mai 2027)"),
        ("", "2027-05-02", "champ « Du » : date attendue"),
    ],
)
def test_unavailability_out_of_range_is_400_nothing_stored(
    env: Env, start: str, end: str, said: str
) -> None:
    rota = publish(env)
    before = counts(env)
    r = post(env, "pro", f"/gardes/{rota}/indisponibilite", {"start": start, "end": end})
    assert r.status_code == 400 and said in r.text
    assert "indisponibilité" in r.text
    if start:
        api = env.call(
            "pro", "POST", f"/api/v1/rota/{rota}/unavailability", {"start": start, "end": end}
        )
        assert api.status_code == 400 and said in api.json()["error"]["message"]
    assert counts(env) == before


def test_unavailability_by_date_lists_shifts_to_swap_by_date(env: Env) -> None:
    rota = publish(env)
    r = post(
        env, "pro", f"/gardes/{rota}/indisponibilite", {"start": "2027-05-06", "end": "2027-05-06"}
    )
    assert r.status_code == 200
    assert "Vous avez 1 garde à échanger ces jours-là : jeudi 6 mai 2027, nuit" in r.text


MALFORMED = [
    (b"period: [2027-05-01\n", "fichier.yaml"),
    (TWO_SECTORS.replace('start: "20:00"', "start: 20:00").encode(), "heure entre guillemets"),
    (b"\xff\xfe not utf-8", "UTF-8"),
    (b"", "aucun fichier"),
]


@pytest.mark.parametrize(("content", "said"), MALFORMED)
def test_malformed_upload_is_400_naming_it_nothing_stored(
    env: Env, content: bytes, said: str
) -> None:
    publish(env)
    before = counts(env)
    r = env.client.post(
        "/gardes/publier/fichier",
        data={"csrf": csrf(env, "coord"), "label": ""},
        files={"file": ("fichier.yaml", content, "application/x-yaml")},
        headers=env.headers("coord"),
    )
    assert r.status_code == 400 and said in html.unescape(r.text)
    assert "Publier un tableau de garde" in r.text  # the same page, the form again
    assert counts(env) == before


def test_coordinator_publishes_from_upload_and_from_form(env: Env) -> None:
    publish(env)
    r = env.client.post(
        "/gardes/publier/fichier",
        data={"csrf": csrf(env, "coord"), "label": "printemps"},
        files={"file": ("rota.yaml", TWO_SECTORS.encode(), "application/x-yaml")},
        headers=env.headers("coord"),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    new = int(r.headers["location"].split("/")[2].split("?")[0])
    assert len(env.call("coord", "GET", f"/api/v1/rota/{new}").json()["shifts"]) == 12
    form = {
        "label": "",
        "start": "2027-05-03",
        "end": "2027-05-09",
        "sector_name": "Vichy – Cusset",
        "communes": ["03310", "03095"],
        "doctors": [str(env.professionals["pro"]), str(env.professionals["pro2"])],
        "kinds": ["nuit"],
        "country": "FR",
        "csrf": csrf(env, "coord"),
    }
    r = env.client.post(
        "/gardes/publier/formulaire",
        data=form,
        headers=env.headers("coord"),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    made = int(r.headers["location"].split("/")[2].split("?")[0])
    me = env.call("pro", "GET", f"/api/v1/rota/{made}/me").json()
    assert me["me"] == "D1" and [d["name"] for d in me["doctors"]] == ["Dr pro", "Dr pro2"]
    assert len(me["shifts"]) >= 3  # seven nights between two doctors
    before = counts(env)
    bad = {**form, "doctors": [str(env.professionals["pro"])], "csrf": csrf(env, "coord")}
    r = env.client.post("/gardes/publier/formulaire", data=bad, headers=env.headers("coord"))
    assert r.status_code == 400 and "cochez au moins deux médecins" in html.unescape(r.text)
    assert counts(env) == before
    assert env.client.get("/gardes/publier", headers=env.headers("pro")).status_code == 403
