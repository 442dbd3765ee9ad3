"""A doctor's rota on the web: shifts, swaps re-checked against the hard rules, fairness shown
before and after, unavailability, and the calendar feed of both doctors after a swap."""

from __future__ import annotations

from proxisante.rota.export import read_ics_events, shift_ids_of
from tests.integration.rota.conftest import Env, night
from tests.integration.rota.ics_strict import check_rfc5545


def test_doctor_sees_own_shifts(env: Env) -> None:
    env.reset()
    body = env.call("pro", "GET", f"/api/v1/rota/{env.rota_id}/me").json()
    assert body["me"] == "D1"
    assert [g["id"] for g in body["shifts"]] == [night(1), night(3), night(6)]


def test_swap_breaking_rest_rule_is_refused_with_rule_named(env: Env) -> None:
    env.reset()
    before = env.holders()
    # D2 holds the 2nd and the 4th: taking the 3rd leaves no 24 h rest after a night.
    r = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/swaps",
        {"shift_id": night(3), "to_doctor": "D2"},
    )
    assert r.status_code == 409, r.text
    msg = r.json()["error"]["message"]
    assert "Échange refusé" in msg and "[repos]" in msg and "Dr Fictif B" in msg
    # shifts by their date, the sector by its name: no code, no ISO date
    assert "2 mai 2027, nuit 20:00 – 08:00 puis 3 mai 2027" in msg and "secteur Vichy" in msg
    assert "2027-05" not in msg
    assert env.holders() == before
    assert env.call("pro", "GET", f"/api/v1/rota/{env.rota_id}/swaps").json() == []


def test_unknown_shift_is_404_and_nothing_stored(env: Env) -> None:
    env.reset()
    r = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/swaps",
        {"shift_id": "S1/2027-06-01/nuit", "to_doctor": "D2"},
    )
    assert r.status_code == 404
    assert "garde S1/2027-06-01/nuit introuvable" in r.json()["error"]["message"]
    assert env.call("coord", "GET", f"/api/v1/rota/{env.rota_id}/swaps").json() == []


def _feed(env: Env, who: str) -> bytes:
    url = env.call(who, "POST", f"/api/v1/rota/{env.rota_id}/feed").json()["url"]
    r = env.client.get(url.replace("http://testserver", ""))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    return r.content


def test_accepted_swap_moves_shift_in_both_feeds_and_fairness(env: Env) -> None:
    env.reset()
    r = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/swaps",
        {"shift_id": night(1), "to_doctor": "D2", "in_return": night(4)},
    )
    assert r.status_code == 409  # D2 would take 1 and 2 in a row: refused
    r = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/swaps",
        {"shift_id": night(6), "to_doctor": "D2"},
    )
    assert r.status_code == 201, r.text
    proposed = r.json()
    # loads (weight 2 a night): D1 6, D2 4, D3 2 → after: D1 4, D2 6, D3 2
    assert proposed["fairness_before"]["loads"] == {"D1": 6.0, "D2": 4.0, "D3": 2.0}
    assert proposed["fairness_after"]["loads"] == {"D1": 4.0, "D2": 6.0, "D3": 2.0}
    swap_id = proposed["swap"]["id"]
    # not yet accepted: nothing moved; D1 cannot accept their own proposal
    assert env.holders()[night(6)] == "D1"
    accept = f"/api/v1/rota/{env.rota_id}/swaps/{swap_id}/accept"
    assert env.call("pro", "POST", accept).status_code == 403
    r = env.call("pro2", "POST", f"/api/v1/rota/{env.rota_id}/swaps/{swap_id}/accept")
    assert r.status_code == 200, r.text
    assert r.json()["swap"]["status"] == "accepted"
    assert env.holders()[night(6)] == "D2"
    d1, d2 = _feed(env, "pro"), _feed(env, "pro2")
    for data in (d1, d2):
        assert check_rfc5545(data) == []
    assert shift_ids_of(read_ics_events(d1)) == [night(1), night(3)]
    assert shift_ids_of(read_ics_events(d2)) == [night(2), night(4), night(6)]
    again = env.call("pro2", "POST", f"/api/v1/rota/{env.rota_id}/swaps/{swap_id}/accept")
    assert again.status_code == 409
    actions = [a.action for a in env.audit()]
    assert "rota.swap.propose" in actions and "rota.swap.accept" in actions
    assert all("Fictif" not in (a.detail or "") for a in env.audit())


