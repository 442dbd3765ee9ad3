"""What the registry's use cases need from the outside world, as protocols.

The service (:mod:`proxisante.registry.service`) is written against these; the SQL
implementation lives in :mod:`proxisante.store.registry.repository`, and tests may pass their
own. Records are read-only views (the stored rows satisfy them as they are).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from proxisante.actor import Actor
from proxisante.registry.entities import Assignment, Capacity, PriorityAssessment, WaitingPatient
from proxisante.registry.notes import PatientNote
from proxisante.registry.privacy import Controller, PatientExport, PurgeCandidate
from proxisante.registry.reporting import PatientHistory
from proxisante.registry.travel import CommunePoints, TravelMatrix

Clock = Callable[[], datetime]
# Travel times of a territory's communes: (matrix or None for the straight-line estimate, note).
TravelFunction = Callable[[CommunePoints, float], tuple[TravelMatrix | None, str]]


CLI = Actor(user_id=None, role="cli")


@dataclass(frozen=True)
class AuditEvent:
    """One audit row: identifiers only, never personal data in ``detail``."""

    action: str
    patient_id: int | None = None
    territory_id: str | None = None
    detail: str = ""


class AuditLog(Protocol):
    def record(self, actor: Actor, at: datetime, event: AuditEvent) -> None: ...
    def record_many(self, actor: Actor, at: datetime, events: Sequence[AuditEvent]) -> None:
        """Record several events at once (one statement: the audited reads of a list)."""
        ...


class TerritoryRecord(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def fictitious(self) -> bool: ...
    @property
    def max_travel_min(self) -> float: ...
    @property
    def proposal_days(self) -> int: ...


class PatientRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def territory_id(self) -> str: ...
    @property
    def commune_code(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def priority_level(self) -> str: ...
    @property
    def registered_by(self) -> int | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def birth_date(self) -> date | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def priority_reasons(self) -> str: ...
    @property
    def registered_at(self) -> datetime: ...
    @property
    def attached_professional_id(self) -> int | None: ...
    @property
    def fictitious(self) -> bool: ...
    @property
    def care(self) -> str: ...
    # the criteria of the priority (a correction assesses it again)
    @property
    def ald(self) -> bool: ...
    @property
    def pregnant(self) -> bool: ...
    @property
    def precarity(self) -> str: ...
    @property
    def lost_doctor(self) -> str: ...
    @property
    def disability(self) -> bool: ...
    @property
    def reduced_mobility(self) -> bool: ...
    @property
    def language(self) -> str | None: ...


class ProfessionalRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def territory_id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def profession(self) -> str: ...
    @property
    def commune_code(self) -> str: ...
    @property
    def languages(self) -> str: ...
    @property
    def home_visits(self) -> bool: ...


class CapacityRecord(Protocol):
    @property
    def professional_id(self) -> int: ...
    @property
    def places_remaining(self) -> int: ...


class ProposalRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def patient_id(self) -> int: ...
    @property
    def professional_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def level(self) -> str: ...
    @property
    def travel_time_min(self) -> float: ...
    @property
    def deadline(self) -> datetime: ...
    @property
    def decided_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class PatientEvent:
    """One change in a patient's history, from the audit log (identifiers only)."""

    at: datetime
    action: str
    role: str | None
    detail: str = ""


# The audit actions a patient's record shows as its history after its registration (reads and
# list views are left out: they are in the audit log, not events of the request).
HISTORY_ACTIONS = (
    "patient.correct",
    "patient.withdraw",
    "patient.export",
    "proposal.accept",
    "proposal.decline",
    "proposal.expire",
    "proposal.withdraw",
)


# Age bands of the coordination's list filter, matching the priority rule's thresholds
# (under 16, 70 or more): code → (youngest, oldest or None).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-15": (0, 15),
    "16-69": (16, 69),
    "70+": (70, None),
}


@dataclass(frozen=True)
class PatientQuery:
    """The coordination's filters of its list (each ``None``: any). ``name`` is a part of the
    first or last name (a search: audited), ``age_band`` a key of :data:`AGE_BANDS`, ages
    counted on ``today``."""

    level: str | None = None
    commune_code: str | None = None
    age_band: str | None = None
    name: str | None = None
    today: date | None = None

    @property
    def is_search(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True)
