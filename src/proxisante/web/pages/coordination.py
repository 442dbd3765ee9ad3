"""The coordinator's page: dashboard, territorial list, matching, registration; the helper's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.registry import views
from proxisante.registry.entities import PatientStatus
from proxisante.registry.form import (
    flag_options,
    language_options,
    lost_doctor_options,
    precarity_options,
)
from proxisante.registry.ports import AGE_BANDS, NewPatient, PatientQuery, PatientRecord
from proxisante.registry.priority import LEVELS, reasons_text
from proxisante.registry.service import RegistryService
from proxisante.store.registry import crud
from proxisante.store.registry.repository import SqlRegistryReader
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service, actor
from proxisante.web.api.schemas import PatientCreate
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._commune import resolve_local_commune
from proxisante.web.pages._pagination import Pagination, paginate
from proxisante.web.pages._render import STATUS_LABELS, check_csrf, long_date, render
from proxisante.web.pages.flash import flash_text, flash_url

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def _territory_of(db: Db, user: Principal, *roles: str) -> crud.TerritoryRow:
    if user.role not in roles or user.territory_id is None:
        raise ApiError(403, _("Cette page est réservée à un autre rôle."))
    row = crud.get_territory(db, territory_id=user.territory_id)
    if row is None:
        raise ApiError(404, _("Territoire introuvable."))
    return row


class RegistrationRefusedError(Exception):
    """A registration refused: the page comes back (400) with the message and the values."""

    def __init__(self, message: str, commune_error: str = "") -> None:
        super().__init__(message)
        self.commune_error = commune_error


def _communes(db: Db, territory_id: str) -> dict[str, str]:
    return crud.commune_names(db, territory_id=territory_id)


def _patients_page(
    service: RegistryService,
    user: Principal,
    tid: str,
    page: str | None,
    registered_by: int | None = None,
    filters: ListFilters | None = None,
    total: int | None = None,
) -> tuple[Pagination, Sequence[PatientRecord]]:
    """The asked page of the territory's list (of one helper's registrations when
    ``registered_by`` is set, filtered by ``filters``) and its patients, each an audited read;
    ``total``: the number of rows of the list when the caller knows it already."""
    status = filters.status if filters else None
    query = filters.query if filters else None
    if total is None:
        total = service.count_patients(tid, registered_by=registered_by, status=status, query=query)
    pages = paginate(page, total)
    patients = service.list_patients(
        actor(user),
        tid,
        registered_by=registered_by,
        limit=pages.size,
        offset=pages.offset,
        status=status,
        query=query,
    )
    return pages, patients


@dataclass(frozen=True)
class ListFilters:
    """The coordination list's filters as asked in the address (checked), and the query string
    that keeps them on the pagination's links."""

    status: str | None = None
    query: PatientQuery | None = None
    raw: tuple[tuple[str, str], ...] = ()

    @property
    def filtering(self) -> bool:
        """Whether any filter narrows the list."""
        q = self.query
        return self.status is not None or (
            q is not None and bool(q.level or q.commune_code or q.age_band or q.name)
        )

    @property
    def keep(self) -> str:
        return "".join(f"{urlencode({k: v})}&" for k, v in self.raw)

    def get(self, name: str) -> str:
        return dict(self.raw).get(name, "")


def _bad(name: str, value: str, expected: str) -> ApiError:
    return ApiError(
        400,
        _("Filtre {name} : reçu {value} ; attendu {expected}.").format(
            name=name, value=repr(value[:40]), expected=expected
        ),
    )


