"""The diagnosis' inputs from the installation: contacts file checks, scope filtering."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxisante.diagnosis.context import Scope
from proxisante.errors import UserError
from proxisante.reports.inputs import CONTACTS_FILE, read_contacts, territory_inputs

SCOPE = Scope("200071470", "CC Entr'Allier Besbre et Loire", "epci", ("03102",), "FR")


def test_missing_file_or_column_is_a_user_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"--contacts .*introuvable"):
        read_contacts(tmp_path / "none.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("territory,role,name\n", encoding="utf-8")
    with pytest.raises(
        UserError, match="colonne\\(s\\) manquante\\(s\\) organisation, email, phone"
    ):
        read_contacts(bad)


def test_the_installations_contacts_of_the_territory_and_of_every_territory(
    tmp_path: Path,
) -> None:
    assert territory_inputs(tmp_path, SCOPE, "fr").contacts == ()
    (tmp_path / CONTACTS_FILE).write_text(
        "territory,role,name,organisation,email,phone\n"
        "200071470,a,Un,o,,\n*,b,Tous,o,,\n200071363,c,Autre,o,,\n",
        encoding="utf-8",
    )
    own = territory_inputs(tmp_path, SCOPE, "fr")
    assert [c.name for c in own.contacts] == ["Un", "Tous"]
    assert own.initiatives is None  # no database: no project list
    assert territory_inputs(tmp_path, SCOPE, "fr", projects=[]).initiatives == ()
    given = territory_inputs(tmp_path, SCOPE, "fr", contacts=[])  # --contacts wins
    assert given.contacts == () and given.key() != own.key()
