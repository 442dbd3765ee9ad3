"""Priority levels A–E, computed from declared criteria, with the reasons shown to people.

Modelled on Québec's GAMF (guichet d'accès à un médecin de famille), which ranks requests from A
(most urgent) to E. A :class:`PriorityPolicy` is a list of rules; each rule names a criterion, the
level it grants and the reason shown to the coordinator and to the patient. A patient gets the
most urgent level among the rules that apply (E when none does), and every applying rule's reason
is kept, so the level can always be explained.

The default policy (:data:`DEFAULT_POLICY`):

====== =================================================================================
level  rules
====== =================================================================================
A      pregnancy; child under 2
B      affection de longue durée (ALD)
C      aged 70 or more; disability; reduced mobility
D      precarity (C2S or AME); child under 16; lost the médecin traitant (retirement, death,
       doctor moved)
E      everyone else
====== =================================================================================

A territory can use another policy with :func:`policy_from_mapping`, e.g.
``{"rules": [{"criterion": "ald", "level": "A"}, {"criterion": "age_at_least", "value": 80,
"level": "B", "reason": "80 ans ou plus"}]}``.

Reasons are kept (and stored) as stable codes when they are the default ones: the criterion,
with its value for age rules (``ald``, ``age_under:2``, ``none`` when no rule applies); a
territory's own reason text is kept as written. :func:`reason_text` gives the text to show, in
the current language, from a code, from a territory's text, or from the French text stored by
earlier versions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from proxisante.i18n import N_, _
from proxisante.registry._errors import InvalidPolicyError
from proxisante.registry.entities import (
    LostDoctorReason,
    Precarity,
    PriorityAssessment,
    PriorityCriteria,
)

LEVELS: tuple[str, ...] = ("A", "B", "C", "D", "E")
DEFAULT_LEVEL = "E"
NO_CRITERION = "none"  # the reason code when no rule applies

_LOST = {LostDoctorReason.RETIREMENT, LostDoctorReason.DEATH, LostDoctorReason.DOCTOR_MOVED}

# criterion name -> predicate(criteria, value)
_CRITERIA: dict[str, Callable[[PriorityCriteria, int | None], bool]] = {
    "pregnant": lambda c, _v: c.pregnant,
    "ald": lambda c, _v: c.ald,
    "disability": lambda c, _v: c.disability,
    "reduced_mobility": lambda c, _v: c.reduced_mobility,
    "precarity": lambda c, _v: c.precarity is not Precarity.NONE,
    "lost_doctor": lambda c, _v: c.lost_doctor in _LOST,
    "age_under": lambda c, v: v is not None and c.age_years < v,
    "age_at_least": lambda c, v: v is not None and c.age_years >= v,
}

# reason code (criterion) -> French text marked for the catalogues, translated at display
_DEFAULT_REASONS = {
    NO_CRITERION: N_("Aucun critère de priorité déclaré"),
    "pregnant": N_("Grossesse en cours"),
    "ald": N_("Affection de longue durée (ALD)"),
    "disability": N_("Situation de handicap"),
    "reduced_mobility": N_("Mobilité réduite"),
    "precarity": N_("Précarité (C2S ou AME)"),
    "lost_doctor": N_("A perdu son médecin traitant (retraite, décès ou départ)"),
    "age_under": N_("Enfant de moins de {value} ans"),
    "age_at_least": N_("{value} ans ou plus"),
}
_CODE = re.compile(r"^(?P<criterion>[a-z_]+)(?::(?P<value>\d{1,3}))?$")
# The French texts stored before the codes (rows registered by earlier versions).
_STORED_FRENCH = {
    re.compile(
        "^" + re.escape(text).replace(re.escape("{value}"), r"(?P<value>\d{1,3})") + "$"
    ): code
    for code, text in _DEFAULT_REASONS.items()
}


@dataclass(frozen=True)
class PriorityRule:
    """When ``criterion`` (with its ``value`` for age rules) holds, grant ``level``."""

    criterion: str
    level: str
    reason: str  # a reason code (see reason_text) or the territory's own text
    value: int | None = None

    def applies(self, criteria: PriorityCriteria) -> bool:
        return _CRITERIA[self.criterion](criteria, self.value)


@dataclass(frozen=True)
class PriorityPolicy:
    rules: tuple[PriorityRule, ...]
    levels: tuple[str, ...] = LEVELS

    def assess(self, criteria: PriorityCriteria) -> PriorityAssessment:
        return assess_priority(criteria, self)


def make_rule(
    criterion: str, level: str, value: int | None = None, reason: str = ""
) -> PriorityRule:
    """Build a rule, checking the criterion and level; the reason defaults to the code of the
    criterion (``age_under:16``), shown in the reader's language by :func:`reason_text`."""
    if criterion not in _CRITERIA:
        raise InvalidPolicyError(
            _(
                "Critère de priorité inconnu : {criterion} ; attendu l'un de {choices}"
                " (p. ex. 'ald')."
            ).format(criterion=repr(criterion), choices=", ".join(sorted(_CRITERIA)))
        )
    if level not in LEVELS:
        raise InvalidPolicyError(
            _(
                "Niveau de priorité inconnu : {level} pour le critère {criterion} ; attendu l'un"
                " de {choices}."
            ).format(level=repr(level), criterion=repr(criterion), choices=", ".join(LEVELS))
        )
    if criterion.startswith("age_") and (value is None or not 0 <= value <= 150):
        raise InvalidPolicyError(
            _(
                "La règle {criterion} demande un âge en années dans 'value' (0 à 150), p. ex. 70 ;"
                " reçu {value}."
            ).format(criterion=repr(criterion), value=repr(value))
        )
    code = f"{criterion}:{value}" if criterion.startswith("age_") else criterion
    return PriorityRule(criterion=criterion, level=level, reason=reason or code, value=value)