def list_filters(
    communes: dict[str, str],
    statut: str | None,
    priorite: str | None,
    commune: str | None,
    age: str | None,
    q: str | None,
) -> ListFilters:
    """Check the filters of the address (each named in its 400 message)."""
    raw = {"statut": statut, "priorite": priorite, "commune": commune, "age": age, "q": q}
    given = {k: v.strip() for k, v in raw.items() if v is not None and v.strip()}
    if "statut" in given and given["statut"] not in LIST_STATUSES:
        raise _bad("statut", given["statut"], ", ".join(LIST_STATUSES))
    if "priorite" in given and given["priorite"] not in LEVELS:
        raise _bad("priorite", given["priorite"], _("une lettre de A à E"))
    if "commune" in given and given["commune"] not in communes:
        raise _bad("commune", given["commune"], _("le code d'une commune du territoire"))
    if "age" in given and given["age"] not in AGE_BANDS:
        raise _bad("age", given["age"], ", ".join(AGE_BANDS))
    if len(given.get("q", "")) > 100:
        raise _bad("q", given["q"], _("au plus 100 caractères d'un nom ou prénom"))
    query = PatientQuery(
        level=given.get("priorite"),
        commune_code=given.get("commune"),
        age_band=given.get("age"),
        name=given.get("q"),
    )
    return ListFilters(given.get("statut"), query, tuple(given.items()))


LIST_STATUSES = ("waiting", "proposed", "attached", "withdrawn")


class ListRow(NamedTuple):
    """A row of the territorial list as the table shows it, its texts ready (the template
    unpacks it: far less work per row than attribute look-ups, calls and filters)."""

    id: int
    first_name: str | None
    last_name: str | None
    commune: str
    level: str
    reasons: str
    status: str
    registered: str


def list_rows(patients: Sequence[PatientRecord], communes: dict[str, str]) -> list[ListRow]:
    """The rows of ``patients`` in the current language."""
    labels = {k: _(v) for k, v in STATUS_LABELS.items()}
    return [
        ListRow(
            p.id,
            p.first_name,
            p.last_name,
            communes.get(p.commune_code, p.commune_code),
            p.priority_level,
            reasons_text(p.priority_reasons),
            labels.get(p.status, p.status),
            long_date(p.registered_at),
        )
        for p in patients
    ]


def _coordination_page(
    request: Request,
    db: Db,
    user: Principal,
    service: RegistryService,
    refused: RegistrationRefusedError | None = None,
    form: dict[str, str] | None = None,
    page: str | None = None,
    filters: ListFilters | None = None,
    territory: crud.TerritoryRow | None = None,
    communes: dict[str, str] | None = None,
) -> Response:
    """The page; ``territory`` and ``communes`` when the caller has read them already."""
    territory = territory or _territory_of(db, user, "coordinator")
    tid = territory.id
    dash = views.dashboard(SqlRegistryReader(db), territory)
    pros = crud.professional_names(db, territory_id=tid) if dash.recent_attachments else {}
    # Unfiltered, the list holds every request but the erased ones: the dashboard has just
    # counted them, in the same transaction (no second count).
    listed = None
    if filters is None or not filters.filtering:
        listed = sum(
            sum(by_level.values())
            for status, by_level in dash.counts.items()
            if status != PatientStatus.ERASED.value
        )
    pages, patients = _patients_page(service, user, tid, page, filters=filters, total=listed)
    if communes is None:
        communes = _communes(db, tid)
    db.commit()
    attachments = [
        (a, pros.get(a.professional_id, "?") if a.professional_id else "?")
        for a in dash.recent_attachments
    ]
    response = render(
        request,
        "coordination.html",
        user,
        fictitious=territory.fictitious,
        title=_("Coordination"),
        territory=territory,
        dash=dash,
        patients=patients,
        rows=list_rows(patients, communes),
        pages=pages,
        communes=communes,
        attachments=attachments,
        message=flash_text(request),
        register_action="/coordination/patients",
        filters=filters or ListFilters(),
        filter_statuses=[(k, _(STATUS_LABELS[k])) for k in LIST_STATUSES],
        filter_levels=[(lvl, _("priorité {level}").format(level=lvl)) for lvl in LEVELS],
        filter_ages=[(k, _(AGE_LABELS[k])) for k in AGE_BANDS],
        commune_options=sorted(communes.items(), key=lambda kv: kv[1]),
        **criteria_options(),
        **_refusal(refused, form),
    )
    if refused is not None:
        response.status_code = 400
    return response


