"""Patients' rights, written once: the privacy notice of a territory and its controller, a
patient's export (access, portability), correction (rectification), withdrawal (objection,
limitation), erasure, the purge of closed requests past the retention period, and the
coordination's notes on a record (:mod:`proxisante.registry.notes`).

The HTML pages, the API routes and the CLI call :class:`RightsService`; it checks its input
(French :class:`~.privacy.PrivacyError` naming the field), writes its own audit events
(identifiers and field names only, never a value) and never commits: the shell owns the
transaction. :meth:`RegistryService.tick <proxisante.registry.service.RegistryService.tick>`
calls :meth:`RightsService.purge`, so ``serve``'s periodic task and ``proxisante registry tick``
purge alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from proxisante.actor import Actor
from proxisante.i18n import _
from proxisante.registry._errors import ProposalStateError, UnknownTerritoryIdError
from proxisante.registry._errors import RegistryNotFoundError as NotFoundError
from proxisante.registry.entities import LostDoctorReason, PatientStatus, Precarity
from proxisante.registry.notes import NOTE_ROLES, PatientNote, check_note_text
from proxisante.registry.ports import (
    AuditEvent,
    AuditLog,
    Clock,
    PatientRecord,
    RightsRepository,
)
from proxisante.registry.priority import assess_priority
from proxisante.registry.privacy import (
    CRITERIA,
    Controller,
    Correction,
    PatientExport,
    PurgeResult,
    check_controller,
    check_correction,
    default_controller,
    months_before,
    territory_country,
)

SYSTEM = Actor(user_id=None, role="system")
# Actors that act on every territory: the command line, the clock, an administrator.
UNSCOPED = frozenset({"cli", "system", "admin"})


@dataclass(frozen=True)
class PatientFile:
    """A record as its page shows it: the patient and the coordination's notes, newest first."""

    patient: PatientRecord
    notes: tuple[PatientNote, ...]


@dataclass(frozen=True)
class Notice:
    """What the privacy notice of one territory shows."""

    territory_id: str
    territory_name: str
    controller: Controller
    country: str  # "fr": the RGPD and the CNIL; "ch": Swiss law and the cantonal authority


