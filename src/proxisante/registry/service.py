"""The registry's use cases, written once: API routes, HTML pages and the CLI call these.

:class:`RegistryService` takes a repository (:class:`~.ports.RegistryRepository`), an audit
log, a clock and a travel-time function; it writes its own audit events. It never
commits: the shell owns the transaction (a route commits after the call, the CLI wraps it in
``store.db.transaction``), so a use case is written whole or not at all.

The proposal lifecycle — matching run, acceptance, refusal with cascade, expiry, withdrawal of the
proposals beyond a reduced capacity — lives here; the repository only offers atomic steps
(conditional updates) that keep the guarantees under concurrency: a place is never given twice,
a patient never holds two live proposals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from proxisante.i18n import _
from proxisante.registry._errors import (
    CapacityExhaustedError,
    ProposalStateError,
    RegistryError,
    UnknownTerritoryIdError,
)
from proxisante.registry._errors import (
    RegistryNotFoundError as NotFoundError,
)
from proxisante.registry.cascade import next_professional
from proxisante.registry.contact import check_birth_date, check_valid_until
from proxisante.registry.entities import Assignment, ProposalStatus
from proxisante.registry.matching import match_patients
from proxisante.registry.ports import (
    Actor,
    AuditEvent,
    AuditLog,
    CapacityDeclaration,
    CapacityRecord,
    Clock,
    NewPatient,
    NewProfessional,
    PatientRecord,
    ProfessionalRecord,
    ProposalRecord,
    RegistryRepository,
    TerritoryRecord,
    TravelFunction,
)

BATCH = 500


class OutOfScopeError(RegistryError):
    """A value outside the actor's territory (a commune, a professional)."""


@dataclass(frozen=True)
class RunSummary:
    run_id: int | None
    territory_id: str
    n_waiting: int
    n_proposals: int
    by_level: dict[str, int]
    dry_run: bool
    assignments: tuple[Assignment, ...]
    travel_note: str = ""


@dataclass(frozen=True)
class Decision:
    proposal: ProposalRecord
    next_proposal: ProposalRecord | None = None


@dataclass(frozen=True)
class CapacityChange:
    capacity: CapacityRecord
    withdrawn: tuple[Decision, ...]


