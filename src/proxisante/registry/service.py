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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from proxisante.actor import Actor
from proxisante.errors import Problem, require
from proxisante.i18n import _
from proxisante.notify import texts
from proxisante.notify.model import Channel, Notification
from proxisante.notify.ports import Outbox
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
from proxisante.registry.entities import (
    Assignment,
    CareList,
    PatientStatus,
    PriorityAssessment,
    ProposalStatus,
)
from proxisante.registry.imports import CapacityLine
from proxisante.registry.matching import match_patients
from proxisante.registry.outcome import LABELS as OUTCOME_LABELS
from proxisante.registry.outcome import attachment_outcome
from proxisante.registry.ports import (
    HISTORY_ACTIONS,
    AuditEvent,
    AuditLog,
    CapacityDeclaration,
    CapacityRecord,
    Clock,
    NewPatient,
    NewProfessional,
    PatientEvent,
    PatientQuery,
    PatientRecord,
    ProfessionalRecord,
    ProposalRecord,
    RegistryRepository,
    TerritoryRecord,
    TravelFunction,
)
from proxisante.registry.priority import assess_request
from proxisante.registry.rights import RightsService
from proxisante.registry.selfreg import (
    MIN_FOR_WAIT,
    OPEN_STATUSES,
    STATUS_LABELS,
    AlreadyRegisteredError,
    CodeRecovery,
    Registered,
    RequestStatus,
    SelfRegistration,
    TypicalWait,
    check_form,
    check_recovery,
    code_hash,
    identity_key,
    new_code,
    parse_birth_date,
)
from proxisante.territory.search import fold, rank_matches

BATCH = 500
CARE_LISTS = tuple(c.value for c in CareList)
SYSTEM = Actor(user_id=None, role="system")  # the clock: ticks, expiries
PUBLIC = Actor(user_id=None, role="public")  # a person on the public pages, not logged in


