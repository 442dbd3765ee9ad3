"""Reading a rota description (YAML text) into a :class:`RotaProblem`, validated with pydantic.

Errors name the field and the line of the YAML text where possible. The shell reads the file;
this module takes its text.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from proxisante.i18n import N_, _, format_date
from proxisante.rota._errors import RotaInputError
from proxisante.rota.model import (
    DayKind,
    Doctor,
    Fairness,
    RotaProblem,
    Rules,
    Sector,
    ShiftType,
    Unavailability,
)
from proxisante.utils.safe_load import UnsafeInputError, load_yaml

EXAMPLE = """\
period: {start: 2027-01-01, end: 2027-03-31}
country: FR
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
sectors:
  - {code: S1, name: Moulins, communes: ["03190", "03321"]}
doctors:
  - {id: D1, name: "Dr Fictif A", sector: S1, max_shifts: 40}"""

_DEFAULT_TZ = {"FR": "Europe/Paris", "CH": "Europe/Zurich"}

#: The dates a rota period may cover (public holidays, time zones and exports are checked over
#: these years; a year 9999 period would overflow the calendar at its end).
SUPPORTED_FIRST_DAY = date(2000, 1, 1)
SUPPORTED_LAST_DAY = date(2099, 12, 31)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PeriodIn(_Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodIn:
        if self.end < self.start:
            msg = _("la fin ({end}) précède le début ({start})")
            raise ValueError(msg.format(end=self.end, start=self.start))
        if (self.end - self.start).days > 366:
            raise ValueError(_("une période de garde dure au plus un an"))
        if self.start < SUPPORTED_FIRST_DAY or self.end > SUPPORTED_LAST_DAY:
            msg = _(
                "période hors de la plage prise en charge : les dates doivent être comprises "
                "entre le {first} et le {last}"
            )
            raise ValueError(
                msg.format(
                    first=format_date(SUPPORTED_FIRST_DAY), last=format_date(SUPPORTED_LAST_DAY)
                )
            )
        return self


class ShiftTypeIn(_Strict):
    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    label: str
    start: time
    end: time
    weight: float = Field(gt=0, le=10)
    days: list[DayKind] = Field(min_length=1)
    night: bool = False

    @field_validator("start", "end", mode="before")
    @classmethod
    def _quoted_time(cls, v: Any) -> Any:
        if isinstance(v, int):
            raise ValueError(_('écrivez l\'heure entre guillemets, par exemple "20:00"'))
        return v


class SectorIn(_Strict):
    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    name: str
    communes: list[str] = Field(min_length=1)
    maison_de_garde: str | None = None
    shift_types: list[str] = []

    @field_validator("communes", mode="before")
    @classmethod
    def _quoted_codes(cls, v: Any) -> Any:
        if isinstance(v, list) and any(isinstance(c, int) for c in v):
            raise ValueError(_('écrivez les codes commune entre guillemets, par exemple ["03190"]'))
        return v

    @field_validator("communes")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if not (len(c) in (4, 5) and c[:2].isalnum() and c.isalnum())]
        if bad:
            raise ValueError(
                _(
                    "codes commune invalides {bad} : attendu un code INSEE à 5 caractères "
                    "(03190) ou un numéro OFS (6266), entre guillemets"
                ).format(bad=bad)
            )
        return v


class UnavailabilityIn(_Strict):
    start: date
    end: date | None = None


class PreviousIn(_Strict):
    load: float = Field(default=0, ge=0)
    weekends: int = Field(default=0, ge=0)


class DoctorIn(_Strict):
    id: str = Field(min_length=1)
    name: str
    sector: str
    unavailable: list[UnavailabilityIn | date] = []
    max_shifts: int | None = Field(default=None, ge=0)
    exempt: bool = False
    exempt_from: list[str] = []
    exemption_reason: str | None = None
    share: float = Field(default=1.0, gt=0, le=1)
    volunteer: bool = False
    previous: PreviousIn = PreviousIn()
    email: str | None = Field(default=None, max_length=200)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v) is None:
            raise ValueError(_("adresse e-mail attendue, par exemple dr.exemple@example.org"))
        return v


class RulesIn(_Strict):
    min_gap_hours: float = Field(default=12, ge=0, le=24 * 14)
    rest_after_night_hours: float = Field(default=24, ge=0, le=24 * 14)


class FairnessIn(_Strict):
    load_weight: int = Field(default=10, ge=0, le=1000)
    weekend_weight: int = Field(default=3, ge=0, le=1000)
    swap_warning_spread: float = Field(default=2.0, ge=0, le=1000)
    swap_max_spread: float | None = Field(default=None, ge=0, le=1000)


class RotaFile(_Strict):
    """The YAML rota description (see ``examples/rota-allier.yaml``)."""

    period: PeriodIn
    country: Literal["FR", "CH"]
    subdivision: str | None = None
    timezone: str | None = None
    bridge_days: bool = True
    rules: RulesIn = RulesIn()
    fairness: FairnessIn = FairnessIn()
    shift_types: list[ShiftTypeIn] = Field(min_length=1)
    sectors: list[SectorIn] = Field(min_length=1)
    doctors: list[DoctorIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> RotaFile:
        problems: list[str] = []
        types = [t.code for t in self.shift_types]
        sectors = [s.code for s in self.sectors]
        doctors = [d.id for d in self.doctors]
        for what, codes in (("shift_types", types), ("sectors", sectors), ("doctors", doctors)):
            dups = sorted({c for c in codes if codes.count(c) > 1})
            if dups:
                msg = _("{what} : identifiants en double {dups}")
                problems.append(msg.format(what=what, dups=dups))
        for s in self.sectors:
            unknown = sorted(set(s.shift_types) - set(types))
            if unknown:
                msg = _("secteur {code} : types de garde inconnus {unknown} (connus : {known})")
                problems.append(msg.format(code=s.code, unknown=unknown, known=types))
        for d in self.doctors:
            if d.sector not in sectors:
                problems.append(
                    _("médecin {id} : secteur inconnu {sector} (connus : {known})").format(
                        id=d.id, sector=repr(d.sector), known=sectors
                    )
                )
            unknown = sorted(set(d.exempt_from) - set(types))
            if unknown:
                problems.append(
                    _("médecin {id} : exempt_from inconnus {unknown} (connus : {known})").format(
                        id=d.id, unknown=unknown, known=types
                    )
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _line_index(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    """Map every path (keys and list indices) of a composed YAML document to its line (1-based)."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = key.value
            out[(*path, k)] = key.start_mark.line + 1
            _line_index(value, (*path, k), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, (*path, i), out)


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    path = tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or p in ("date",)))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


