"""`proxisante registry import patients|capacities`: validated whole, nothing stored on error;
`--demo`; a database without tables; an unknown territory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.registry.models import CapacityRow, PatientRow, ProfessionalRow
from tests.conftest import REPO, CliResult

HEADER = "last_name,first_name,birth_date,commune,consent,phone,language,precarity\n"


def _count(home: Path, table: type) -> int:
    engine = make_engine(f"sqlite:///{home / 'proxisante.db'}")
    try:
        with make_session_factory(engine)() as s:
            return int(s.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        engine.dispose()


@pytest.fixture
def territory(cli: Callable[..., CliResult]) -> str:
    assert cli("db", "upgrade").code == 0
    done = cli("registry", "add-territory", "--id", "cpts-t", "--name", "T", "--area", "03310")
    assert done.code == 0, done.err
    return "cpts-t"


def test_every_bad_line_is_listed_and_nothing_is_stored(
    cli: Callable[..., CliResult], territory: str, tmp_path: Path, home: Path
) -> None:
    f = tmp_path / "p.csv"
    f.write_text(
        HEADER
        + "Fictif,Anne,1950-01-01,03310,oui,,,none\n"
        + "Fictif,Bob,1950-13-01,03310,oui,,,none\n"
        + "Fictif,Carl,1950-01-01,99999,oui,,,none\n"
        + "Fictif,Dora,1950-01-01,03310,non,,,none\n"
        + "Fictif,Eve,1950-01-01,03310,oui,12,xx,riche\n"
        + "fictif,anne,1950-01-01,03310,oui,,,none\n",
        encoding="utf-8",
    )
    done = cli("registry", "import", "patients", str(f), "--territory", territory)
    assert done.code == 2
    err = done.err
    assert "rien n'a été importé" in err
    assert "ligne 3 : birth_date : '1950-13-01' ; attendu une date AAAA-MM-JJ" in err
    assert "ligne 4 : commune : '99999' n'est pas une commune du territoire 'cpts-t'" in err
    assert "ligne 5 : consent : le consentement du patient est requis" in err
    assert "ligne 6 : phone : numéro de téléphone invalide" in err
    assert "ligne 6 : language : langue inconnue 'xx'" in err
    assert "ligne 6 : precarity : 'riche' ; attendu une valeur parmi none, c2s, ame" in err
    assert (
        "ligne 7 : last_name : même patient (nom, prénom, date de naissance) qu'à la ligne 2" in err
    )
    assert "Traceback" not in err
    assert _count(home, PatientRow) == 0


def test_patients_import_then_again_skips_those_listed(
    cli: Callable[..., CliResult], territory: str, tmp_path: Path, home: Path
) -> None:
    f = tmp_path / "p.csv"
    f.write_text(
        "last_name;first_name;birth_date;commune;consent;ald\n"
        "Fictif;Anne;1950-01-01;03310;oui;oui\nFictif;Bob;1990-02-03;03310;1;\n",
        encoding="utf-8",
    )
    done = cli("registry", "import", "patients", str(f), "--territory", territory, "--json")
    assert done.code == 0, done.err
    assert done.json()["created"] == 2 and done.json()["skipped"] == 0
    again = cli("registry", "import", "patients", str(f), "--territory", territory, "--json")
    assert again.json()["created"] == 0 and again.json()["skipped"] == 2
    assert _count(home, PatientRow) == 2


def test_capacities_by_name_then_by_id_and_bad_ones(
    cli: Callable[..., CliResult], territory: str, tmp_path: Path, home: Path
) -> None:
    f = tmp_path / "c.csv"
    f.write_text("name,commune,places,languages\nDr Fictif,03310,3,fr ar\n", encoding="utf-8")
    done = cli("registry", "import", "capacities", str(f), "--territory", territory, "--json")
    assert done.code == 0, done.err
    assert done.json()["professionals_created"] == 1
    f.write_text("professional_id,places,valid_until\n1,5,\n", encoding="utf-8")
    assert cli("registry", "import", "capacities", str(f), "--territory", territory).code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "professional_id,name,commune,places,min_age,max_age,valid_until\n"
        "1,,,2,,,\n"
        "99,,,2,,,\n"
        ",Dr Nouveau,03310,-1,,,\n"
        ",,03310,2,,,\n"
        ",Dr Autre,03310,2,70,20,2001-01-01\n",
        encoding="utf-8",
    )
    done = cli("registry", "import", "capacities", str(bad), "--territory", territory)
    assert done.code == 2
    assert "ligne 4 : places : '-1' ; attendu un nombre entier de 0 à 2000" in done.err
    assert "ligne 5 : name : ni professional_id ni name" in done.err
    assert "ligne 6 : valid_until : fin de validité 2001-01-01 hors limites" in done.err
    assert "ligne 6 : min_age : 70 dépasse max_age 20" in done.err
    ok_but_unknown = tmp_path / "unknown.csv"
    ok_but_unknown.write_text("professional_id,places\n1,2\n99,2\n", encoding="utf-8")
    done = cli("registry", "import", "capacities", str(ok_but_unknown), "--territory", territory)
    assert done.code == 2
    assert "ligne 3 : professional_id : 99 n'est pas un professionnel du territoire" in done.err
    assert _count(home, ProfessionalRow) == 1
    engine = make_engine(f"sqlite:///{home / 'proxisante.db'}")
    with make_session_factory(engine)() as s:
        assert s.scalar(select(CapacityRow.places_declared)) == 5  # unchanged by the refusals
    engine.dispose()


def test_missing_tables_unknown_territory_and_unreadable_file(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    done = cli("registry", "match", "--territory", "1")
    assert done.code == 2 and "lancez `proxisante db upgrade`" in done.err
    assert cli("db", "upgrade").code == 0
    done = cli("registry", "match", "--territory", "1")
    assert done.code == 2
    assert "Territoire du registre inconnu : '1' ; territoires de cette base : aucun" in done.err
    assert "--demo" in done.err
    done = cli("registry", "match")
    assert done.code == 2 and "--territory ID requis (ou --demo)" in done.err
    done = cli("registry", "import", "patients", str(tmp_path / "nope.csv"), "--territory", "x")
    assert done.code == 2 and "fichier illisible" in done.err


def test_a_database_behind_the_migrations_is_refused(
    cli: Callable[..., CliResult], home: Path
) -> None:
    from proxisante.store.migrate import upgrade

    upgrade(f"sqlite:///{home / 'proxisante.db'}", "0001")
    done = cli("registry", "match", "--territory", "x")
    assert done.code == 2 and "n'est pas à jour" in done.err and "db upgrade" in done.err


@pytest.mark.slow
def test_demo_flag_acts_on_the_demo_database(cli: Callable[..., CliResult], home: Path) -> None:
    done = cli("registry", "match", "--demo", "--dry-run", "--json")
    assert done.code == 0, done.err
    assert done.json()["territory"] == "cpts-vichy-demo" and done.json()["waiting"] > 0
    assert (home / "demo.db").exists() and not (home / "proxisante.db").exists()
    f = REPO / "examples" / "registry-patients.csv"
    done = cli("registry", "import", "patients", str(f), "--demo")
    assert done.code == 0, done.err
    assert "6 patient(s) inscrit(s) dans cpts-vichy-demo" in done.out


def test_messages_are_translated(cli: Callable[..., CliResult]) -> None:
    done = cli("registry", "match", "--territory", "x", environ={"PROXISANTE_LANG": "en"})
    assert done.code == 2 and "proxisante db upgrade" in done.err
    assert "n'existent pas" not in done.err


def test_capacity_kinds_and_other_professions_from_csv(
    cli: Callable[..., CliResult], tmp_path: Path, home: Path
) -> None:
    assert cli("db", "upgrade").code == 0
    args = ["registry", "add-territory", "--id", "cpts-k", "--name", "K", "--area", "200071363"]
    assert cli(*args).code == 0
    caps = tmp_path / "k.csv"
    caps.write_text(
        "name,commune,profession,places,kind,days_per_month,area,lender_finess,valid_until\n"
        "Kiné Fictif,03310,physiotherapist,2,,,,,\n"
        "Dr Temps Partagé,03310,generalist,2,shared_time,4,03095,,\n"
        "Inf Asalée,03310,nurse,2,ipa_asalee,,,,\n",
        encoding="utf-8",
    )
    done = cli("registry", "import", "capacities", str(caps), "--territory", "cpts-k")
    assert done.code == 0, done.err
    pats = tmp_path / "p.csv"
    pats.write_text(
        "last_name,first_name,birth_date,commune,consent,care,ald\n"
        "Fictif,Kiné,1970-01-01,03310,oui,physiotherapy,non\n"
        "Fictif,Cusset,1970-01-01,03095,oui,generalist,non\n"
        "Fictif,Vichy,1970-01-01,03310,oui,generalist,non\n"
        "Fictif,Ald,1970-01-01,03310,oui,generalist,oui\n"
        "Fictif,Dent,1970-01-01,03310,oui,dentistry,non\n",
        encoding="utf-8",
    )
    assert cli("registry", "import", "patients", str(pats), "--territory", "cpts-k").code == 0
    done = cli("registry", "match", "--territory", "cpts-k", "--dry-run", "--json")
    pairs = {(a["patient_id"], a["professional_id"]) for a in done.json()["assignments"]}
    # physio → the physiotherapist; Cusset → the shared-time doctor (his area); the ALD
    # patient → the Asalée nurse; Vichy (outside the area, no ALD) and dentistry wait
    assert pairs == {(1, 1), (2, 2), (4, 3)}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "professional_id,places,kind,valid_until\n2,1,retired_pool,\n3,1,hospital_loan,\n",
        encoding="utf-8",
    )
    done = cli("registry", "import", "capacities", str(bad), "--territory", "cpts-k")
    assert done.code == 2 and "rien n'a été importé" in done.err
    assert "ligne 2 : kind retired_pool : valid_until obligatoire" in done.err
    assert "ligne 3 : kind hospital_loan : réservé aux médecins" in done.err
    assert "ligne 3 : kind hospital_loan : lender_finess obligatoire" in done.err


def test_serve_workers_is_checked(cli: Callable[..., CliResult]) -> None:
    done = cli("serve", "--workers", "0")
    assert done.code == 2 and "--workers 0" in done.err
