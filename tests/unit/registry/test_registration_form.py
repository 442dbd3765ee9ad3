"""The shared registration form definition, the contact checks and the identity key of the
de-duplication, on hand-made inputs."""

from __future__ import annotations

import smtplib

import pytest

from proxisante.i18n import use_lang
from proxisante.registry.contact import LANGUAGES, check_email, normalise_phone
from proxisante.registry.coverage import alternatives
from proxisante.registry.form import language_name, language_options
from proxisante.registry.selfreg import identity_key


def test_every_language_has_a_name_in_each_page_language() -> None:
    for lang in ("fr", "de", "en"):
        with use_lang(lang):
            options = language_options()
        assert {c for c, _n in options} == LANGUAGES - {"fr"}
        assert all(name != code for code, name in options), lang
        names = [n.casefold() for _c, n in options]
        assert names == sorted(names)
    with use_lang("de"):
        assert language_name("pt") == "Portugiesisch"


@pytest.mark.parametrize(
    "email", ["jeanne.martin@example.org", "a+tag@sub.example.co.uk", "o'neil@example.ie"]
)
def test_plain_addresses_are_the_envelope_as_typed(email: str) -> None:
    assert check_email(f"  {email} ") == email
    assert smtplib.quoteaddr(email) == f"<{email}>"


@pytest.mark.parametrize(
    "email",
    ['a"b<c>@evil.org', "a@evil", "a b@x.org", ".a@x.org", "a.@x.org", "a@-x.org", "a@x..org",
     "x" * 65 + "@x.org", "a@x.org>", "a\x00@x.org"],
)  # fmt: skip
def test_addresses_smtplib_would_rewrite_are_refused(email: str) -> None:
    with pytest.raises(ValueError, match="adresse invalide"):
        check_email(email)


@pytest.mark.parametrize(
    "phone", ["08 99 12 34 56", "0810 00 00 00", "+33 8 00 00 00 00", "+41 900 12 34 56",
              "+41 800 12 34 56", "+41 848 200 300"],
)  # fmt: skip
def test_service_and_premium_numbers_are_refused(phone: str) -> None:
    with pytest.raises(ValueError, match="numéro spécial"):
        normalise_phone(phone)


def test_identity_key_ignores_case_accents_hyphens_and_spaces() -> None:
    assert identity_key("  DUPONT-MARTIN ", "Jean  Pierre") == identity_key(
        "dupont martin", "jean-pierre"
    )
    assert identity_key("Élodie", "Zoé") == identity_key("ELODIE", "zoe")
    assert identity_key("Dupont", "Jean") != identity_key("Dupond", "Jean")


def test_alternatives_by_country() -> None:
    fr = [a.key for a in alternatives("FR")]
    assert fr[0] == "cpam" and "116117" in fr
    assert {a.number for a in alternatives("CH", "VS")} == {"144", "0848 200 300"}
    assert "society" in [a.key for a in alternatives("CH", "GE")]
