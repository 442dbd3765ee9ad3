"""Reading scenario files: every problem with its line and what was expected."""

from __future__ import annotations

import pytest

from proxisante.errors import InputFileError
from proxisante.planning.scenarios.scenario import (
    AdvancedConsultation,
    GpLeave,
    IpaTime,
    ScaleTimes,
    SeasonalPeak,
    StructureOpens,
    parse_scenario,
)

KNOWN = {"03310", "03185", "03034"}


def _resolve(code):
    return ["03310", "03185"] if code in ("200071363", "dep:03") else None


def _parse(text):
    return parse_scenario(text, "s.yaml", KNOWN, _resolve)


def test_every_change_type_is_read():
    sc = _parse(
        """name: Test
territory: "200071363"
changes:
  - {type: gp_leave, commune: "03310", gps: 2}
  - {type: structure_opens, kind: msp, commune: "03185", fte: 3}
  - {type: advanced_consultation, from: "03310", at: "03034", half_days_per_week: 2}
  - {type: ipa_time, commune: "03034", fte: 1, ratio: 0.5}
  - {type: scale_times, area: "200071363", factor: 0.9}
"""
    )
    kinds = [type(c) for c in sc.changes]
    assert kinds == [GpLeave, StructureOpens, AdvancedConsultation, IpaTime, ScaleTimes]
    assert sc.changes[4].communes == ("03310", "03185")


def test_unknown_commune_names_its_line():
    with pytest.raises(InputFileError) as err:
        _parse(
            'name: x\nterritory: "200071363"\nchanges:\n  - type: gp_leave\n'
            '    commune: "99999"\n    gps: 1\n'
        )
    msg = str(err.value)
    assert "ligne 5" in msg and "99999" in msg and "commune inconnue" in msg


def test_negative_fte_names_its_line():
    with pytest.raises(InputFileError) as err:
        _parse(
            'name: x\nterritory: "200071363"\nchanges:\n  - type: structure_opens\n'
            '    kind: msp\n    commune: "03310"\n    fte: -2\n'
        )
    msg = str(err.value)
    assert "ligne 7" in msg and "fte" in msg and "> 0" in msg


def test_unknown_type_and_kind_and_territory():
    with pytest.raises(InputFileError) as err:
        _parse(
            'name: x\nterritory: "nowhere"\nchanges:\n  - type: teleport\n'
            '  - {type: structure_opens, kind: hopital, commune: "03310", fte: 1}\n'
        )
    msg = str(err.value)
    assert "ligne 2" in msg and "ligne 4" in msg and "teleport" in msg and "hopital" in msg


def test_missing_changes():
    with pytest.raises(InputFileError) as err:
        _parse('name: x\nterritory: "200071363"\n')
    assert "changes" in str(err.value)


def test_seasonal_peak_reads_its_area_and_parameters():
    sc = _parse(
        'name: x\nterritory: "200071363"\nchanges:\n'
        '  - {type: seasonal_peak, area: "dep:03", occupancy: 0.5, persons_per_home: 2.1}\n'
        '  - {type: seasonal_peak, communes: ["03034"]}\n'
    )
    first, second = sc.changes
    assert isinstance(first, SeasonalPeak) and first.communes == ("03310", "03185")
    assert (first.occupancy, first.persons_per_home) == (0.5, 2.1)
    assert second.communes == ("03034",) and second.occupancy == 0.7  # the default
    assert second.persons_per_home is None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ('area: "dep:03", occupancy: -0.2', ["ligne 4", "occupancy", "≥ 0"]),
        ('area: "dep:03", occupancy: 1.5', ["ligne 4", "occupancy", "entre 0 et 1"]),
        ('area: "dep:03", persons_per_home: 0', ["ligne 4", "persons_per_home", "> 0"]),
        ('communes: ["99999"]', ["ligne 4", "99999", "commune"]),
        ('area: "dep:99"', ["ligne 4", "dep:99"]),
        ("occupancy: 0.5", ["ligne 4", "area ou communes"]),
    ],
)
def test_bad_seasonal_peak_names_its_line(fields, expected):
    with pytest.raises(InputFileError) as err:
        _parse(
            f'name: x\nterritory: "200071363"\nchanges:\n  - {{type: seasonal_peak, {fields}}}\n'
        )
    msg = str(err.value)
    assert all(e in msg for e in expected), msg