class RegistryService:
    """The registry's use cases over one repository (one transaction)."""

    def __init__(
        self,
        repo: RegistryRepository,
        audit: AuditLog,
        clock: Clock,
        travel: TravelFunction,
    ) -> None:
        self.repo = repo
        self.audit = audit
        self.clock = clock
        self.travel = travel

    def _log(self, actor: Actor, now: datetime, event: AuditEvent) -> None:
        self.audit.record(actor, now, event)

    # ------------------------------------------------------------ territories and patients

    def territory(self, territory_id: str) -> TerritoryRecord:
        row = self.repo.get_territory(territory_id)
        if row is None:
            raise UnknownTerritoryIdError(territory_id)
        return row

    def register_patient(
        self, actor: Actor, territory_id: str, patient: NewPatient
    ) -> PatientRecord:
        """Register a request in the territory's list (priority computed and stored)."""
        now = self.clock()
        self.territory(territory_id)
        codes = self.repo.commune_codes(territory_id)
        if patient.commune_code not in codes:
            raise OutOfScopeError(
                _(
                    "Commune {commune_code} hors du territoire {territory_id} : attendu le "
                    "code INSEE d'une de ses {n_codes} communes (GET /api/v1/territories)."
                ).format(
                    commune_code=repr(patient.commune_code),
                    territory_id=repr(territory_id),
                    n_codes=len(codes),
                )
            )
        try:
            check_birth_date(patient.birth_date, now.date())
        except ValueError as exc:
            raise RegistryError(_("birth_date : {exc}.").format(exc=exc)) from None
        if not patient.consent:
            raise RegistryError(_("Le consentement du patient est requis pour l'inscrire."))
        if actor.role == "helper":
            patient = _with_channel(patient, "helper")
        row = self.repo.add_patient(territory_id, patient, now, actor.user_id)
        self._log(
            actor,
            now,
            AuditEvent(
                "patient.create", row.id, territory_id, detail=f"level {row.priority_level}"
            ),
        )
        return row

    def list_patients(
        self,
        actor: Actor,
        territory_id: str,
        *,
        status: str | None = None,
        registered_by: int | None = None,
        limit: int = 500,
    ) -> Sequence[PatientRecord]:
        """A territory's list; each patient shown is an audited read."""
        now = self.clock()
        rows = self.repo.list_patients(territory_id, status, registered_by, limit)
        for r in rows:
            self._log(actor, now, AuditEvent("patient.list", r.id, territory_id))
        return rows

    def read_patient(self, actor: Actor, patient: PatientRecord, action: str) -> None:
        """Record a read of one record (``patient.read``, ``patient.export``)."""
        self._log(actor, self.clock(), AuditEvent(action, patient.id, patient.territory_id))

    def erase_patient(self, actor: Actor, patient: PatientRecord) -> None:
        now = self.clock()
        self.repo.erase_patient(patient.id, now)
        self._log(actor, now, AuditEvent("patient.erase", patient.id, patient.territory_id))

    def add_professional(
        self, actor: Actor, territory_id: str, professional: NewProfessional
    ) -> ProfessionalRecord:
        self.territory(territory_id)
        if professional.commune_code not in self.repo.commune_codes(territory_id):
            raise OutOfScopeError(
                _("Commune {commune_code} hors du territoire {territory_id}.").format(
                    commune_code=repr(professional.commune_code), territory_id=repr(territory_id)
                )
            )
        row = self.repo.add_professional(territory_id, professional)
        self._log(
            actor,
            self.clock(),
            AuditEvent("professional.create", None, territory_id, f"professional {row.id}"),
        )
        return row

    # ------------------------------------------------------------ capacity

    def declare_capacity(
        self, actor: Actor, professional_id: int, declaration: CapacityDeclaration
    ) -> CapacityChange:
        """Replace the declaration; live proposals beyond the places left are withdrawn,
        newest first, and each of their patients passes on to the next professional."""
        now = self.clock()
        try:
            check_valid_until(declaration.valid_until, now.date())
        except ValueError as exc:
            raise RegistryError(_("valid_until : {exc}.").format(exc=exc)) from None
        if declaration.min_age > declaration.max_age:
            raise RegistryError(
                _("min_age ({min_age}) ne doit pas dépasser max_age ({max_age}).").format(
                    min_age=declaration.min_age, max_age=declaration.max_age
                )
            )
        pro = self.repo.get_professional(professional_id)
        if pro is None:
            raise NotFoundError(
                _("Professionnel {professional_id} introuvable.").format(
                    professional_id=professional_id
                )
            )
        cap = self.repo.save_capacity(professional_id, declaration, now)
        self._log(
            actor,
            now,
            AuditEvent(
                "capacity.declare",
                None,
                pro.territory_id,
                f"professional {professional_id} places {declaration.places}",
            ),
        )
        withdrawn = self._withdraw_surplus(actor, professional_id, pro.territory_id, now)
        return CapacityChange(cap, withdrawn)

    def _withdraw_surplus(
        self, actor: Actor, professional_id: int, territory_id: str, now: datetime
    ) -> tuple[Decision, ...]:
        places = self.repo.places_remaining(professional_id)
        live = self.repo.live_proposals_newest_first(professional_id)
        out = []
        for proposal in live[: max(len(live) - places, 0)]:
            closed = self.repo.close_proposal(proposal.id, ProposalStatus.CANCELLED.value, now)
            if closed is None:
                continue
            nxt = self._cascade(closed.patient_id, territory_id, now)
            self._log(
                actor,
                now,
                AuditEvent(
                    "proposal.withdraw",
                    closed.patient_id,
                    territory_id,
                    f"proposal {closed.id} next {nxt.id if nxt else None}",
                ),
            )
            out.append(Decision(closed, nxt))
        return tuple(out)

    # ------------------------------------------------------------ proposals

    def proposals_for_professional(
        self, actor: Actor, professional_id: int, *, status: str | None = None, limit: int = 500
    ) -> Sequence[ProposalRecord]:
        """The professional's proposals; each one is an audited read of its patient."""
        now = self.clock()
        rows = self.repo.list_proposals(professional_id=professional_id, status=status, limit=limit)
        for r in rows:
            if r.status in (ProposalStatus.PROPOSED.value, ProposalStatus.ACCEPTED.value):
                self._log(
                    actor,
                    now,
                    AuditEvent("patient.proposal_read", r.patient_id, actor.territory_id),
                )
        return rows

    def _own_proposal(self, proposal_id: int, professional_id: int) -> ProposalRecord:
        row = self.repo.get_proposal(proposal_id)
        if row is None or row.professional_id != professional_id:
            raise NotFoundError(
                _("Proposition {proposal_id} introuvable.").format(proposal_id=proposal_id)
            )
        return row

    def accept(self, actor: Actor, proposal_id: int, professional_id: int) -> Decision:
        """Attach the patient and use one place, or change nothing (409)."""
        now = self.clock()
        proposal = self._own_proposal(proposal_id, professional_id)
        if not self.repo.take_proposal(proposal_id, professional_id, now):
            raise ProposalStateError(
                _(
                    "La proposition {proposal_id} n'est plus ouverte (déjà décidée ou échue)."
                ).format(proposal_id=proposal_id)
            )
        if not self.repo.use_place(professional_id):
            raise CapacityExhaustedError(professional_id)
        if not self.repo.attach_patient(proposal.patient_id, professional_id, now):
            raise ProposalStateError(
                _("Le patient de la proposition {proposal_id} n'est plus en attente.").format(
                    proposal_id=proposal_id
                )
            )
        done = self.repo.refresh_proposal(proposal_id)
        self._log(
            actor,
            now,
            AuditEvent(
                "proposal.accept", done.patient_id, actor.territory_id, f"proposal {proposal_id}"
            ),
        )
        return Decision(done)

    def decline(self, actor: Actor, proposal_id: int, professional_id: int) -> Decision:
        """Decline; the patient passes at once to the next best professional (cascade)."""
        now = self.clock()
        self._own_proposal(proposal_id, professional_id)
        done = self.repo.close_proposal(proposal_id, ProposalStatus.DECLINED.value, now)
        if done is None:
            raise ProposalStateError(
                _("La proposition {proposal_id} n'est plus ouverte.").format(
                    proposal_id=proposal_id
                )
            )
        patient = self.repo.get_patient(done.patient_id)
        nxt = self._cascade(done.patient_id, patient.territory_id, now) if patient else None
        self._log(
            actor,
            now,
            AuditEvent(
                "proposal.decline", done.patient_id, actor.territory_id, f"proposal {proposal_id}"
            ),
        )
        return Decision(done, nxt)

    def _cascade(self, patient_id: int, territory_id: str, now: datetime) -> ProposalRecord | None:
        """Offer a waiting patient to the next best professional with a free place, if any."""
        territory = self.repo.lock_territory(territory_id)
        if territory is None:
            raise UnknownTerritoryIdError(territory_id)
        patients = self.repo.waiting_patients(territory_id, now.date(), only=patient_id)
        if not patients:
            return None
        points = self.repo.commune_points(territory_id)
        matrix, _ = self.travel(points, territory.max_travel_min)
        best = next_professional(
            patients[0],
            self.repo.free_capacities(territory_id, now.date()),
            points,
            max_travel_min=territory.max_travel_min,
            matrix=matrix,
        )
        if best is None or self.repo.mark_proposed([patient_id]) != 1:
            return None
        deadline = now + timedelta(days=territory.proposal_days)
        return self.repo.propose([best], now, deadline, None)[0]

    def expire_overdue(self, territory_id: str, now: datetime, *, cascade: bool = True) -> int:
        """Close proposals past their deadline; cascade each patient unless told not to."""
        overdue = self.repo.overdue_proposals(territory_id, now)
        for pid in overdue:
            row = self.repo.close_proposal(pid, ProposalStatus.EXPIRED.value, now)
            if row is not None and cascade:
                self._cascade(row.patient_id, territory_id, now)
        return len(overdue)

    # ------------------------------------------------------------ matching

    def run_matching(
        self,
        actor: Actor,
        territory_id: str,
        *,
        dry_run: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> RunSummary:
        """Expire overdue proposals, match every waiting patient, write the proposals (audited).

        All proposals of the run are written in the caller's transaction, or none.
        """
        now = self.clock()
        territory = self.repo.lock_territory(territory_id)
        if territory is None:
            raise UnknownTerritoryIdError(territory_id)
        if not dry_run:
            self.expire_overdue(territory_id, now, cascade=False)
        patients = self.repo.waiting_patients(territory_id, now.date())
        caps = self.repo.free_capacities(territory_id, now.date())
        points = self.repo.commune_points(territory_id)
        matrix, note = self.travel(points, territory.max_travel_min)
        result = match_patients(
            patients, caps, points, max_travel_min=territory.max_travel_min, matrix=matrix
        )
        run_id = None
        if not dry_run:
            run_id = self._write_run(
                actor, territory, len(patients), result.assignments, now, on_progress
            )
        summary = RunSummary(
            run_id,
            territory_id,
            len(patients),
            len(result.assignments),
            result.matched_by_level,
            dry_run,
            result.assignments,
            note,
        )
        self._log(
            actor,
            now,
            AuditEvent(
                "matching.run",
                None,
                territory_id,
                f"run {run_id} proposals {summary.n_proposals} dry {dry_run}",
            ),
        )
        return summary

    def _write_run(
        self,
        actor: Actor,
        territory: TerritoryRecord,
        n_waiting: int,
        assignments: Sequence[Assignment],
        now: datetime,
        on_progress: Callable[[int, int], None] | None,
    ) -> int:
        run_id = self.repo.start_run(territory.id, now, n_waiting, actor.user_id)
        deadline = now + timedelta(days=territory.proposal_days)
        for start in range(0, len(assignments), BATCH):
            batch = assignments[start : start + BATCH]
            if self.repo.mark_proposed([a.patient_id for a in batch]) != len(batch):
                raise ProposalStateError(
                    _(
                        "Des patients en attente ont changé pendant l'appariement ; aucune "
                        "proposition n'a été faite. Relancez l'appariement."
                    )
                )
            self.repo.propose(batch, now, deadline, run_id)
            if on_progress is not None:
                on_progress(min(start + BATCH, len(assignments)), len(assignments))
        self.repo.finish_run(run_id, len(assignments), now)
        return run_id


def _with_channel(patient: NewPatient, channel: str) -> NewPatient:
    from dataclasses import replace

    return replace(patient, channel=channel)