AGE_LABELS = {
    "0-15": N_("moins de 16 ans"),
    "16-69": N_("16 à 69 ans"),
    "70+": N_("70 ans ou plus"),
}


def _refusal(
    refused: RegistrationRefusedError | None, form: dict[str, str] | None
) -> dict[str, object]:
    if refused is None:
        return {}
    kept = {k: v for k, v in (form or {}).items() if k != "csrf"}
    return {"error": str(refused), "reg_form": kept, "reg_commune_error": refused.commune_error}


@router.get("/coordination")
def coordination(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    page: str | None = None,
    statut: Annotated[str | None, Query(max_length=200)] = None,
    priorite: Annotated[str | None, Query(max_length=200)] = None,
    commune: Annotated[str | None, Query(max_length=200)] = None,
    age: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The dashboard and the territorial list, filtered by status, priority level, commune and
    age band, searched by name (audited), paginated with the filters kept."""
    territory = _territory_of(db, user, "coordinator")
    communes = _communes(db, territory.id)
    filters = list_filters(communes, statut, priorite, commune, age, q)
    return _coordination_page(
        request,
        db,
        user,
        service,
        page=page,
        filters=filters,
        territory=territory,
        communes=communes,
    )


@router.post("/coordination/appariement/apercu")
def preview(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Who would get what: the matching computed without writing anything (``dry_run``; the
    audit log records that a preview was made), then a button that runs it."""
    check_csrf(request, user, csrf)
    territory = _territory_of(db, user, "coordinator")
    summary = service.run_matching(actor(user), territory.id, dry_run=True)
    pros = {
        p.id: (p.display_name, p.commune_code)
        for p in crud.list_professionals(db, territory_id=territory.id)
    }
    communes = _communes(db, territory.id)
    db.commit()
    rows = [
        {
            "a": a,
            "pro": pros.get(a.professional_id, ("?", ""))[0],
            "pro_commune": communes.get(pros.get(a.professional_id, ("", ""))[1], ""),
        }
        for a in sorted(summary.assignments, key=lambda a: (a.level, a.patient_id))[:PREVIEW_ROWS]
    ]
    return render(
        request,
        "matching_preview.html",
        user,
        fictitious=territory.fictitious,
        title=_("Aperçu de l'appariement"),
        territory=territory,
        summary=summary,
        rows=rows,
        more=max(0, len(summary.assignments) - PREVIEW_ROWS),
        levels=sorted((lvl, n) for lvl, n in summary.by_level.items() if n),
    )


PREVIEW_ROWS = 200


@router.post("/coordination/appariement")
def run(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, user, csrf)
    territory = _territory_of(db, user, "coordinator")
    summary = service.run_matching(actor(user), territory.id)
    db.commit()
    url = flash_url(
        "/coordination",
        "matching-done",
        proposals=summary.n_proposals,
        waiting=summary.n_waiting,
    )
    return RedirectResponse(url, status_code=303)


# What each field of the registration form expects, for the refusal message.
FIELD_HELP = {
    "last_name": N_("« Nom » : attendu 1 à 100 caractères"),
    "first_name": N_("« Prénom » : attendu 1 à 100 caractères"),
    "birth_date": N_("« Date de naissance » : attendu une date passée, p. ex. 14/07/1956"),
    "phone": N_("« Téléphone » : attendu un numéro français ou suisse, p. ex. 06 12 34 56 78"),
    "email": N_("« Courriel » : attendu une adresse, p. ex. nom@exemple.fr"),
    "language": N_("« Langue de consultation » : attendu une langue de la liste"),
    "precarity": N_("« C2S ou AME » : attendu une réponse de la liste"),
    "lost_doctor": N_("« Médecin traitant perdu » : attendu une réponse de la liste"),
    "consent": N_("« Le patient consent à son inscription » : à cocher"),
}


def _field_names(names: Sequence[str]) -> str:
    known = [n for n in dict.fromkeys(names) if n in FIELD_HELP] or ["last_name"]
    return " ; ".join(_(FIELD_HELP[n]) for n in known)


def criteria_options() -> dict[str, object]:
    """The registration criteria of :mod:`proxisante.registry.form` (the public form's own),
    as the coordination's and helper's form show them."""
    return {
        "flag_options": flag_options(),
        "precarity_options": precarity_options(),
        "lost_options": lost_doctor_options(),
        "language_options": language_options(),
    }


def _register(
    db: Db, user: Principal, service: RegistryService, form: dict[str, str], tid: str
) -> dict[str, int | str]:
    """Register the patient of ``form``; the confirmation's parameters, or
    :class:`RegistrationRefusedError`."""
    typed = form.get("commune") or form.get("commune_code", "")
    try:
        commune = resolve_local_commune(typed, _communes(db, tid))
    except UserError as exc:
        raise RegistrationRefusedError(
            _("Inscription refusée : {reason}").format(reason=exc), str(exc)
        ) from None
    try:
        birth = date.fromisoformat(form.get("birth_date", "").strip())
    except ValueError:
        raise RegistrationRefusedError(
            _("Inscription refusée : {fields}.").format(fields=_field_names(["birth_date"]))
        ) from None
    try:
        body = PatientCreate.model_validate(
            {
                "commune_code": commune,
                "last_name": form.get("last_name", ""),
                "first_name": form.get("first_name", ""),
                "birth_date": birth,
                "phone": form.get("phone") or None,
                "email": form.get("email") or None,
                "precarity": form.get("precarity") or "none",
                "lost_doctor": form.get("lost_doctor") or "none",
                "language": form.get("language") or None,
                "consent": bool(form.get("consent")),
                "channel": "helper" if user.role == "helper" else "coordinator",
                **{name: bool(form.get(name)) for name, _label in flag_options()},
            }
        )
    except ValidationError as exc:
        names = [str(e["loc"][0]) for e in exc.errors() if e.get("loc")]
        raise RegistrationRefusedError(
            _("Inscription refusée : {fields}.").format(fields=_field_names(names))
        ) from None
    try:
        row = service.register_patient(actor(user), tid, NewPatient(**body.model_dump()))
    except UserError as exc:
        db.rollback()
        raise RegistrationRefusedError(
            _("Inscription refusée : {reason}").format(reason=exc)
        ) from None
    db.commit()
    return {"id": row.id, "level": row.priority_level}


@router.post("/coordination/patients")
async def register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "coordinator")
    try:
        done = _register(db, user, service, form, territory.id)
    except RegistrationRefusedError as refused:
        return _coordination_page(request, db, user, service, refused=refused, form=form)
    return RedirectResponse(flash_url("/coordination", "patient-registered", **done), 303)


def _helper_page(
    request: Request,
    db: Db,
    user: Principal,
    service: RegistryService,
    refused: RegistrationRefusedError | None = None,
    form: dict[str, str] | None = None,
    page: str | None = None,
) -> Response:
    territory = _territory_of(db, user, "helper")
    pages, patients = _patients_page(service, user, territory.id, page, user.user_id)
    db.commit()
    response = render(
        request,
        "helper.html",
        user,
        fictitious=territory.fictitious,
        title=_("Aidant"),
        territory=territory,
        patients=patients,
        pages=pages,
        communes=_communes(db, territory.id),
        message=flash_text(request),
        register_action="/aidant/patients",
        **criteria_options(),
        **_refusal(refused, form),
    )
    if refused is not None:
        response.status_code = 400
    return response


@router.get("/aidant")
def helper(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    page: str | None = None,
) -> Response:
    return _helper_page(request, db, user, service, page=page)


@router.post("/aidant/patients")
async def helper_register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "helper")
    try:
        done = _register(db, user, service, form, territory.id)
    except RegistrationRefusedError as refused:
        return _helper_page(request, db, user, service, refused=refused, form=form)
    return RedirectResponse(flash_url("/aidant", "patient-registered", **done), 303)