class NewPatient:
    """A registration request, validated by the shell (API model, form, CLI)."""

    commune_code: str
    last_name: str
    first_name: str
    birth_date: date
    phone: str | None = None
    email: str | None = None
    ald: bool = False
    pregnant: bool = False
    precarity: str = "none"
    lost_doctor: str = "none"
    disability: bool = False
    reduced_mobility: bool = False
    language: str | None = None
    consent: bool = True
    channel: str = "coordinator"
    care: str = "generalist"  # the waiting list: entities.CareList
    tracking_hash: str | None = None  # self-registration: SHA-256 of the code given once


@dataclass(frozen=True)
class NewProfessional:
    display_name: str
    commune_code: str
    profession: str = "generalist"
    languages: tuple[str, ...] = ("fr",)
    home_visits: bool = False


@dataclass(frozen=True)
class CapacityDeclaration:
    places: int
    valid_until: date | None = None
    min_age: int = 0
    max_age: int = 150
    home_visits: bool = False
    kind: str = "standard"  # entities.CapacityKind
    days_per_month: int | None = None  # shared time
    lender_finess: str | None = None  # hospital loan
    area: tuple[str, ...] = ()  # shared time: the communes served


class RightsRepository(Protocol):
    """What patients' rights need (:mod:`proxisante.registry.rights`); never commits."""

    def get_territory(self, territory_id: str) -> TerritoryRecord | None: ...
    def territory_ids(self) -> list[str]: ...
    def commune_codes(self, territory_id: str) -> set[str]: ...
    def get_patient(self, patient_id: int) -> PatientRecord | None: ...
    def get_controller(self, territory_id: str) -> Controller | None: ...
    def save_controller(self, controller: Controller, user_id: int | None) -> None: ...
    def update_patient(self, patient_id: int, changes: Mapping[str, object]) -> PatientRecord:
        """Set the given columns (checked by the service) of one patient."""
        ...

    def withdraw_patient(self, patient_id: int, now: datetime) -> bool:
        """Waiting or proposed → withdrawn (``left_at`` now), its live proposal cancelled."""
        ...

    def erase_patient(self, patient_id: int, now: datetime) -> bool:
        """Blank the personal data and criteria, keep an anonymous tombstone, forget the
        patient's messages, delete the notes; False when already erased or absent."""
        ...

    def export_patient(
        self, patient_id: int, controller: Controller, country: str
    ) -> PatientExport | None: ...
    def purge_candidates(self, territory_id: str, cutoff: datetime) -> list[PurgeCandidate]:
        """Patients attached, or withdrawn, before ``cutoff`` (not yet erased)."""
        ...

    def add_note(
        self, patient_id: int, territory_id: str, text: str, now: datetime, author: Actor
    ) -> PatientNote:
        """Store one note (checked by the service) written by ``author``."""
        ...

    def patient_notes(self, patient_id: int) -> list[PatientNote]:
        """The notes of one patient, newest first, with their author's username."""
        ...


