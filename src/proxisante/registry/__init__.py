"""The territorial registry: patients without a médecin traitant matched to doctors with room.

Pure domain (values in, values out): :mod:`~proxisante.registry.entities` (frozen dataclasses),
:mod:`~proxisante.registry.priority` (levels A–E with reasons), :mod:`~proxisante.registry.travel`
(travel-time estimate), :mod:`~proxisante.registry.matching` (min-cost flow),
:mod:`~proxisante.registry.cascade`, :mod:`~proxisante.registry.reporting` (suppressed monthly
figures), :mod:`~proxisante.registry.privacy` (export, personal fields),
:mod:`~proxisante.registry.demo` (fictitious people). Persistence is in
:mod:`proxisante.store`, HTTP in :mod:`proxisante.web`. See ``docs/explanation/registry.md``.
"""

from proxisante.registry.entities import (
    Assignment,
    Capacity,
    MatchingResult,
    PriorityAssessment,
    PriorityCriteria,
    Territory,
    WaitingPatient,
)
from proxisante.registry.matching import match_patients
from proxisante.registry.priority import DEFAULT_POLICY, assess_priority, policy_from_mapping

__all__ = [
    "DEFAULT_POLICY",
    "Assignment",
    "Capacity",
    "MatchingResult",
    "PriorityAssessment",
    "PriorityCriteria",
    "Territory",
    "WaitingPatient",
    "assess_priority",
    "match_patients",
    "policy_from_mapping",
]