class RightsService:
    """The use cases of patients' rights over one repository (one transaction)."""

    def __init__(self, repo: RightsRepository, audit: AuditLog, clock: Clock) -> None:
        self.repo = repo
        self.audit = audit
        self.clock = clock

    # ------------------------------------------------------------ the notice and its controller

    def notice(self, territory_id: str) -> Notice:
        """The privacy notice of a territory (public: not audited)."""
        territory = self.repo.get_territory(territory_id)
        if territory is None:
            raise UnknownTerritoryIdError(territory_id)
        stored = self.repo.get_controller(territory_id)
        controller = stored or default_controller(territory_id, territory.name)
        country = territory_country(self.repo.commune_codes(territory_id))
        return Notice(territory_id, territory.name, controller, country)

    def notices(self) -> list[Notice]:
        return [self.notice(tid) for tid in self.repo.territory_ids()]

    def set_controller(self, actor: Actor, territory_id: str, controller: Controller) -> Notice:
        """Store the controller's settings (checked whole; audited without their values)."""
        now = self.clock()
        self.notice(territory_id)
        checked = check_controller(replace(controller, territory_id=territory_id))
        self.repo.save_controller(replace(checked, updated_at=now), actor.user_id)
        self.audit.record(
            actor,
            now,
            AuditEvent(
                "privacy.controller", None, territory_id, f"retention {checked.retention_months}"
            ),
        )
        return self.notice(territory_id)

    # ------------------------------------------------------------ one patient

    def patient(self, actor: Actor, patient_id: int) -> PatientRecord:
        """The record if the actor may act on it (404 otherwise, same answer as absent)."""
        row = self.repo.get_patient(patient_id)
        visible = (
            row is not None
            and row.status != PatientStatus.ERASED.value
            and (actor.role in UNSCOPED or actor.territory_id == row.territory_id)
        )
        if row is None or not visible:
            raise _not_found(patient_id)
        return row

    def _noted(self, actor: Actor, patient_id: int) -> PatientRecord:
        """The record if the actor may read and write its notes: the coordination of its
        territory, an administrator, the command line (404 otherwise, as for an absent one)."""
        if actor.role not in UNSCOPED and actor.role not in NOTE_ROLES:
            raise _not_found(patient_id)
        return self.patient(actor, patient_id)

    def read(self, actor: Actor, patient_id: int) -> PatientRecord:
        """One record shown (audited ``patient.read``)."""
        row = self.patient(actor, patient_id)
        self.audit.record(actor, self.clock(), AuditEvent("patient.read", row.id, row.territory_id))
        return row

    def patient_file(self, actor: Actor, patient_id: int) -> PatientFile:
        """The record and its notes, newest first, if the actor may read them: the coordination
        of its territory and administrators (404 otherwise). Not audited: call it to show the
        page again after a refused form, the read itself being :meth:`read_file`."""
        row = self._noted(actor, patient_id)
        return PatientFile(row, tuple(self.repo.patient_notes(row.id)))

    def read_file(self, actor: Actor, patient_id: int) -> PatientFile:
        """The record and its notes, as the coordination's page shows them (one audited read,
        ``patient.read``)."""
        found = self.patient_file(actor, patient_id)
        row = found.patient
        self.audit.record(actor, self.clock(), AuditEvent("patient.read", row.id, row.territory_id))
        return found

    # ------------------------------------------------------------ the coordination's notes

    def notes(self, actor: Actor, patient_id: int) -> list[PatientNote]:
        """The notes of a record, newest first (audited ``patient.notes_read``)."""
        row = self._noted(actor, patient_id)
        self.audit.record(
            actor, self.clock(), AuditEvent("patient.notes_read", row.id, row.territory_id)
        )
        return self.repo.patient_notes(row.id)

    def add_note(self, actor: Actor, patient_id: int, text: str) -> PatientNote:
        """Write a dated note on the record (:class:`~.notes.NoteError` naming the field for
        an empty or too long text: nothing stored). Audited ``patient.note`` with the note's
        id, never its text."""
        row = self._noted(actor, patient_id)
        checked = check_note_text(text)
        now = self.clock()
        note = self.repo.add_note(row.id, row.territory_id, checked, now, actor)
        self.audit.record(
            actor, now, AuditEvent("patient.note", row.id, row.territory_id, f"note {note.id}")
        )
        return note

    def export(self, actor: Actor, patient_id: int, form: str = "json") -> PatientExport:
        """Everything held about the patient, including who accessed the record (audited
        ``patient.export``, ``form`` json or letter, before the export so that it is listed)."""
        row = self.patient(actor, patient_id)
        now = self.clock()
        self.audit.record(actor, now, AuditEvent("patient.export", row.id, row.territory_id, form))
        notice = self.notice(row.territory_id)
        export = self.repo.export_patient(row.id, notice.controller, notice.country)
        if export is None:  # read above in the same transaction
            raise NotFoundError(_("Patient {pid} introuvable.").format(pid=patient_id))
        return export

    def correct(self, actor: Actor, patient_id: int, correction: Correction) -> PatientRecord:
        """Correct the record; the priority is assessed again from the corrected criteria.
        Audited ``patient.correct`` with the names of the fields, never their values."""
        row = self.patient(actor, patient_id)
        now = self.clock()
        changes = check_correction(
            correction, frozenset(self.repo.commune_codes(row.territory_id)), now.date()
        )
        before = row.priority_level
        level, reasons = _assess(row, changes, now.date())
        changes.update(priority_level=level, priority_reasons="\n".join(reasons))
        updated = self.repo.update_patient(row.id, changes)
        names = ",".join(sorted(k for k in changes if not k.startswith("priority_")))
        self.audit.record(
            actor,
            now,
            AuditEvent(
                "patient.correct", row.id, row.territory_id, f"{names} level {before}>{level}"
            ),
        )
        return updated

    def withdraw(self, actor: Actor, patient_id: int) -> PatientRecord:
        """Take the request off the list (the person objects, or found a doctor alone): its
        live proposal is cancelled; the record is kept until the retention period ends."""
        row = self.patient(actor, patient_id)
        now = self.clock()
        if row.status not in (PatientStatus.WAITING.value, PatientStatus.PROPOSED.value):
            raise ProposalStateError(
                _(
                    "Le patient {pid} n'est plus sur la liste (statut {status}) : seule une "
                    "demande en attente ou proposée peut être retirée."
                ).format(pid=patient_id, status=row.status)
            )
        self.repo.withdraw_patient(row.id, now)
        self.audit.record(actor, now, AuditEvent("patient.withdraw", row.id, row.territory_id))
        return self.patient(actor, row.id)

    def erase(self, actor: Actor, patient_id: int) -> None:
        """Blank the personal data and the criteria, close live proposals, drop the patient's
        messages and delete the notes; the audit keeps ``patient.erase`` (identifiers only)."""
        row = self.patient(actor, patient_id)
        now = self.clock()
        self.repo.erase_patient(row.id, now)
        self.audit.record(actor, now, AuditEvent("patient.erase", row.id, row.territory_id))

    # ------------------------------------------------------------ retention

    def purge(
        self, territory_id: str, *, dry_run: bool = False, actor: Actor = SYSTEM
    ) -> PurgeResult:
        """Erase the patients attached or withdrawn more than the territory's retention period
        ago (``patient.purge`` each, ``registry.purge`` once); with ``dry_run`` only list them."""
        notice = self.notice(territory_id)
        now = self.clock()
        months = notice.controller.retention_months
        cutoff = months_before(now, months)
        found = tuple(self.repo.purge_candidates(territory_id, cutoff))
        if not dry_run and found:
            for c in found:
                self.repo.erase_patient(c.patient_id, now)
            self.audit.record_many(
                actor,
                now,
                [
                    AuditEvent("patient.purge", c.patient_id, territory_id, f"{c.status} {months}m")
                    for c in found
                ],
            )
            self.audit.record(
                actor,
                now,
                AuditEvent(
                    "registry.purge", None, territory_id, f"purged {len(found)} retention {months}m"
                ),
            )
        return PurgeResult(territory_id, months, cutoff, found, dry_run)


