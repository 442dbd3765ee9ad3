"""Every ICS file of ``proxisante rota solve`` on the examples: the VTIMEZONE's onsets equal
IANA's transitions (RFC 5545 §3.6.5), read from the text itself, not with ``icalendar``; and a
period outside the supported years exits 2 with a French message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxisante.cli.__main__ import main
from tests.integration.rota.ics_strict import (
    _unfold,
    check_rfc5545,
    iana_transitions,
    observance_onsets,
)

EXAMPLES = Path(__file__).parents[2] / "examples"


def _solve(example: str, out: Path) -> list[Path]:
    argv = ["rota", "solve", str(EXAMPLES / example), "--out", str(out), "--time-limit", "3"]
    assert main(argv, environ={"PROXISANTE_HOME": str(out / "home")}) == 0
    files = sorted((out / "ics").glob("*.ics"))
    assert files
    return files


@pytest.mark.slow
@pytest.mark.parametrize(
    ("example", "tzid", "spring", "autumn"),
    [
        # The period is March–June 2027: one onset, Sunday 28 March at 01:00 UTC, in both zones.
        ("rota-allier.yaml", "Europe/Paris", datetime(2027, 3, 28, 1, tzinfo=UTC), None),
        ("rota-valais.yaml", "Europe/Zurich", datetime(2027, 3, 28, 1, tzinfo=UTC), None),
    ],
)
def test_every_ics_file_has_the_iana_onsets(
    example: str, tzid: str, spring: datetime, autumn: datetime | None, tmp_path: Path
) -> None:
    for path in _solve(example, tmp_path / "out"):
        data = path.read_bytes()
        assert check_rfc5545(data) == [], path.name  # onsets against zoneinfo, over the events
        lines = _unfold(data, [])
        assert not any(line.startswith("RRULE") for line in lines)
        onsets = observance_onsets(lines)
        assert list(onsets) == [tzid], path.name
        written = onsets[tzid]
        first = written[0][0]
        real = [o for o in written if o[1] != o[2]]
        # the whole covered span, from the opening observance to three days past the period
        expected = iana_transitions(tzid, first, datetime(2027, 7, 3, tzinfo=UTC))
        assert real == expected, path.name
        assert [o[0] for o in real] == [spring] + ([autumn] if autumn else [])
        assert real[0][1:] == (timedelta(hours=1), timedelta(hours=2))
        text = data.decode()
        assert "DTSTART:20270328T020000\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100" in text


@pytest.mark.parametrize(
    "period", ["{start: 9999-12-01, end: 9999-12-31}", "{start: 1999-12-25, end: 2000-01-10}"]
)
def test_a_period_outside_the_supported_years_exits_2(
    period: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "rota-allier.yaml").read_text(encoding="utf-8")
    text = text.replace("period:\n  start: 2027-03-01\n  end: 2027-06-30", f"period: {period}")
    assert "9999" in text or "1999" in text
    path = tmp_path / "an-9999.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(
        ["rota", "solve", str(path), "--out", str(tmp_path / "out")],
        environ={"PROXISANTE_HOME": str(tmp_path / "home")},
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert "champ `period`" in err and "plage prise en charge" in err
    assert "31 décembre 2099" in err and "erreur interne" not in err
    assert not (tmp_path / "out").exists()