def _contact_of(email: str | None, phone: str | None) -> tuple[Channel, str] | None:
    """Where a patient's messages go: the e-mail address, else the phone (SMS)."""
    if email:
        return Channel.EMAIL, email
    if phone:
        return Channel.SMS, phone
    return None


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
class PatientTimeline:
    """What a patient's record shows besides the request: its proposals, newest first, and
    its history of changes, oldest first."""

    proposals: tuple[ProposalRecord, ...]
    events: tuple[PatientEvent, ...]


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote: ``created`` patients registered or capacities declared,
    ``skipped`` patients already in the list, ``professionals_created`` professionals added by
    name, ``withdrawn`` live proposals withdrawn beyond a reduced capacity."""

    territory_id: str
    created: int
    skipped: int = 0
    professionals_created: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class Decision:
    proposal: ProposalRecord
    next_proposal: ProposalRecord | None = None


@dataclass(frozen=True)
class TickResult:
    """What one tick did in one territory (counts only)."""

    territory_id: str
    expired: int
    passed_on: int
    purged: int = 0  # closed requests past the retention period, erased


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
        *,
        outbox: Outbox | None = None,
    ) -> None:
        self.repo = repo
        self.audit = audit
        self.clock = clock
        self.travel = travel
        self.outbox = outbox

    def _log(self, actor: Actor, now: datetime, event: AuditEvent) -> None:
        self.audit.record(actor, now, event)

    def _notify(self, notification: Notification | None, now: datetime) -> None:
        """Enqueue in the caller's transaction: the message exists iff the event does."""
        if notification is not None and self.outbox is not None:
            self.outbox.enqueue(notification, now)

    def _notify_proposed(self, proposal: ProposalRecord, now: datetime) -> None:
        p = self.repo.get_patient(proposal.patient_id)
        if p is not None:
            self._notify(texts.proposal_made(p.id, p.email, p.phone, proposal.deadline), now)

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
        if patient.care not in CARE_LISTS:
            raise RegistryError(
                _("care : {care} ; attendu une liste d'attente parmi {lists}.").format(
                    care=repr(patient.care), lists=", ".join(CARE_LISTS)
                )
            )
        if actor.role == "helper":
            patient = _with_channel(patient, "helper")
        row = self.repo.add_patient(
            territory_id, patient, now, actor.user_id, _priority(patient, now)
        )
        self._log(
            actor,
            now,
            AuditEvent(
                "patient.create", row.id, territory_id, detail=f"level {row.priority_level}"
            ),
        )
        return row

    def self_register(self, actor: Actor, form: SelfRegistration) -> Registered:
        """A request typed on the public form (by the patient, or a helper for them).

        Every field is checked first (:class:`~.selfreg.SelfRegistrationError` lists every problem;
        nothing is stored); the commune, typed by name, decides the territory. A second request
        for the same person (names without case, accents or hyphens, birth date, commune) while
        the first is open is refused (:class:`~.selfreg.AlreadyRegisteredError`, nothing stored,
        nothing of the first shown). The tracking code is returned once and sent to the e-mail
        address (else the phone) given; only its hash is stored.
        """
        now = self.clock()
        checked = check_form(form, self.repo.all_communes(), now.date())
        key = identity_key(form.last_name, form.first_name)
        for other in self.repo.patients_born_on(checked.birth_date, checked.territory_id):
            if (
                other.status in OPEN_STATUSES
                and other.commune_code == checked.commune_code
                and identity_key(other.last_name or "", other.first_name or "") == key
            ):
                self._log(
                    actor,
                    now,
                    AuditEvent("patient.duplicate_refused", other.id, other.territory_id),
                )
                raise AlreadyRegisteredError()
        code = new_code()
        helper = form.on_behalf or actor.role == "helper"
        request = NewPatient(
            commune_code=checked.commune_code,
            last_name=form.last_name.strip(),
            first_name=form.first_name.strip(),
            birth_date=checked.birth_date,
            phone=checked.phone,
            email=checked.email,
            ald=form.ald,
            pregnant=form.pregnant,
            precarity=form.precarity,
            lost_doctor=form.lost_doctor,
            disability=form.disability,
            reduced_mobility=form.reduced_mobility,
            language=checked.language,
            consent=True,
            channel="helper" if helper else "self",
            tracking_hash=code_hash(code),
        )
        row = self.repo.add_patient(
            checked.territory_id, request, now, actor.user_id, _priority(request, now)
        )
        self._log(
            actor,
            now,
            AuditEvent(
                "patient.create",
                row.id,
                row.territory_id,
                f"level {row.priority_level} channel {'helper' if helper else 'self'}",
            ),
        )
        contact = _contact_of(checked.email, checked.phone)
        if contact is not None:
            self._notify(texts.tracking_code(row.id, *contact, code, recovered=False), now)
        return Registered(code, row.id, row.territory_id, row.priority_level, contact is not None)

    def recover_code(self, actor: Actor, request: CodeRecovery) -> None:
        """Send a new tracking code to the contact of the open request of this person (names,
        birth date, and the e-mail address or phone number the request gives). Nothing is
        answered either way: the caller says the same thing whether a request was found; the
        code goes only to the registered contact. Audited when a request is found."""
        now = self.clock()
        wanted = check_recovery(request, now.date())
        key = identity_key(request.last_name, request.first_name)
        for row in self.repo.patients_born_on(wanted.birth_date):
            if row.status in STATUS_LABELS and (
                identity_key(row.last_name or "", row.first_name or "") == key
            ):
                to = wanted.matches(row.email, row.phone)
                if to is None:
                    continue
                code = new_code()
                self.repo.set_tracking_hash(row.id, code_hash(code))
                self._notify(texts.tracking_code(row.id, *to, code, recovered=True), now)
                self._log(actor, now, AuditEvent("patient.code_resent", row.id, row.territory_id))
                return

    def territory_of_commune(self, commune_code: str) -> str | None:
        """The registry territory that covers this commune (INSEE code or ``ch:`` number)."""
        for tid, code, _name in self.repo.all_communes():
            if code == commune_code:
                return tid
        return None

    def typical_wait(self, territory_id: str) -> TypicalWait | None:
        """The median time from registration to attachment in the territory over the last
        twelve months (calculé, from the registry), or None under 11 attachments (too few to
        say, and the small-count rule)."""
        now = self.clock()
        waits = sorted(self.repo.attachment_waits(territory_id, now - timedelta(days=365)))
        if len(waits) < MIN_FOR_WAIT:
            return None
        mid = len(waits) // 2
        median = waits[mid] if len(waits) % 2 else (waits[mid - 1] + waits[mid]) / 2
        return TypicalWait(max(1, round(median.total_seconds() / 86400)), len(waits))

    def covered_communes(self, text: str, limit: int = 10) -> list[tuple[str, str]]:
        """(INSEE code, name) of the registry's communes matching ``text`` (best first)."""
        communes = self.repo.all_communes()
        hits = sorted(rank_matches(text, [fold(n) for _t, _c, n in communes]))[:limit]
        return [(communes[i][1], communes[i][2]) for _score, i in hits]

    def request_status(self, actor: Actor, code: str, birth_date: str) -> RequestStatus:
        """The status of the request with this code and birth date; one answer (404) whether
        the code or the date is wrong. Audited."""
        now = self.clock()
        not_found = NotFoundError(
            _(
                "Aucune demande ne correspond à ce code de suivi et à cette date de naissance : "
                "vérifiez le code (12 caractères, p. ex. ABCD-EFGH-JKMN) et la date."
            )
        )
        try:
            born = parse_birth_date(birth_date, now.date())
        except ValueError:
            raise not_found from None
        row = self.repo.patient_by_tracking(code_hash(code))
        if row is None or row.birth_date != born or row.status not in STATUS_LABELS:
            raise not_found
        self._log(actor, now, AuditEvent("patient.status_read", row.id, row.territory_id))
        outcome = self.outcome_of(row)
        label = OUTCOME_LABELS[outcome] if outcome is not None else STATUS_LABELS[row.status]
        return RequestStatus(
            row.status, label, row.registered_at, row.priority_level, outcome, row.territory_id
        )

    def outcome_of(self, row: PatientRecord) -> str | None:
        """An attached patient's outcome: médecin traitant, team follow-up or professional."""
        if row.status != PatientStatus.ATTACHED.value or row.attached_professional_id is None:
            return None
        pro = self.repo.get_professional(row.attached_professional_id)
        return attachment_outcome(row.care, pro.profession if pro else None).value

    def list_patients(
        self,
        actor: Actor,
        territory_id: str,
        *,
        status: str | None = None,
        registered_by: int | None = None,
        limit: int = 500,
        offset: int = 0,
        query: PatientQuery | None = None,
    ) -> Sequence[PatientRecord]:
        """A territory's list (priority, then date of registration), ``limit`` rows from
        ``offset``, filtered by ``query``; each patient shown is an audited read, and a search
        by name is audited as such (``patient.search``: how many found, never the name)."""
        now = self.clock()
        if query is not None and query.today is None:
            query = replace(query, today=now.date())
        rows = self.repo.list_patients(territory_id, status, registered_by, limit, offset, query)
        events = [AuditEvent("patient.list", r.id, territory_id) for r in rows]
        if query is not None and query.is_search:
            events.insert(0, AuditEvent("patient.search", None, territory_id, f"{len(rows)} shown"))
        self.audit.record_many(actor, now, events)
        return rows

    def count_patients(
        self,
        territory_id: str,
        *,
        status: str | None = None,
        registered_by: int | None = None,
        query: PatientQuery | None = None,
    ) -> int:
        """How many patients :meth:`list_patients` would show without a limit (a count, not a
        read of anyone's record: not audited)."""
        if query is not None and query.today is None:
            query = replace(query, today=self.clock().date())
        return self.repo.count_patients(territory_id, status, registered_by, query)

    def patient_timeline(self, patient: PatientRecord) -> PatientTimeline:
        """The proposals made for a patient and the changes of the request (from the audit
        log). Call it after an audited read of the record (``RightsService.read``)."""
        return PatientTimeline(
            tuple(self.repo.patient_proposals(patient.id)),
            tuple(self.repo.patient_events(patient.id, HISTORY_ACTIONS)),
        )

    def read_patient(self, actor: Actor, patient: PatientRecord, action: str) -> None:
        """Record a read of one record (``patient.read``, ``patient.export``)."""
        self._log(actor, self.clock(), AuditEvent(action, patient.id, patient.territory_id))

    def rights(self) -> RightsService:
        """Patients' rights (export, correction, withdrawal, erasure, purge) on the same
        repository, audit log and clock."""
        return RightsService(self.repo, self.audit, self.clock)

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

    # ------------------------------------------------------------ imports (CSV files)

    def import_patients(
        self, actor: Actor, territory_id: str, data: bytes, source: str
    ) -> ImportSummary:
        """Register every patient of a CSV file, or none (each problem listed with its line).

        A patient already in the territory's list (same names, any case, and birth date) is
        skipped, so a nightly job may import the same file again.
        """
        from proxisante.registry.imports import parse_patients

        now = self.clock()
        self.territory(territory_id)
        lines = parse_patients(
            data,
            source,
            territory_id=territory_id,
            communes=frozenset(self.repo.commune_codes(territory_id)),
            today=now.date(),
        )
        created = skipped = 0
        for item in lines:
            p = item.patient
            if self.repo.find_patient(territory_id, p.last_name, p.first_name, p.birth_date):
                skipped += 1
                continue
            self.register_patient(actor, territory_id, p)
            created += 1
        self._log(
            actor,
            now,
            AuditEvent(
                "patient.import", None, territory_id, f"created {created} skipped {skipped}"
            ),
        )
        return ImportSummary(territory_id, created, skipped=skipped)

    def import_capacities(
        self, actor: Actor, territory_id: str, data: bytes, source: str
    ) -> ImportSummary:
        """Declare every capacity of a CSV file, or none (each problem listed with its line).

        A line names a professional by ``professional_id`` (of this territory) or by name and
        commune (created when absent); its declaration replaces the previous one, and live
        proposals beyond the new places are withdrawn as :meth:`declare_capacity` does.
        """
        from proxisante.errors import InputFileError
        from proxisante.i18n import _
        from proxisante.registry.imports import parse_capacities

        now = self.clock()
        self.territory(territory_id)
        lines = parse_capacities(
            data,
            source,
            territory_id=territory_id,
            communes=frozenset(self.repo.commune_codes(territory_id)),
            today=now.date(),
        )
        problems = [
            Problem(
                item.line,
                _(
                    "professional_id : {id} n'est pas un professionnel du territoire "
                    "{territory} ; attendu l'identifiant d'un de ses professionnels, ou name et "
                    "commune à la place"
                ).format(id=item.professional_id, territory=repr(territory_id)),
            )
            for item in lines
            if item.professional_id is not None
            and not self._in_territory(item.professional_id, territory_id)
        ]
        problems += self._kind_problems(lines, territory_id, now)
        if problems:
            raise InputFileError(source, sorted(problems, key=lambda p: p.line or 0))
        created = added = withdrawn = 0
        for item in lines:
            pid = item.professional_id
            if pid is None and item.professional is not None:
                pro = item.professional
                found = self.repo.find_professional(
                    territory_id, pro.display_name, pro.commune_code
                )
                if found is None:
                    found = self.add_professional(actor, territory_id, pro)
                    added += 1
                pid = found.id
            require(pid is not None, "a professional id for each capacity line")
            change = self.declare_capacity(actor, int(pid or 0), item.declaration)
            withdrawn += len(change.withdrawn)
            created += 1
        return ImportSummary(
            territory_id, created, professionals_created=added, withdrawn=withdrawn
        )

    def _kind_problems(
        self, lines: Sequence[CapacityLine], territory_id: str, now: datetime
    ) -> list[Problem]:
        """The declaration rules of each line's capacity kind, with its line number."""
        from proxisante.registry.kinds import check_kind

        communes = self.repo.commune_codes(territory_id)
        out = []
        for item in lines:
            if item.professional is not None:
                profession = item.professional.profession
            else:
                pro = self.repo.get_professional(item.professional_id or 0)
                profession = pro.profession if pro is not None else "generalist"
            out += [
                Problem(item.line, text)
                for text in check_kind(item.declaration, profession, communes, now.date())
            ]
        return out

    def _in_territory(self, professional_id: int, territory_id: str) -> bool:
        pro = self.repo.get_professional(professional_id)
        return pro is not None and pro.territory_id == territory_id

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
        from proxisante.registry.kinds import check_kind

        problems = check_kind(
            declaration, pro.profession, self.repo.commune_codes(pro.territory_id), now.date()
        )
        if problems:
            raise RegistryError(" ; ".join(problems) + ".")
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
        read = (ProposalStatus.PROPOSED.value, ProposalStatus.ACCEPTED.value)
        self.audit.record_many(
            actor,
            now,
            [
                AuditEvent("patient.proposal_read", r.patient_id, actor.territory_id)
                for r in rows
                if r.status in read
            ],
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
        p = self.repo.get_patient(done.patient_id)
        pro = self.repo.get_professional(professional_id)
        if p is not None and pro is not None:
            outcome = attachment_outcome(p.care, pro.profession).value
            self._notify(
                texts.proposal_accepted(p.id, p.email, p.phone, pro.display_name, outcome), now
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

    def _cascade(
        self, patient_id: int, territory_id: str, now: datetime, *, notify: bool = True
    ) -> ProposalRecord | None:
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
        made = self.repo.propose([best], now, deadline, None)[0]
        if notify:
            self._notify_proposed(made, now)
        return made

    def expire_overdue(self, territory_id: str, now: datetime, *, cascade: bool = True) -> int:
        """Close proposals past their deadline; cascade each patient unless told not to.
        Each expiry is audited and notified; returns how many this call closed."""
        return self._expire(territory_id, now, cascade)[0]

    def _expire(self, territory_id: str, now: datetime, cascade: bool) -> tuple[int, int]:
        closed = passed_on = 0
        for pid in self.repo.overdue_proposals(territory_id, now):
            row = self.repo.close_proposal(pid, ProposalStatus.EXPIRED.value, now)
            if row is None:  # closed meanwhile (accepted, declined, another tick)
                continue
            closed += 1
            nxt = (
                self._cascade(row.patient_id, territory_id, now, notify=False) if cascade else None
            )
            passed_on += nxt is not None
            self._log(
                SYSTEM,
                now,
                AuditEvent(
                    "proposal.expire",
                    row.patient_id,
                    territory_id,
                    f"proposal {row.id} next {nxt.id if nxt else None}",
                ),
            )
            p = self.repo.get_patient(row.patient_id)
            if p is not None:  # first the expiry, then the new proposal
                self._notify(texts.proposal_expired(p.id, p.email, p.phone, nxt is not None), now)
            if nxt is not None:
                self._notify_proposed(nxt, now)
        return closed, passed_on

    def tick(self, territory_id: str) -> TickResult | None:
        """Expire the territory's overdue proposals and pass each patient on (cascade); erase
        the requests closed for longer than the retention period (:meth:`.RightsService.purge`).

        Idempotent, and safe when several run at once: the territory is locked without waiting
        (``SKIP LOCKED``); a tick that finds it locked does nothing (None) and the next tick
        will; each proposal is closed by a conditional update, so never twice.
        """
        now = self.clock()
        if self.repo.try_lock_territory(territory_id) is None:
            return None
        expired, passed_on = self._expire(territory_id, now, cascade=True)
        if expired:
            self._log(
                SYSTEM,
                now,
                AuditEvent(
                    "registry.tick", None, territory_id, f"expired {expired} next {passed_on}"
                ),
            )
        purged = len(self.rights().purge(territory_id).patients)
        return TickResult(territory_id, expired, passed_on, purged)

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
            for made in self.repo.propose(batch, now, deadline, run_id):
                self._notify_proposed(made, now)
            if on_progress is not None:
                on_progress(min(start + BATCH, len(assignments)), len(assignments))
        self.repo.finish_run(run_id, len(assignments), now)
        return run_id


def _priority(patient: NewPatient, now: datetime) -> PriorityAssessment:
    """The request's priority level and reasons, computed at registration (the store keeps
    them with the request)."""
    return assess_request(
        birth_date=patient.birth_date,
        today=now.date(),
        ald=patient.ald,
        pregnant=patient.pregnant,
        precarity=patient.precarity,
        lost_doctor=patient.lost_doctor,
        disability=patient.disability,
        reduced_mobility=patient.reduced_mobility,
    )


def _with_channel(patient: NewPatient, channel: str) -> NewPatient:
    from dataclasses import replace

    return replace(patient, channel=channel)