_MESSAGES = {
    "missing": N_("champ obligatoire absent"),
    "extra_forbidden": N_("champ inconnu (vérifiez l'orthographe)"),
    "greater_than": N_("doit être supérieur à {gt}"),
    "greater_than_equal": N_("doit être supérieur ou égal à {ge}"),
    "less_than": N_("doit être inférieur à {lt}"),
    "less_than_equal": N_("doit être inférieur ou égal à {le}"),
    "string_too_short": N_("ne doit pas être vide"),
    "too_short": N_("doit contenir au moins {min_length} élément(s)"),
    "string_pattern_mismatch": N_("caractères permis : lettres, chiffres, - et _"),
    "string_type": N_("texte attendu"),
    "int_type": N_("nombre entier attendu"),
    "int_parsing": N_("nombre entier attendu"),
    "int_from_float": N_("nombre entier attendu"),
    "float_type": N_("nombre attendu"),
    "float_parsing": N_("nombre attendu"),
    "bool_type": N_("true ou false attendu"),
    "bool_parsing": N_("true ou false attendu"),
    "list_type": N_("liste attendue, ex. [a, b]"),
    "dict_type": N_("mapping attendu (clé: valeur)"),
    "model_type": N_("mapping attendu (clé: valeur)"),
    "date_type": N_("date attendue AAAA-MM-JJ"),
    "date_parsing": N_("date attendue AAAA-MM-JJ"),
    "date_from_datetime_parsing": N_("date attendue AAAA-MM-JJ"),
    "time_type": N_('heure attendue "HH:MM"'),
    "time_parsing": N_('heure attendue "HH:MM"'),
    "enum": N_("valeur attendue parmi {expected}"),
    "literal_error": N_("valeur attendue parmi {expected}"),
}


