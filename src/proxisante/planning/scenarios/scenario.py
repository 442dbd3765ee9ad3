"""What-if scenarios: the changes, read from YAML text with line numbers, and their validation.

A scenario file::

    name: Départs en retraite — CC du Pays de Tronçais
    territory: "200071140"          # where figures are reported (any area code)
    activity_per_fte: 4700          # optional: consultations a year of one GP FTE
    changes:
      - type: gp_leave              # n GPs leave a commune
        commune: "03034"
        gps: 2
      - type: structure_opens       # an MSP or a centre de santé with n GP FTE
        kind: msp                   # msp | centre_sante
        commune: "03034"
        fte: 3
      - type: advanced_consultation # k half-days a week of a doctor from A held at B
        from: "03185"
        at: "03034"
        half_days_per_week: 2
      - type: ipa_time              # IPA / Asalée time in GP-consultation equivalents
        commune: "03034"
        fte: 1
        ratio: 0.5                  # one IPA FTE = 0.5 GP FTE of consultations (stated)
      - type: scale_times           # travel times ×factor for trips touching an area
        area: "200071140"           # any area code, or `communes: [..]`
        factor: 0.9
      - type: seasonal_peak         # summer peak: people in secondary homes add to demand
        area: "dep:34"              # any area code, or `communes: [..]`
        occupancy: 0.7              # optional: share of secondary homes occupied (0 to 1)
        persons_per_home: 2.2       # optional: default the commune's mean household size

Every problem is reported with its line and what was expected; nothing is computed then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from proxisante.errors import InputFileError, InternalError, Problem
from proxisante.i18n import _

HALF_DAYS_PER_FTE = 10.0
"""Half-days a week of one full-time GP (5 days): k half-days of advanced consultation move
k / 10 of a GP FTE of consultations from A to B."""

KINDS = ("msp", "centre_sante")
TYPES = (
    "gp_leave",
    "structure_opens",
    "advanced_consultation",
    "ipa_time",
    "scale_times",
    "seasonal_peak",
)


@dataclass(frozen=True)
class GpLeave:
    commune: str
    gps: float
    line: int


@dataclass(frozen=True)
class StructureOpens:
    commune: str
    fte: float
    kind: str
    line: int


@dataclass(frozen=True)
class AdvancedConsultation:
    origin: str
    at: str
    half_days_per_week: float
    line: int


@dataclass(frozen=True)
class IpaTime:
    commune: str
    fte: float
    ratio: float
    line: int


@dataclass(frozen=True)
class ScaleTimes:
    communes: tuple[str, ...]
    factor: float
    area: str | None
    line: int


@dataclass(frozen=True)
class SeasonalPeak:
    """The summer peak: the seasonal population of the communes (secondary homes × persons per
    home × occupancy, :mod:`proxisante.territory.seasonal`) adds to their demand."""

    communes: tuple[str, ...]
    occupancy: float
    persons_per_home: float | None
    area: str | None
    line: int


Change = GpLeave | StructureOpens | AdvancedConsultation | IpaTime | ScaleTimes | SeasonalPeak


@dataclass(frozen=True)
class Scenario:
    name: str
    territory: str
    changes: tuple[Change, ...]
    activity_per_fte: float | None = None
    description: str = ""


AreaResolver = Callable[[str], list[str] | None]
"""Commune codes of an area code, or None when the code is unknown."""


def parse_scenario(
    text: str, source: str, known_communes: set[str], resolve_area: AreaResolver
) -> Scenario:
    """A :class:`Scenario` from YAML text; :class:`InputFileError` lists every problem."""
    problems: list[Problem] = []
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputFileError(
            source, [Problem(line, _("YAML illisible : {error}").format(error=exc))]
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise InputFileError(
            source, [Problem(1, _("attendu un document YAML avec name, territory et changes"))]
        )
    top = {k.value: v for k, v in root.value}
    name = _scalar(top.get("name"), "name", problems, root) or source
    territory = _scalar(top.get("territory"), "territory", problems, root)
    if territory is not None and resolve_area(territory) is None:
        problems.append(
            Problem(
                _line(top["territory"]),
                _(
                    "territory {territory} : code de territoire"
                    " inconnu ; attendu un code commune, EPCI, dep:NN… (ex. 200071363)"
                ).format(territory=repr(territory)),
            )
        )
    activity = None
    if "activity_per_fte" in top:
        activity = _number(top["activity_per_fte"], "activity_per_fte", problems, positive=True)
    changes_node = top.get("changes")
    changes: list[Change] = []
    if not isinstance(changes_node, yaml.SequenceNode) or not changes_node.value:
        problems.append(
            Problem(
                _line(changes_node or root),
                _("changes : liste non vide de changements attendue (types : {types})").format(
                    types=", ".join(TYPES)
                ),
            )
        )
    else:
        for node in changes_node.value:
            change = _change(node, problems, known_communes, resolve_area)
            if change is not None:
                changes.append(change)
    if problems:
        raise InputFileError(source, problems)
    if territory is None:
        raise InternalError("invariant broken: a scenario without territory passed validation")
    description = top.get("description")
    return Scenario(
        name=name,
        territory=territory,
        changes=tuple(changes),
        activity_per_fte=activity,
        description=str(description.value) if isinstance(description, yaml.ScalarNode) else "",
    )


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: Any, key: str, problems: list[Problem], parent: Any) -> str | None:
    if node is None:
        problems.append(Problem(_line(parent), _("{key} manquant").format(key=key)))
        return None
    if not isinstance(node, yaml.ScalarNode) or str(node.value).strip() == "":
        problems.append(Problem(_line(node), _("{key} : texte attendu").format(key=key)))
        return None
    return str(node.value).strip()


def _number(node: Any, key: str, problems: list[Problem], *, positive: bool = False) -> float:
    text = node.value if isinstance(node, yaml.ScalarNode) else None
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        value = float("nan")
    ok = value == value and value not in (float("inf"), float("-inf"))
    ok = ok and (value > 0 if positive else value >= 0)
    if not ok:
        expected = _("nombre > 0") if positive else _("nombre ≥ 0")
        message = _("{key} = {text} : {expected} attendu (ex. 2)")
        problems.append(
            Problem(_line(node), message.format(key=key, text=repr(text), expected=expected))
        )
        return float("nan")
    return value


def _commune(
    fields: dict[str, Any], key: str, node: Any, problems: list[Problem], known: set[str]
) -> str:
    value = _scalar(fields.get(key), key, problems, node)
    if value is not None and value not in known:
        problems.append(
            Problem(
                _line(fields[key]),
                _(
                    "{key} {value} : commune inconnue ; attendu un code"
                    " INSEE de commune (ex. 03310)"
                ).format(key=key, value=repr(value)),
            )
        )
    return value or ""


def _change(
    node: Any, problems: list[Problem], known: set[str], resolve_area: AreaResolver
) -> Change | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(_line(node), _("changement : attendu type: … et ses champs")))
        return None
    fields = {k.value: v for k, v in node.value}
    kind = _scalar(fields.get("type"), "type", problems, node)
    line = _line(node)
    before = len(problems)
    change: Change | None = None
    if kind == "gp_leave":
        change = GpLeave(
            _commune(fields, "commune", node, problems, known),
            _need_number(fields, "gps", node, problems, positive=True),
            line,
        )
    elif kind == "structure_opens":
        k = _scalar(fields.get("kind"), "kind", problems, node)
        if k is not None and k not in KINDS:
            problems.append(
                Problem(
                    _line(fields["kind"]),
                    _("kind {kind} : attendu msp ou centre_sante").format(kind=repr(k)),
                )
            )
        change = StructureOpens(
            _commune(fields, "commune", node, problems, known),
            _need_number(fields, "fte", node, problems, positive=True),
            k or "",
            line,
        )
    elif kind == "advanced_consultation":
        change = AdvancedConsultation(
            _commune(fields, "from", node, problems, known),
            _commune(fields, "at", node, problems, known),
            _need_number(fields, "half_days_per_week", node, problems, positive=True),
            line,
        )
    elif kind == "ipa_time":
        change = IpaTime(
            _commune(fields, "commune", node, problems, known),
            _need_number(fields, "fte", node, problems, positive=True),
            _need_number(fields, "ratio", node, problems, positive=True),
            line,
        )
    elif kind == "scale_times":
        change = _scale(fields, node, problems, known, resolve_area)
    elif kind == "seasonal_peak":
        change = _seasonal(fields, node, problems, known, resolve_area)
    elif kind is not None:
        problems.append(
            Problem(
                _line(fields["type"]),
                _("type {kind} inconnu : attendu l'un de {types}").format(
                    kind=repr(kind), types=", ".join(TYPES)
                ),
            )
        )
    return change if len(problems) == before else None


def _need_number(
    fields: dict[str, Any], key: str, node: Any, problems: list[Problem], *, positive: bool
) -> float:
    if key not in fields:
        problems.append(Problem(_line(node), _("{key} manquant (nombre attendu)").format(key=key)))
        return float("nan")
    return _number(fields[key], key, problems, positive=positive)


def _seasonal(
    fields: dict[str, Any],
    node: Any,
    problems: list[Problem],
    known: set[str],
    resolve_area: AreaResolver,
) -> SeasonalPeak | None:
    from proxisante.territory.seasonal import DEFAULT_OCCUPANCY

    occupancy = DEFAULT_OCCUPANCY
    if "occupancy" in fields:
        occupancy = _number(fields["occupancy"], "occupancy", problems)
        if occupancy == occupancy and occupancy > 1:
            problems.append(
                Problem(
                    _line(fields["occupancy"]),
                    _("occupancy = {value} : part entre 0 et 1 attendue (ex. 0.7)").format(
                        value=occupancy
                    ),
                )
            )
    persons = None
    if "persons_per_home" in fields:
        persons = _number(fields["persons_per_home"], "persons_per_home", problems, positive=True)
    where = _where(fields, node, problems, known, resolve_area, "seasonal_peak")
    if where is None:
        return None
    return SeasonalPeak(where[0], occupancy, persons, where[1], _line(node))


def _where(
    fields: dict[str, Any],
    node: Any,
    problems: list[Problem],
    known: set[str],
    resolve_area: AreaResolver,
    kind: str,
) -> tuple[tuple[str, ...], str | None] | None:
    """The communes of a change given by ``area`` (an area code) or ``communes`` (a list)."""
    line = _line(node)
    if "area" in fields:
        area = _scalar(fields["area"], "area", problems, node)
        codes = resolve_area(area) if area is not None else None
        if area is not None and codes is None:
            problems.append(
                Problem(
                    _line(fields["area"]),
                    _("area {area} : code de territoire inconnu (ex. 200071363, dep:03)").format(
                        area=repr(area)
                    ),
                )
            )
            return None
        return tuple(codes or ()), area
    seq = fields.get("communes")
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        problems.append(
            Problem(
                line,
                _("{kind} : area ou communes (liste de codes) attendu").format(kind=kind),
            )
        )
        return None
    codes = []
    for item in seq.value:
        code = str(item.value).strip()
        if code not in known:
            problems.append(
                Problem(
                    _line(item),
                    _(
                        "commune {code} inconnue ; attendu un code INSEE de commune (ex. 03310)"
                    ).format(code=repr(code)),
                )
            )
        codes.append(code)
    return tuple(codes), None


def _scale(
    fields: dict[str, Any],
    node: Any,
    problems: list[Problem],
    known: set[str],
    resolve_area: AreaResolver,
) -> ScaleTimes | None:
    factor = _need_number(fields, "factor", node, problems, positive=True)
    where = _where(fields, node, problems, known, resolve_area, "scale_times")
    if where is None:
        return None
    return ScaleTimes(where[0], factor, where[1], _line(node))
