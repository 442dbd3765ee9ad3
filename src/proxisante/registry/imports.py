"""Reading the CSV files a coordinator imports into the registry: patients and capacities.

Each file is read whole and every line checked; the problems are gathered, each with its line
number and what was expected (French, through ``_()``), and raised together as one
:class:`~proxisante.errors.InputFileError` before anything is written. The service
(:meth:`proxisante.registry.service.RegistryService.import_patients` and
``import_capacities``) adds what needs the database (an unknown professional, a patient already
registered) and writes everything in the caller's transaction, or nothing.

Formats (UTF-8, a header line, separated by commas or by semicolons as spreadsheets write them)
are described in ``docs/reference/import-formats.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from proxisante.i18n import _
from proxisante.registry.contact import (
    LANGUAGES,
    check_birth_date,
    check_language,
    check_phone,
    check_valid_until,
)
from proxisante.registry.entities import (
    PROFESSIONS,
    CapacityKind,
    CareList,
    LostDoctorReason,
    Precarity,
)
from proxisante.registry.ports import CapacityDeclaration, NewPatient, NewProfessional
from proxisante.territory.importers._reader import Collector, decode, read_rows

PATIENT_COLUMNS = ("last_name", "first_name", "birth_date", "commune", "consent")
PATIENT_OPTIONAL = (
    "phone",
    "email",
    "ald",
    "pregnant",
    "precarity",
    "lost_doctor",
    "disability",
    "reduced_mobility",
    "language",
    "care",
)
CAPACITY_COLUMNS = ("places",)
CAPACITY_OPTIONAL = (
    "professional_id",
    "name",
    "commune",
    "profession",
    "languages",
    "home_visits",
    "valid_until",
    "min_age",
    "max_age",
    "kind",
    "days_per_month",
    "lender_finess",
    "area",
)
CARE_LISTS = tuple(c.value for c in CareList)
MAX_PLACES = 2000
MAX_ROWS = 100_000

_TRUE = {"1", "oui", "o", "true", "vrai", "yes", "y", "x"}
_FALSE = {"", "0", "non", "n", "false", "faux", "no"}

T = TypeVar("T")


@dataclass(frozen=True)
class PatientLine:
    line: int
    patient: NewPatient


@dataclass(frozen=True)
class CapacityLine:
    """One line of a capacities file: a known professional (``professional_id``) or one named
    by ``professional`` (found by name and commune in the territory, created if absent)."""

    line: int
    professional_id: int | None
    professional: NewProfessional | None
    declaration: CapacityDeclaration


class _Line:
    """The fields of one data line; each getter records a problem and returns a default."""

    def __init__(self, number: int, row: dict[str, str], collector: Collector) -> None:
        self.number = number
        self.row = row
        self.collector = collector

    def problem(self, column: str, message: str) -> None:
        self.collector.add(self.number, f"{column} : {message}")

    def text(self, column: str, *, required: bool = False, max_len: int = 200) -> str:
        value = self.row.get(column, "").strip()
        if required and not value:
            self.problem(
                column, _("valeur vide ; attendu un texte (1 à {n} caractères)").format(n=max_len)
            )
        elif len(value) > max_len or any(ord(c) < 32 for c in value):
            self.problem(
                column,
                _("attendu un texte de {n} caractères au plus, sans caractère de contrôle").format(
                    n=max_len
                ),
            )
        return value

    def flag(self, column: str) -> bool:
        value = self.row.get(column, "").strip().lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            self.problem(
                column,
                _("{value} ; attendu oui ou non (aussi 1/0, true/false)").format(value=repr(value)),
            )
        return False

    def integer(self, column: str, low: int, high: int, default: int) -> int:
        value = self.row.get(column, "").strip()
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            self.problem(
                column,
                _("{value} ; attendu un nombre entier de {low} à {high}").format(
                    value=repr(value), low=low, high=high
                ),
            )
            return default
        return number

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.row.get(column, "").strip()
        if not value:
            if required:
                self.problem(
                    column, _("valeur vide ; attendu une date AAAA-MM-JJ, p. ex. 1958-03-14")
                )
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(
                column,
                _("{value} ; attendu une date AAAA-MM-JJ, p. ex. 1958-03-14").format(
                    value=repr(value)
                ),
            )
            return None

    def choice(self, column: str, choices: tuple[str, ...], default: str) -> str:
        value = self.row.get(column, "").strip().lower() or default
        if value not in choices:
            self.problem(
                column,
                _("{value} ; attendu une valeur parmi {choices}").format(
                    value=repr(value), choices=", ".join(choices)
                ),
            )
            return default
        return value

    def checked(self, column: str, check: Callable[[str], T]) -> T | None:
        value = self.row.get(column, "").strip()
        if not value:
            return None
        try:
            return check(value)
        except ValueError as exc:
            self.problem(column, str(exc))
            return None

    def commune(self, communes: frozenset[str], territory_id: str, *, required: bool) -> str:
        value = self.row.get("commune", "").strip()
        if not value and not required:
            return ""
        if value not in communes:
            self.problem(
                "commune",
                _(
                    "{value} n'est pas une commune du territoire {territory} ; attendu le code "
                    "INSEE d'une de ses {n} communes (p. ex. {example})"
                ).format(
                    value=repr(value),
                    territory=repr(territory_id),
                    n=len(communes),
                    example=min(communes, default="03310"),
                ),
            )
        return value


def _rows(
    data: bytes, path: str, required: tuple[str, ...], collector: Collector
) -> Iterator[_Line]:
    text = decode(data, path)
    header = text.splitlines()[0] if text.strip() else ""
    separator = ";" if ";" in header and "," not in header else ","
    for count, (number, row) in enumerate(
        read_rows(text, path, separator=separator, required=required, collector=collector)
    ):
        if count >= MAX_ROWS:
            collector.add(number, _("plus de {n} lignes : découpez le fichier").format(n=MAX_ROWS))
            return
        yield _Line(number, row, collector)


def parse_patients(
    data: bytes, path: str, *, territory_id: str, communes: frozenset[str], today: date
) -> list[PatientLine]:
    """Every patient of a file, or :class:`InputFileError` listing each problem."""
    collector = Collector(path)
    out: list[PatientLine] = []
    seen: dict[tuple[str, str, date], int] = {}
    for line in _rows(data, path, PATIENT_COLUMNS, collector):
        before = len(collector.problems)
        patient = _patient(line, territory_id, communes, today)
        if patient is None or len(collector.problems) > before:
            continue
        key = (patient.last_name.lower(), patient.first_name.lower(), patient.birth_date)
        if key in seen:
            line.problem(
                "last_name",
                _("même patient (nom, prénom, date de naissance) qu'à la ligne {other}").format(
                    other=seen[key]
                ),
            )
            continue
        seen[key] = line.number
        out.append(PatientLine(line.number, patient))
    collector.raise_if_any()
    return out


def _patient(
    line: _Line, territory_id: str, communes: frozenset[str], today: date
) -> NewPatient | None:
    last = line.text("last_name", required=True)
    first = line.text("first_name", required=True)
    birth = line.day("birth_date", required=True)
    if birth is not None:
        try:
            check_birth_date(birth, today)
        except ValueError as exc:
            line.problem("birth_date", str(exc))
    commune = line.commune(communes, territory_id, required=True)
    consent = line.flag("consent")
    if not consent and line.row.get("consent", "").strip().lower() in _FALSE:
        line.problem(
            "consent",
            _("le consentement du patient est requis pour l'inscrire ; attendu oui"),
        )
    email = line.text("email", max_len=200)
    if email and ("@" not in email or " " in email):
        line.problem(
            "email",
            _("{value} ; attendu une adresse comme nom@exemple.fr").format(value=repr(email)),
        )
    pregnant = line.flag("pregnant")
    patient = NewPatient(
        commune_code=commune,
        last_name=last,
        first_name=first,
        birth_date=birth or today,
        phone=line.checked("phone", check_phone),
        email=email or None,
        ald=line.flag("ald"),
        pregnant=pregnant,
        precarity=line.choice("precarity", tuple(p.value for p in Precarity), "none"),
        lost_doctor=line.choice("lost_doctor", tuple(r.value for r in LostDoctorReason), "none"),
        disability=line.flag("disability"),
        reduced_mobility=line.flag("reduced_mobility"),
        language=line.checked("language", check_language),
        consent=True,
        channel="coordinator",
        care=line.choice("care", CARE_LISTS, CareList.GENERALIST.value),
    )
    return patient if birth is not None else None


def parse_capacities(
    data: bytes, path: str, *, territory_id: str, communes: frozenset[str], today: date
) -> list[CapacityLine]:
    """Every capacity of a file, or :class:`InputFileError` listing each problem."""
    collector = Collector(path)
    out: list[CapacityLine] = []
    seen: dict[object, int] = {}
    for line in _rows(data, path, CAPACITY_COLUMNS, collector):
        before = len(collector.problems)
        item = _capacity(line, territory_id, communes, today)
        if len(collector.problems) > before:
            continue
        key: object = item.professional_id or (
            item.professional.display_name.lower() if item.professional else "",
            item.professional.commune_code if item.professional else "",
        )
        if key in seen:
            line.problem(
                "professional_id" if item.professional_id else "name",
                _("même professionnel qu'à la ligne {other}").format(other=seen[key]),
            )
            continue
        seen[key] = line.number
        out.append(item)
    collector.raise_if_any()
    return out


def _capacity(
    line: _Line, territory_id: str, communes: frozenset[str], today: date
) -> CapacityLine:
    pid = line.integer("professional_id", 1, 2**31 - 1, 0) or None
    professional = None
    if pid is None:
        name = line.text("name", max_len=200)
        if not name:
            line.problem(
                "name",
                _(
                    "ni professional_id ni name ; attendu l'identifiant d'un professionnel du "
                    "registre, ou son nom et sa commune (il est créé s'il n'existe pas)"
                ),
            )
        commune = line.commune(communes, territory_id, required=True)
        languages = tuple(
            code for code in (line.checked("languages", _languages) or ("fr",)) if code
        )
        professional = NewProfessional(
            display_name=name,
            commune_code=commune,
            profession=line.choice("profession", PROFESSIONS, "generalist"),
            languages=languages,
            home_visits=line.flag("home_visits"),
        )
    valid_until = line.day("valid_until")
    if valid_until is not None:
        try:
            check_valid_until(valid_until, today)
        except ValueError as exc:
            line.problem("valid_until", str(exc))
    places = line.integer("places", 0, MAX_PLACES, 0)
    if not line.row.get("places", "").strip():
        line.problem(
            "places",
            _("valeur vide ; attendu un nombre entier de 0 à {high}").format(high=MAX_PLACES),
        )
    min_age = line.integer("min_age", 0, 150, 0)
    max_age = line.integer("max_age", 0, 150, 150)
    if min_age > max_age:
        line.problem("min_age", _("{low} dépasse max_age {high}").format(low=min_age, high=max_age))
    kind = line.choice("kind", tuple(k.value for k in CapacityKind), CapacityKind.STANDARD.value)
    days = line.integer("days_per_month", 1, 31, 0) or None
    area = tuple(line.row.get("area", "").replace(",", " ").split())
    for code in area:
        if code not in communes:
            line.problem(
                "area",
                _("{value} n'est pas une commune du territoire {territory}").format(
                    value=repr(code), territory=repr(territory_id)
                ),
            )
    declaration = CapacityDeclaration(
        places=places,
        valid_until=valid_until,
        min_age=min_age,
        max_age=max_age,
        home_visits=line.flag("home_visits"),
        kind=kind,
        days_per_month=days,
        lender_finess=line.row.get("lender_finess", "").strip() or None,
        area=area,
    )
    return CapacityLine(line.number, pid, professional, declaration)


def _languages(value: str) -> tuple[str, ...]:
    """Language codes separated by spaces, commas or slashes, e.g. ``fr ar``."""
    codes = tuple(check_language(v) for v in value.replace(",", " ").replace("/", " ").split())
    if not codes:
        raise ValueError(_("attendu des codes de langue, p. ex. fr ar"))
    return codes


__all__ = [
    "CAPACITY_COLUMNS",
    "CAPACITY_OPTIONAL",
    "LANGUAGES",
    "PATIENT_COLUMNS",
    "PATIENT_OPTIONAL",
    "CapacityLine",
    "PatientLine",
    "parse_capacities",
    "parse_patients",
]