DEFAULT_POLICY = PriorityPolicy(
    rules=(
        make_rule("pregnant", "A"),
        make_rule("age_under", "A", 2),
        make_rule("ald", "B"),
        make_rule("age_at_least", "C", 70),
        make_rule("disability", "C"),
        make_rule("reduced_mobility", "C"),
        make_rule("precarity", "D"),
        make_rule("age_under", "D", 16),
        make_rule("lost_doctor", "D"),
    )
)


def assess_priority(
    criteria: PriorityCriteria, policy: PriorityPolicy = DEFAULT_POLICY
) -> PriorityAssessment:
    """The most urgent level among the applying rules, and every applying rule's reason (codes,
    or a territory's own texts: :func:`reason_text` shows them).

    Example
    -------
    >>> assess_priority(PriorityCriteria(age_years=75, ald=True))
    PriorityAssessment(level='B', reasons=('ald', 'age_at_least:70'))
    >>> assess_priority(PriorityCriteria(age_years=30))
    PriorityAssessment(level='E', reasons=('none',))
    """
    applying = [r for r in policy.rules if r.applies(criteria)]
    if not applying:
        return PriorityAssessment(level=DEFAULT_LEVEL, reasons=(NO_CRITERION,))
    order = {lvl: i for i, lvl in enumerate(policy.levels)}
    applying.sort(key=lambda r: order[r.level])
    return PriorityAssessment(
        level=applying[0].level, reasons=tuple(dict.fromkeys(r.reason for r in applying))
    )


def age_on(birth: date, today: date) -> int:
    """Age in whole years on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def assess_request(
    *,
    birth_date: date,
    today: date,
    ald: bool = False,
    pregnant: bool = False,
    precarity: str = "none",
    lost_doctor: str = "none",
    disability: bool = False,
    reduced_mobility: bool = False,
    policy: PriorityPolicy = DEFAULT_POLICY,
) -> PriorityAssessment:
    """The priority of a request registered on ``today``, from its declared criteria (what the
    registry's service computes, and the store keeps with the request)."""
    return assess_priority(
        PriorityCriteria(
            age_years=age_on(birth_date, today),
            ald=ald,
            pregnant=pregnant,
            precarity=Precarity(precarity),
            lost_doctor=LostDoctorReason(lost_doctor),
            disability=disability,
            reduced_mobility=reduced_mobility,
        ),
        policy,
    )


def policy_from_mapping(data: Mapping[str, Any]) -> PriorityPolicy:
    """Read a policy from plain data (a parsed YAML or JSON document)."""
    raw = data.get("rules")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise InvalidPolicyError(
            _(
                "Une politique de priorité demande une liste non vide sous 'rules', p. ex."
                " {example}."
            ).format(example="{'rules': [{'criterion': 'ald', 'level': 'B'}]}")
        )
    rules = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or "criterion" not in item or "level" not in item:
            raise InvalidPolicyError(
                _(
                    "La règle {n} de la politique de priorité demande 'criterion' et 'level' ;"
                    " reçu {item}."
                ).format(n=i + 1, item=repr(item))
            )
        rules.append(
            make_rule(
                str(item["criterion"]),
                str(item["level"]),
                item.get("value"),
                str(item.get("reason", "")),
            )
        )
    return PriorityPolicy(rules=tuple(rules))


def level_rank(level: str) -> int:
    """0 for A (most urgent) … 4 for E."""
    return LEVELS.index(level)


def reason_text(reason: str) -> str:
    """The reason to show, in the current language: a code (``age_under:2``) is translated, a
    French default text stored by earlier versions too; a territory's own text is kept.

    >>> reason_text("age_under:2")
    'Enfant de moins de 2 ans'
    """
    found = _CODE.match(reason)
    code, value = (found["criterion"], found["value"]) if found else (None, None)
    if code not in _DEFAULT_REASONS:
        code = None
        for pattern, known in _STORED_FRENCH.items():
            if old := pattern.match(reason):
                code, value = known, old.groupdict().get("value")
                break
    if code is None:
        return reason
    return _(_DEFAULT_REASONS[code]).format(value=value)


def reasons_text(stored: str, sep: str = " ; ") -> str:
    """The reasons of a patient as stored (one per line), shown joined by ``sep``."""
    return sep.join(reason_text(r) for r in stored.split("\n") if r)