class RegistryRepository(RightsRepository, Protocol):
    """Persistence of the registry; each write is atomic on its own and never commits."""

    # territories
    def get_territory(self, territory_id: str) -> TerritoryRecord | None: ...
    def lock_territory(self, territory_id: str) -> TerritoryRecord | None: ...
    def try_lock_territory(self, territory_id: str) -> TerritoryRecord | None:
        """Lock the territory unless another transaction holds it (then None, at once)."""
        ...

    def territory_ids(self) -> list[str]: ...
    def all_communes(self) -> list[tuple[str, str, str]]:
        """(territory id, INSEE code, name) of every commune of every territory."""
        ...

    def commune_codes(self, territory_id: str) -> set[str]: ...
    def commune_points(self, territory_id: str) -> CommunePoints: ...

    # patients
    def add_patient(
        self,
        territory_id: str,
        patient: NewPatient,
        now: datetime,
        registered_by: int | None,
        priority: PriorityAssessment,
    ) -> PatientRecord:
        """Store the request with the priority the service computed."""
        ...

    def get_patient(self, patient_id: int) -> PatientRecord | None: ...
    def patient_by_tracking(self, tracking_hash: str) -> PatientRecord | None: ...
    def patients_born_on(
        self, birth_date: date, territory_id: str | None = None
    ) -> Sequence[PatientRecord]:
        """The patients with this birth date (of one territory, or of every one)."""
        ...

    def set_tracking_hash(self, patient_id: int, tracking_hash: str) -> None:
        """Replace a self-registered request's tracking code (its hash)."""
        ...

    def attachment_waits(self, territory_id: str, since: datetime) -> list[timedelta]:
        """Time from registration to attachment of the patients attached since ``since``."""
        ...

    def find_patient(
        self, territory_id: str, last_name: str, first_name: str, birth_date: date
    ) -> PatientRecord | None:
        """A patient of the territory with these names (any case) and birth date."""
        ...

    def list_patients(
        self,
        territory_id: str,
        status: str | None,
        registered_by: int | None,
        limit: int,
        offset: int = 0,
        query: PatientQuery | None = None,
    ) -> Sequence[PatientRecord]: ...
    def count_patients(
        self,
        territory_id: str,
        status: str | None,
        registered_by: int | None,
        query: PatientQuery | None = None,
    ) -> int: ...
    def waiting_patients(
        self, territory_id: str, today: date, only: int | None = None
    ) -> list[WaitingPatient]: ...

    # professionals and capacities
    def add_professional(
        self, territory_id: str, professional: NewProfessional
    ) -> ProfessionalRecord: ...
    def get_professional(self, professional_id: int) -> ProfessionalRecord | None: ...
    def find_professional(
        self, territory_id: str, display_name: str, commune_code: str
    ) -> ProfessionalRecord | None:
        """A professional of the territory with this name (any case) in this commune."""
        ...

    def save_capacity(
        self, professional_id: int, declaration: CapacityDeclaration, now: datetime
    ) -> CapacityRecord: ...
    def places_remaining(self, professional_id: int) -> int: ...
    def free_capacities(self, territory_id: str, today: date) -> list[Capacity]: ...

    # proposals: atomic steps of the lifecycle
    def get_proposal(self, proposal_id: int) -> ProposalRecord | None: ...
    def list_proposals(
        self,
        territory_id: str | None = None,
        professional_id: int | None = None,
        status: str | None = None,
        limit: int = 500,
    ) -> Sequence[ProposalRecord]: ...
    def live_proposals_newest_first(self, professional_id: int) -> Sequence[ProposalRecord]: ...
    def patient_proposals(self, patient_id: int) -> Sequence[ProposalRecord]:
        """Every proposal made for one patient, newest first."""
        ...

    def patient_events(
        self, patient_id: int, actions: Sequence[str], limit: int = 100
    ) -> Sequence[PatientEvent]:
        """The patient's audit events of these actions, oldest first."""
        ...

    def overdue_proposals(self, territory_id: str, now: datetime) -> list[int]: ...
    def start_run(
        self, territory_id: str, now: datetime, n_waiting: int, user_id: int | None
    ) -> int: ...
    def finish_run(self, run_id: int, n_proposals: int, now: datetime) -> None: ...
    def mark_proposed(self, patient_ids: Sequence[int]) -> int:
        """Waiting patients → proposed; returns how many changed."""
        ...

    def propose(
        self,
        assignments: Sequence[Assignment],
        now: datetime,
        deadline: datetime,
        run_id: int | None,
    ) -> Sequence[ProposalRecord]: ...
    def take_proposal(self, proposal_id: int, professional_id: int, now: datetime) -> bool: ...
    def use_place(self, professional_id: int) -> bool: ...
    def attach_patient(self, patient_id: int, professional_id: int, now: datetime) -> bool: ...
    def close_proposal(
        self, proposal_id: int, status: str, now: datetime
    ) -> ProposalRecord | None: ...
    def refresh_proposal(self, proposal_id: int) -> ProposalRecord: ...


@dataclass(frozen=True)
class RecentAttachment:
    """An attachment as the coordination's dashboard lists it (identifiers only)."""

    patient_id: int
    professional_id: int | None
    attached_at: datetime | None
    level: str


class RegistryReader(Protocol):
    """What the read side (:mod:`proxisante.registry.views`) needs: read-only queries."""

    def patient_histories(self, territory_id: str) -> list[PatientHistory]:
        """Every request of the territory, erased ones included (as anonymous tombstones)."""
        ...

    def status_counts(self, territory_id: str) -> dict[str, dict[str, int]]:
        """{status: {level: n}} (raw counts)."""
        ...

    def recent_attachments(self, territory_id: str, limit: int) -> list[RecentAttachment]: ...

    def attachment_counts(self, territory_id: str) -> dict[str, int]:
        """Attached requests by outcome (:class:`~proxisante.registry.outcome.Outcome` values),
        raw counts."""
        ...
