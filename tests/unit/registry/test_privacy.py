"""Patients' rights, the values: corrections and the controller's settings checked whole, the
country that decides the law, the notice's texts by country, the retention cut-off."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from proxisante.i18n import use_lang
from proxisante.registry.notice import notice_sections
from proxisante.registry.privacy import (
    Controller,
    Correction,
    PrivacyError,
    check_controller,
    check_correction,
    months_before,
    territory_country,
)

COMMUNES = frozenset({"03310", "03095"})
TODAY = date(2026, 6, 1)


def test_a_correction_is_normalised_and_only_its_fields_are_kept() -> None:
    out = check_correction(
        Correction(last_name="  Martin ", phone="06.12.34.56.78", email="", ald=True),
        COMMUNES,
        TODAY,
    )
    assert out == {"last_name": "Martin", "phone": "06.12.34.56.78", "email": None, "ald": True}


def test_every_problem_of_a_correction_is_named_at_once() -> None:
    bad = Correction(
        first_name="A\x00b",
        birth_date=date(1890, 1, 1),
        phone="12",
        email='a"b<c>@evil.org',
        commune_code="75056",
        precarity="rich",
    )
    with pytest.raises(PrivacyError) as err:
        check_correction(bad, COMMUNES, TODAY)
    text = str(err.value)
    assert text.startswith("Correction refusée, rien n'a été modifié")
    for field in ("first_name", "birth_date", "phone", "email", "commune_code", "precarity"):
        assert f"{field} :" in text, field
    assert "'75056'" in text and "03095" in text  # names the input and gives an example
    assert err.value.exit_code == 2 and err.value.http_status == 400


def test_an_empty_correction_is_refused() -> None:
    with pytest.raises(PrivacyError, match="aucun champ"):
        check_correction(Correction(), COMMUNES, TODAY)


def test_controller_settings_are_checked_whole() -> None:
    ok = check_controller(Controller("t", " CPTS du Bassin ", email=" dpo@example.org "))
    assert (ok.structure, ok.email) == ("CPTS du Bassin", "dpo@example.org")
    with pytest.raises(PrivacyError) as err:
        check_controller(Controller("t", "", email="nope", phone="1", retention_months=0))
    for field in ("structure", "email", "phone", "retention_months"):
        assert field in str(err.value)


@pytest.mark.parametrize(
    ("codes", "country"),
    [({"03310"}, "fr"), ({"ch:6266"}, "ch"), ({"ch:6266", "74001"}, "fr"), (set(), "fr")],
)
def test_the_country_is_read_from_the_communes(codes: set[str], country: str) -> None:
    assert territory_country(codes) == country


def test_the_notice_names_the_authority_of_the_territory_s_country() -> None:
    c = Controller("t", "CPTS test", email="droits@example.org", retention_months=6)
    with use_lang("fr"):
        fr = {s.key: " ".join(s.paragraphs) for s in notice_sections(c, "fr")}
        ch = {s.key: " ".join(s.paragraphs) for s in notice_sections(c, "ch")}
    assert "CNIL" in fr["complaint"] and "Valais" not in fr["complaint"]
    assert "Valais" in ch["complaint"] and "CNIL" not in ch["complaint"]
    assert "6.1.e" in fr["legal_basis"] and "LPD" in ch["legal_basis"]
    assert "6 mois" in fr["retention"]
    assert "droits@example.org" in fr["rights"]
    with use_lang("de"):
        de = {s.key: s.title for s in notice_sections(c, "fr")}
    assert de["rights"] != "Vos droits"  # translated


def test_the_retention_cutoff_is_calendar_months_earlier() -> None:
    assert months_before(datetime(2027, 1, 15, 8), 12) == datetime(2026, 1, 15, 8)
    assert months_before(datetime(2026, 5, 31), 3) == datetime(2026, 2, 28)