def _not_found(patient_id: int) -> NotFoundError:
    return NotFoundError(
        _(
            "Patient {pid} introuvable : attendu le numéro d'un patient inscrit "
            "(colonne « n° » de la liste territoriale), p. ex. 12."
        ).format(pid=patient_id)
    )


def _assess(
    row: PatientRecord, changes: dict[str, object], today: date
) -> tuple[str, tuple[str, ...]]:
    """The level and reasons of the corrected record (current values where not corrected)."""
    from proxisante.registry.entities import PriorityCriteria

    def value(name: str) -> object:
        return changes[name] if name in changes else getattr(row, name)

    born = value("birth_date")
    if not isinstance(born, date):  # an erased record is never corrected
        return row.priority_level, tuple(row.priority_reasons.split("\n"))
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    flags = {name: value(name) for name in CRITERIA}
    assessment = assess_priority(
        PriorityCriteria(
            age_years=age,
            ald=bool(flags["ald"]),
            pregnant=bool(flags["pregnant"]),
            precarity=Precarity(str(flags["precarity"])),
            lost_doctor=LostDoctorReason(str(flags["lost_doctor"])),
            disability=bool(flags["disability"]),
            reduced_mobility=bool(flags["reduced_mobility"]),
        )
    )
    return assessment.level, assessment.reasons
