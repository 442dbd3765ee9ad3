from datetime import date

from proxisante.rota.calendar import bridge_days, day_kinds, public_holidays
from proxisante.rota.model import DayKind


def test_french_holidays_2027() -> None:
    hol = public_holidays("FR", None, (2027,))
    assert date(2027, 3, 29) in hol  # lundi de Pâques
    assert date(2027, 5, 6) in hol  # Ascension
    assert date(2027, 5, 17) in hol  # lundi de Pentecôte
    assert date(2027, 7, 14) in hol
    assert date(2027, 12, 26) not in hol  # Saint-Étienne only in Alsace-Moselle
    assert date(2027, 12, 26) in public_holidays("FR", "57", (2027,))


def test_valais_holidays_2027() -> None:
    hol = public_holidays("CH", "VS", (2027,))
    assert date(2027, 3, 19) in hol  # Saint-Joseph
    assert date(2027, 8, 1) in hol  # fête nationale
    assert date(2027, 8, 15) in hol  # Assomption
    assert date(2027, 12, 8) in hol  # Immaculée Conception
    assert date(2027, 7, 14) not in hol


def test_bridge_days_follow_thursday_and_precede_tuesday() -> None:
    hol = {date(2027, 5, 6), date(2026, 12, 8)}  # a Thursday, a Tuesday
    assert bridge_days(hol) == {date(2027, 5, 7), date(2026, 12, 7)}


def test_day_kinds_order_of_precedence() -> None:
    kinds = day_kinds(
        date(2027, 5, 1), date(2027, 5, 10), country="FR", subdivision=None, with_bridges=True
    )
    assert kinds[date(2027, 5, 1)] is DayKind.HOLIDAY  # a Saturday and 1 May
    assert kinds[date(2027, 5, 2)] is DayKind.SUNDAY
    assert kinds[date(2027, 5, 3)] is DayKind.WEEKDAY
    assert kinds[date(2027, 5, 7)] is DayKind.BRIDGE
    no_bridge = day_kinds(
        date(2027, 5, 7), date(2027, 5, 7), country="FR", subdivision=None, with_bridges=False
    )
    assert no_bridge[date(2027, 5, 7)] is DayKind.WEEKDAY


def test_night_across_daylight_saving_lasts_eleven_hours() -> None:
    from datetime import time
    from zoneinfo import ZoneInfo

    from proxisante.rota.calendar import make_shift
    from proxisante.rota.model import ShiftType

    night = ShiftType("nuit", "Nuit", time(20), time(8), 2.0, frozenset(DayKind), night=True)
    s = make_shift("S", date(2027, 3, 27), DayKind.SATURDAY, night, ZoneInfo("Europe/Paris"))
    assert (s.end.timestamp() - s.start.timestamp()) / 3600 == 11
