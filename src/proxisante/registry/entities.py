"""Domain values of the registry: frozen dataclasses, no I/O.

Glossary: a *territory* is a CPTS perimeter (a set of communes); a *patient request* is a person
without a médecin traitant waiting in the territorial list; a *capacity* is what a professional
declares ("I can take N new patients until date D, with these criteria"); a *proposal* offers one
patient to one professional until a deadline; an accepted proposal is an *attachment*.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class Precarity(enum.StrEnum):
    NONE = "none"
    C2S = "c2s"  # complémentaire santé solidaire
    AME = "ame"  # aide médicale de l'État


class LostDoctorReason(enum.StrEnum):
    NONE = "none"
    RETIREMENT = "retirement"
    DEATH = "death"
    DOCTOR_MOVED = "doctor_moved"
    PATIENT_MOVED = "patient_moved"
    OTHER = "other"


class Channel(enum.StrEnum):
    """How the request was registered."""

    SELF = "self"
    HELPER = "helper"
    COORDINATOR = "coordinator"
    PHONE = "phone"


class PatientStatus(enum.StrEnum):
    WAITING = "waiting"
    PROPOSED = "proposed"
    ATTACHED = "attached"
    WITHDRAWN = "withdrawn"
    ERASED = "erased"


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


LIVE_PROPOSAL = ProposalStatus.PROPOSED


class CareList(enum.StrEnum):
    """The waiting lists of a territory: a médecin traitant (the registry's first purpose) and
    the other professions people wait for (see docs/explanation/registry.md)."""

    GENERALIST = "generalist"
    NURSING = "nursing"
    PHYSIOTHERAPY = "physiotherapy"
    SPEECH_THERAPY = "speech_therapy"
    DENTISTRY = "dentistry"


#: Which waiting list a professional's standard capacity serves, by profession.
PROFESSION_LISTS: dict[str, frozenset[str]] = {
    "generalist": frozenset({CareList.GENERALIST.value}),
    "team": frozenset({CareList.GENERALIST.value}),
    "nurse": frozenset({CareList.NURSING.value}),
    "physiotherapist": frozenset({CareList.PHYSIOTHERAPY.value}),
    "speech_therapist": frozenset({CareList.SPEECH_THERAPY.value}),
    "dentist": frozenset({CareList.DENTISTRY.value}),
}
PROFESSIONS = tuple(PROFESSION_LISTS)
ADULT_AGE = 18


class CapacityKind(enum.StrEnum):
    """Kinds of capacity, each with its rules (declaration in the service, matching in
    :meth:`Capacity.accepts`):

    - ``standard``: a professional's own practice; serves the list of their profession;
    - ``retired_pool``: a retired doctor of the territory's pool; a generalist, declared for a
      limited time (``valid_until`` required, at most a year ahead);
    - ``shared_time``: a doctor coming a few days a month (``days_per_month``, 1 to 20) to a short
      area of the territory (``area``, 1 to 20 of its communes): only patients living in that
      area are proposed to them;
    - ``hospital_loan``: a doctor lent by a hospital (``lender_finess``, its FINESS number) until
      the end of the loan (``valid_until`` required);
    - ``ipa_asalee``: follow-up by an advanced-practice or Asalée nurse (profession ``nurse``) of
      adults with a chronic condition (ALD), in cooperation with the CPTS's doctors: serves the
      médecin-traitant list, adults with ``ald`` only.
    """

    STANDARD = "standard"
    RETIRED_POOL = "retired_pool"
    SHARED_TIME = "shared_time"
    HOSPITAL_LOAN = "hospital_loan"
    IPA_ASALEE = "ipa_asalee"


def serves(profession: str, kind: str) -> frozenset[str]:
    """The waiting lists a capacity of ``kind`` declared by a ``profession`` serves.

    >>> sorted(serves("nurse", "ipa_asalee")), sorted(serves("dentist", "standard"))
    (['generalist'], ['dentistry'])
    """
    if kind == CapacityKind.IPA_ASALEE:
        return frozenset({CareList.GENERALIST.value})
    return PROFESSION_LISTS.get(profession, frozenset({CareList.GENERALIST.value}))


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    PROFESSIONAL = "professional"
    REGULATOR = "regulator"  # regulation (SAS, 15): searches and books unscheduled-care slots
    HELPER = "helper"
    ANALYST = "analyst"
    ADMIN = "admin"
    ELECTED = "elected"  # elected officials: read the territory's projects


@dataclass(frozen=True)
class Territory:
    """A CPTS perimeter: an id, a name and the INSEE codes of its communes."""

    id: str
    name: str
    communes: frozenset[str]
    fictitious: bool = False


@dataclass(frozen=True)
class PriorityCriteria:
    """What the priority is computed from (declared at registration)."""

    age_years: int
    ald: bool = False  # affection de longue durée
    pregnant: bool = False
    precarity: Precarity = Precarity.NONE
    lost_doctor: LostDoctorReason = LostDoctorReason.NONE
    disability: bool = False
    reduced_mobility: bool = False


@dataclass(frozen=True)
class PriorityAssessment:
    """A level (A is the most urgent) and the reasons: codes (``ald``, ``age_under:2``) or a
    territory's own texts, shown by :func:`proxisante.registry.priority.reason_text`."""

    level: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class WaitingPatient:
    """A patient as the matching sees it: no name, no contact, only what decides."""

    id: int
    commune: str
    level: str
    age_years: int
    registered_at: datetime
    needs_home_visits: bool = False
    language: str | None = None  # a language other than French the patient needs
    excluded_professionals: frozenset[int] = field(default_factory=frozenset)
    care: str = CareList.GENERALIST.value  # the waiting list
    ald: bool = False  # a chronic condition (affection de longue durée)


@dataclass(frozen=True)
class Capacity:
    """Places a professional can still offer, and the criteria of the declaration."""

    professional_id: int
    commune: str
    places: int
    min_age: int = 0
    max_age: int = 150
    home_visits: bool = True
    languages: frozenset[str] = frozenset({"fr"})
    valid_until: date | None = None
    kind: str = CapacityKind.STANDARD.value
    serves: frozenset[str] = frozenset({CareList.GENERALIST.value})  # waiting lists served
    area: frozenset[str] = frozenset()  # shared time: the communes served (empty: all)

    def accepts(self, patient: WaitingPatient) -> bool:
        """Whether the declared criteria admit ``patient`` (exclusions are checked apart):
        the patient's list is one this capacity serves, the kind's rule holds (the area of a
        shared time, an adult with ALD for IPA / Asalée), age, home visits, language."""
        if patient.care not in self.serves:
            return False
        if self.area and patient.commune not in self.area:
            return False
        if self.kind == CapacityKind.IPA_ASALEE and not (
            patient.ald and patient.age_years >= ADULT_AGE
        ):
            return False
        if not self.min_age <= patient.age_years <= self.max_age:
            return False
        if patient.needs_home_visits and not self.home_visits:
            return False
        return patient.language is None or patient.language in self.languages


@dataclass(frozen=True)
class Assignment:
    """One proposal to create: patient → professional, with the estimated travel time."""

    patient_id: int
    professional_id: int
    travel_time_min: float
    level: str


@dataclass(frozen=True)
class MatchingResult:
    """The assignments, the patients left waiting, and the objective in solver units."""

    assignments: tuple[Assignment, ...]
    unmatched: tuple[int, ...]
    total_cost: int
    matched_by_level: dict[str, int]
