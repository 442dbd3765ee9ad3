from pathlib import Path

import pytest

from proxisante.errors import UserError
from proxisante.rota import parse_rota_yaml
from proxisante.rota._errors import RotaInputError

INVALID = Path(__file__).parents[2] / "fixtures" / "rota" / "invalid"
EXAMPLE = Path(__file__).parents[3] / "examples" / "rota-allier.yaml"


def _error(name: str) -> str:
    with pytest.raises(RotaInputError) as info:
        parse_rota_yaml((INVALID / name).read_text(encoding="utf-8"), source=name)
    assert isinstance(info.value, UserError)
    return str(info.value)


def test_unquoted_time_names_line_and_field() -> None:
    msg = _error("unquoted_time.yaml")
    assert "unquoted_time.yaml" in msg
    assert "ligne 6" in msg and "shift_types.0.start" in msg
    assert '"20:00"' in msg


def test_unknown_sector_is_named() -> None:
    msg = _error("unknown_sector.yaml")
    assert "médecin D1 : secteur inconnu 'S9'" in msg and "S1" in msg


def test_every_bad_field_is_listed_with_its_line() -> None:
    msg = _error("bad_fields.yaml")
    assert "ligne 1, champ `period`" in msg  # end before start
    assert "ligne 2, champ `country`" in msg
    assert "shift_types.0.weight" in msg
    assert "shift_types.0.days.1" in msg
    assert "ligne 6, champ `sectors.0.communes`" in msg and "guillemets" in msg
    assert "doctors.0.share" in msg
    assert "doctors.0.colour" in msg
    assert "Exemple valide" in msg


def test_unreadable_yaml() -> None:
    msg = _error("not_yaml.yaml")
    assert "YAML illisible" in msg and "ligne" in msg


def test_example_file_parses() -> None:
    problem = parse_rota_yaml(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
    assert {s.code for s in problem.sectors} == {"MOU", "VIC", "MLU", "LAP"}
    assert all(c.startswith("03") for s in problem.sectors for c in s.communes)
    assert all("Fictif" in d.name for d in problem.doctors)
    assert problem.start.year == 2027


def test_valais_defaults() -> None:
    text = (
        (INVALID.parent / "small.yaml")
        .read_text(encoding="utf-8")
        .replace("country: FR", "country: CH")
    )
    problem = parse_rota_yaml(text)
    assert problem.subdivision == "VS" and problem.timezone == "Europe/Zurich"