def _french(err: Any) -> str:
    """The French message of a pydantic error (our own validators already speak French)."""
    kind = err["type"]
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(err["msg"])
    template = _(template)
    ctx = {k: str(v).replace(" or ", " ou ") for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except KeyError:
        return str(err["msg"])


def parse_rota_yaml(text: str, *, source: str = "<yaml>") -> RotaProblem:
    """Parse and validate a YAML rota description; raise :class:`RotaInputError` on any problem."""
    try:
        data = load_yaml(text, source=source)
    except UnsafeInputError as exc:
        raise RotaInputError(source, [exc.problem], EXAMPLE) from None
    # Safe now: size, depth and aliases were checked by load_yaml.
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(data, dict):
        raise RotaInputError(
            source, [_("attendu un document YAML de type mapping (clé: valeur)")], EXAMPLE
        )
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _line_index(node, (), lines)
    try:
        parsed = RotaFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(document)"
            line = _line_of(loc, lines)
            where = _("ligne {line}, ").format(line=line) if line is not None else ""
            value = err.get("input")
            shown = not isinstance(value, dict | list) and err["type"] != "missing"
            received = _(" (reçu : {value})").format(value=f"{value!r:.60}") if shown else ""
            text = _("champ `{field}` : {message}").format(field=field, message=_french(err))
            problems.append(where + text + received)
        raise RotaInputError(source, problems, EXAMPLE) from exc
    return to_problem(parsed, source=source)


def to_problem(f: RotaFile, *, source: str = "<yaml>") -> RotaProblem:
    """Turn a validated file into domain values."""
    tz = f.timezone or _DEFAULT_TZ[f.country]
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RotaInputError(
            source,
            [_("champ `timezone` : fuseau inconnu {tz} (ex. Europe/Paris)").format(tz=repr(tz))],
        ) from exc
    if f.country == "CH" and f.subdivision is None:
        subdivision: str | None = "VS"
    else:
        subdivision = f.subdivision
    return RotaProblem(
        start=f.period.start,
        end=f.period.end,
        country=f.country,
        subdivision=subdivision,
        timezone=tz,
        bridge_days=f.bridge_days,
        shift_types=tuple(
            ShiftType(
                code=t.code,
                label=t.label,
                start=t.start,
                end=t.end,
                weight=t.weight,
                days=frozenset(t.days),
                night=t.night,
            )
            for t in f.shift_types
        ),
        sectors=tuple(
            Sector(
                code=s.code,
                name=s.name,
                communes=tuple(s.communes),
                maison_de_garde=s.maison_de_garde,
                shift_types=tuple(s.shift_types),
            )
            for s in f.sectors
        ),
        doctors=tuple(
            Doctor(
                id=d.id,
                name=d.name,
                sector=d.sector,
                unavailable=tuple(
                    Unavailability(u, u)
                    if isinstance(u, date)
                    else Unavailability(u.start, u.end or u.start)
                    for u in d.unavailable
                ),
                max_shifts=d.max_shifts,
                exempt=d.exempt,
                exempt_from=frozenset(d.exempt_from),
                share=d.share,
                volunteer=d.volunteer,
                previous_load=d.previous.load,
                previous_weekends=d.previous.weekends,
                email=d.email,
            )
            for d in f.doctors
        ),
        rules=Rules(
            min_gap_hours=f.rules.min_gap_hours,
            rest_after_night_hours=f.rules.rest_after_night_hours,
        ),
        fairness=Fairness(
            load_weight=f.fairness.load_weight,
            weekend_weight=f.fairness.weekend_weight,
            swap_warning_spread=f.fairness.swap_warning_spread,
            swap_max_spread=f.fairness.swap_max_spread,
        ),
    )