def test_accept_rechecks_rules_on_rota_of_now(env: Env) -> None:
    env.reset()
    ok = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/swaps",
        {"shift_id": night(6), "to_doctor": "D2"},
    )
    swap_id = ok.json()["swap"]["id"]
    # D2 declares the 6th unavailable before accepting: the acceptance is refused
    r = env.call(
        "pro2",
        "POST",
        f"/api/v1/rota/{env.rota_id}/unavailability",
        {"start": "2027-05-06", "end": "2027-05-07"},
    )
    assert r.status_code == 201 and r.json() == {"shifts_to_swap": []}
    r = env.call("pro2", "POST", f"/api/v1/rota/{env.rota_id}/swaps/{swap_id}/accept")
    assert r.status_code == 409 and "[éligibilité]" in r.json()["error"]["message"]
    assert env.holders()[night(6)] == "D1"


def test_unavailability_lists_held_shifts(env: Env) -> None:
    env.reset()
    r = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/unavailability",
        {"start": "2027-05-03", "end": "2027-05-03"},
    )
    assert r.json() == {"shifts_to_swap": [night(3)]}
    bad = env.call(
        "pro",
        "POST",
        f"/api/v1/rota/{env.rota_id}/unavailability",
        {"start": "2027-05-09", "end": "2027-05-03"},
    )
    assert bad.status_code == 400 and "précède" in bad.json()["error"]["message"]


def test_feed_token_is_revocable_and_renewal_kills_old(env: Env) -> None:
    env.reset()
    url = env.call("pro", "POST", f"/api/v1/rota/{env.rota_id}/feed").json()["url"]
    path = url.replace("http://testserver", "")
    assert env.client.get(path).status_code == 200
    url2 = env.call("pro", "POST", f"/api/v1/rota/{env.rota_id}/feed").json()["url"]
    assert env.client.get(path).status_code == 404
    path2 = url2.replace("http://testserver", "")
    assert env.call("pro", "DELETE", f"/api/v1/rota/{env.rota_id}/feed").status_code == 204
    assert env.client.get(path2).status_code == 404


def test_publish_checks_hard_rules_and_solves(env: Env) -> None:
    from tests.integration.rota.conftest import DESCRIPTION

    env.reset()
    bad = [{"shift_id": night(d), "doctor_id": "D1"} for d in range(1, 7)]
    r = env.call(
        "coord",
        "POST",
        "/api/v1/rota/territories/t1",
        {"description": DESCRIPTION, "assignments": bad},
    )
    assert r.status_code == 422 and "[repos]" in r.json()["error"]["message"]
    assert len(env.call("coord", "GET", "/api/v1/rota").json()) == 1
    r = env.call(
        "coord",
        "POST",
        "/api/v1/rota/territories/t1",
        {
            "description": DESCRIPTION,
            "doctors": {"D3": env.professionals["pro"]},
            "time_limit_s": 20,
        },
    )
    assert r.status_code == 201, r.text
    assert len(r.json()["shifts"]) == 6 and all(g["doctor_id"] for g in r.json()["shifts"])
    assert (
        env.call(
            "coord2", "POST", "/api/v1/rota/territories/t1", {"description": DESCRIPTION}
        ).status_code
        == 404
    )


def test_page_shows_shifts_and_swap_form(env: Env) -> None:
    env.reset()
    r = env.client.get(f"/gardes/{env.rota_id}", headers=env.headers("pro"))
    assert r.status_code == 200 and "Proposer un échange ou un don de garde" in r.text
    # my shifts by date (value: the shift's code), colleagues by name, my name in the lead
    assert f'<option value="{night(3)}">lundi 3 mai 2027, nuit 20:00 – 08:00</option>' in r.text
    assert '<option value="D2">Dr Fictif B</option>' in r.text
    assert "votre nom au tableau : Dr Fictif A" in r.text
    assert "2027-05-03" not in r.text.replace(night(3), "")  # no ISO date shown


def test_page_forms_propose_and_refuse_with_csrf(env: Env) -> None:
    import re

    env.reset()
    page = env.client.get(f"/gardes/{env.rota_id}", headers=env.headers("pro")).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = {"csrf": csrf.group(1), "shift_id": night(3), "to_doctor": "D2"}
    url = f"/gardes/{env.rota_id}/echanges"
    r = env.client.post(url, data=form, headers=env.headers("pro"))
    assert r.status_code == 409 and "[repos]" in r.text
    r = env.client.post(url, data={**form, "shift_id": night(6)}, headers=env.headers("pro"))
    assert r.status_code == 200 and "Proposition envoyée à Dr Fictif B" in r.text
    assert "4 avant, 4 après" in r.text
    r = env.client.post(url, data={**form, "csrf": "x"}, headers=env.headers("pro"))
    assert r.status_code == 403
    assert len(env.call("coord", "GET", f"/api/v1/rota/{env.rota_id}/swaps").json()) == 1
