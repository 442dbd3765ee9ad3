"""The coordinator's pages of patients' rights: one patient's record (read, correct, withdraw,
erase, the coordination's notes; links to the export and its letter) and the controller of
the territory's processing (the settings of ``/donnees-personnelles``). Each form calls
:class:`~proxisante.registry.rights.RightsService`, as the API and the CLI do."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.bootstrap.services import registry_service
from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.registry.form import language_options, lost_doctor_options, precarity_options
from proxisante.registry.notes import MAX_NOTE_LENGTH, NoteError
from proxisante.registry.ports import PatientRecord
from proxisante.registry.privacy import Controller, Correction
from proxisante.registry.rights import PatientFile, RightsService
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Rights, actor
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.pages.flash import flash_text, flash_url

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
HISTORY_LABELS = {
    "patient.correct": N_("Fiche corrigée"),
    "patient.withdraw": N_("Demande retirée"),
    "patient.export": N_("Copie de ses données remise"),
    "proposal.accept": N_("Proposition acceptée par le professionnel"),
    "proposal.decline": N_("Proposition refusée par le professionnel"),
    "proposal.expire": N_("Proposition expirée sans réponse"),
    "proposal.withdraw": N_("Proposition retirée (places du professionnel réduites)"),
}
AUTHOR_ROLES = {
    "coordinator": N_("coordination"),
    "admin": N_("administrateur"),
    "cli": N_("ligne de commande"),
}
Pid = Annotated[int, Path(ge=1, le=2**31 - 1)]
FLAGS = ("ald", "pregnant", "disability", "reduced_mobility")
TEXTS = ("last_name", "first_name", "phone", "email", "commune_code", "language")


def _coordinator(user: Principal) -> str:
    if user.role != "coordinator" or user.territory_id is None:
        raise ApiError(403, _("Cette page est réservée à la coordination."))
    return user.territory_id


def _patient_page(
    request: Request,
    db: Db,
    user: Principal,
    found: PatientFile,
    *,
    message: str = "",
    error: str = "",
    note_error: str = "",
    note_text: str = "",
    status: int = 200,
) -> Response:
    row = found.patient
    tid = row.territory_id
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=tid)}
    territory = crud.get_territory(db, territory_id=tid)
    timeline = registry_service(
        db, clock=request.app.state.clock, travel=request.app.state.travel
    ).patient_timeline(row)
    pros = {p.id: p.display_name for p in crud.list_professionals(db, territory_id=tid)}
    response = render(
        request,
        "patient.html",
        user,
        fictitious=bool(territory and territory.fictitious),
        title=_("Patient n° {id}").format(id=row.id),
        p=row,
        communes=sorted(communes.items(), key=lambda kv: kv[1]),
        commune_name=communes.get(row.commune_code, row.commune_code),
        precarity_options=precarity_options(),
        lost_options=lost_doctor_options(),
        language_options=language_options(),
        closed=row.status not in ("waiting", "proposed"),
        proposals=[(pr, pros.get(pr.professional_id, "?")) for pr in timeline.proposals],
        events=[(e, _(HISTORY_LABELS.get(e.action, e.action))) for e in timeline.events],
        notes=found.notes,
        author_roles=AUTHOR_ROLES,
        note_max=MAX_NOTE_LENGTH,
        note_error=note_error,
        note_text=note_text,
        message=message[:200],
        error=error,
    )
    response.status_code = status
    return response


@router.get("/coordination/patients/{pid}")
def patient_page(request: Request, pid: Pid, db: Db, user: PageUser, rights: Rights) -> Response:
    _coordinator(user)
    found = rights.read_file(actor(user), pid)
    db.commit()
    return _patient_page(request, db, user, found, message=flash_text(request))


@router.post("/coordination/patients/{pid}/notes")
async def add_note(request: Request, pid: Pid, db: Db, user: PageUser, rights: Rights) -> Response:
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    _coordinator(user)
    return _add_note(request, pid, db, user, rights, str(form.get("text", "")))


def _add_note(
    request: Request, pid: int, db: Db, user: Principal, rights: RightsService, text: str
) -> Response:
    try:
        rights.add_note(actor(user), pid, text)
    except NoteError as exc:
        db.rollback()
        found = rights.patient_file(actor(user), pid)
        typed = text.replace("\x00", "")[: MAX_NOTE_LENGTH * 2]  # shown back to be fixed
        return _patient_page(request, db, user, found, error=str(exc), note_error=str(exc),
                             note_text=typed, status=400)  # fmt: skip
    db.commit()
    url = flash_url(f"/coordination/patients/{pid}", "patient-note-added")
    return RedirectResponse(url + "#notes-h", status_code=303)


def _correction(form: dict[str, str], row: PatientRecord) -> Correction:
    """The fields of the form that differ from the record (the others stay as they are)."""
    changes: dict[str, Any] = {}
    for name in TEXTS:
        if name in form and form[name].strip() != (getattr(row, name) or ""):
            changes[name] = form[name]
    for name in FLAGS:
        if bool(form.get(name)) != bool(getattr(row, name)):
            changes[name] = bool(form.get(name))
    for name in ("precarity", "lost_doctor"):
        if name in form and form[name] != getattr(row, name):
            changes[name] = form[name]
    typed = form.get("birth_date", "").strip()
    if typed and typed != (row.birth_date.isoformat() if row.birth_date else ""):
        try:
            changes["birth_date"] = date.fromisoformat(typed)
        except ValueError:
            raise UserError(
                _("birth_date : {v} ; attendu une date AAAA-MM-JJ, p. ex. 1956-07-14.").format(
                    v=repr(typed[:20])
                )
            ) from None
    return Correction(**changes)


@router.post("/coordination/patients/{pid}/correction")
async def correct(request: Request, pid: Pid, db: Db, user: PageUser, rights: Rights) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    _coordinator(user)
    return _correct(request, pid, db, user, rights, form)


def _correct(
    request: Request, pid: int, db: Db, user: Principal, rights: RightsService, form: dict[str, str]
) -> Response:
    row = rights.patient(actor(user), pid)
    try:
        rights.correct(actor(user), pid, _correction(form, row))
    except UserError as exc:
        db.rollback()
        found = rights.patient_file(actor(user), pid)
        return _patient_page(request, db, user, found, error=str(exc), status=400)
    db.commit()
    url = flash_url(f"/coordination/patients/{pid}", "patient-corrected")
    return RedirectResponse(url, status_code=303)


@router.post("/coordination/patients/{pid}/retrait")
async def withdraw(request: Request, pid: Pid, db: Db, user: PageUser, rights: Rights) -> Response:
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    _coordinator(user)
    return _withdraw(pid, db, user, rights)


def _withdraw(pid: int, db: Db, user: Principal, rights: RightsService) -> Response:
    rights.withdraw(actor(user), pid)
    db.commit()
    url = flash_url(f"/coordination/patients/{pid}", "patient-withdrawn")
    return RedirectResponse(url, status_code=303)


@router.post("/coordination/patients/{pid}/effacement")
async def erase(request: Request, pid: Pid, db: Db, user: PageUser, rights: Rights) -> Response:
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    _coordinator(user)
    return _erase(request, pid, db, user, rights, bool(form.get("confirm")))


def _erase(
    request: Request, pid: int, db: Db, user: Principal, rights: RightsService, confirmed: bool
) -> Response:
    if not confirmed:
        error = _(
            "Effacement non fait : cochez la case de confirmation (l'effacement est définitif)."
        )
        found = rights.patient_file(actor(user), pid)
        return _patient_page(request, db, user, found, error=error, status=400)
    rights.erase(actor(user), pid)
    db.commit()
    return RedirectResponse(flash_url("/coordination", "patient-erased", id=pid), status_code=303)


# ---------------------------------------------------------------- the controller's settings


def _settings_page(
    request: Request,
    user: Principal,
    rights: RightsService,
    tid: str,
    *,
    message: str = "",
    error: str = "",
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    notice = rights.notice(tid)
    values = dict(vars(notice.controller))
    values.update(form or {})
    response = render(
        request,
        "privacy_settings.html",
        user,
        title=_("Données personnelles : responsable du traitement"),
        notice=notice,
        f=values,
        message=message[:200],
        error=error,
    )
    response.status_code = status
    return response


@router.get("/coordination/donnees-personnelles")
def settings_page(request: Request, db: Db, user: PageUser, rights: Rights) -> Response:
    tid = _coordinator(user)
    return _settings_page(request, user, rights, tid, message=flash_text(request))


@router.post("/coordination/donnees-personnelles")
async def save_settings(request: Request, db: Db, user: PageUser, rights: Rights) -> Response:
    form = {k: str(v)[:300] for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    tid = _coordinator(user)
    return _save_settings(request, db, user, rights, tid, form)


def _save_settings(
    request: Request, db: Db, user: Principal, rights: RightsService, tid: str, form: dict[str, str]
) -> Response:
    try:
        months = int(form.get("retention_months", "").strip() or 0)
    except ValueError:
        months = 0
    controller = Controller(
        territory_id=tid,
        structure=form.get("structure", ""),
        address=form.get("address", ""),
        email=form.get("email", ""),
        phone=form.get("phone", ""),
        dpo=form.get("dpo", ""),
        retention_months=months,
    )
    try:
        rights.set_controller(actor(user), tid, controller)
    except UserError as exc:
        db.rollback()
        return _settings_page(request, user, rights, tid, error=str(exc), form=form, status=400)
    db.commit()
    url = flash_url("/coordination/donnees-personnelles", "privacy-settings-saved")
    return RedirectResponse(url, status_code=303)
