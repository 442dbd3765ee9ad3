"""Publishing a rota in the browser (coordination): ``/gardes/publier``.

Two ways, one service call (:meth:`~proxisante.rota.service.RotaService.publish`):

- **a YAML file** (the description ``proxisante rota solve`` reads), uploaded; its doctors are
  linked to the professional accounts of the territory that bear exactly their name;
- **a form**: a period, one sector (its name and communes ticked among the territory's), the
  doctors ticked among the territory's professionals (so each is linked to their account), the
  kinds of shift; :func:`proxisante.rota.draft.description_yaml` writes the description.

The rota is solved on the spot (:data:`TIME_LIMIT_S`). A file or form that cannot be read is
answered 400 on the same page with the French message naming the line and the field; a rota
that cannot exist, 400 with the numbers; nothing is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.rota._errors import RotaForbiddenError, RotaInputError
from proxisante.rota.draft import DoctorDraft, RotaDraft, SectorDraft, description_yaml
from proxisante.rota.ports import TerritoryProfessional
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.rota import actor_of, service_for
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.pages._render import check_csrf, render

TIME_LIMIT_S = 20.0
MAX_FILE_BYTES = 500_000
router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def _coordinator(user: Principal) -> str:
    if user.role != "coordinator" or user.territory_id is None:
        raise RotaForbiddenError(
            _("la publication d'un tableau de garde est réservée à la coordination")
        )
    return user.territory_id


def _form_page(
    request: Request,
    db: Db,
    user: Principal,
    *,
    status: int = 200,
    error: str = "",
    values: dict[str, object] | None = None,
) -> HTMLResponse:
    territory = _coordinator(user)
    repo = service_for(request, db).repo
    today = service_for(request, db).now().date()
    response = render(
        request,
        "rota_publish.html",
        user,
        title=_("Publier un tableau de garde"),
        communes=repo.communes(territory),
        professionals=repo.professionals(territory),
        values=values or {},
        today=today.isoformat(),
        error=error,
    )
    response.status_code = status
    return response


@router.get("/gardes/publier", response_class=HTMLResponse)
def page(request: Request, db: Db, user: PageUser) -> HTMLResponse:
    return _form_page(request, db, user)


def _publish(
    request: Request,
    db: Db,
    user: Principal,
    description: str,
    label: str,
    links: dict[str, int | None] | None,
    values: dict[str, object],
    source: str,
) -> Response:
    territory = _coordinator(user)
    service = service_for(request, db)
    try:
        rota_id = service.publish(
            actor_of(user),
            territory,
            description,
            doctors=links,
            label=label.strip(),
            time_limit_s=TIME_LIMIT_S,
            link_by_name=True,
            source=source,
        )
    except UserError as exc:
        db.rollback()
        return _form_page(request, db, user, status=exc.http_status, error=str(exc), values=values)
    db.commit()
    return RedirectResponse(f"/gardes/{rota_id}?publie=1", status_code=303)


@router.post("/gardes/publier/fichier")
def upload(
    request: Request,
    db: Db,
    user: PageUser,
    file: Annotated[UploadFile | None, File()] = None,
    label: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Publish from an uploaded YAML description."""
    check_csrf(request, user, csrf)
    name = (file.filename if file else "") or _("fichier")
    try:
        data = file.file.read(MAX_FILE_BYTES + 1) if file else b""
        description = _file_text(name, data)
    except UserError as exc:
        return _form_page(request, db, user, status=exc.http_status, error=str(exc))
    return _publish(request, db, user, description, label, None, {"label": label}, name)


def _file_text(name: str, data: bytes) -> str:
    if not data:
        raise RotaInputError(
            name, [_("aucun fichier reçu : choisissez le fichier YAML de la description")]
        )
    if len(data) > MAX_FILE_BYTES:
        raise RotaInputError(
            name,
            [_("fichier trop grand : au plus {n} octets").format(n=MAX_FILE_BYTES)],
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RotaInputError(
            name, [_("le fichier n'est pas du texte UTF-8 : enregistrez-le en UTF-8")]
        ) from None
    if "\x00" in text:
        raise RotaInputError(name, [_("caractère NUL (\\0) interdit dans le fichier")])
    return text


@router.post("/gardes/publier/formulaire")
def from_form(
    request: Request,
    db: Db,
    user: PageUser,
    label: Annotated[str, Form(max_length=200)] = "",
    start: Annotated[str, Form(max_length=40)] = "",
    end: Annotated[str, Form(max_length=40)] = "",
    sector_name: Annotated[str, Form(max_length=100)] = "",
    communes: Annotated[list[str] | None, Form()] = None,
    doctors: Annotated[list[str] | None, Form()] = None,
    kinds: Annotated[list[str] | None, Form()] = None,
    country: Annotated[str, Form(max_length=2)] = "FR",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Publish from the form: one sector, doctors picked among the territory's professionals."""
    check_csrf(request, user, csrf)
    territory = _coordinator(user)
    values: dict[str, object] = {
        "label": label,
        "start": start,
        "end": end,
        "sector_name": sector_name,
        "communes": communes or [],
        "doctors": doctors or [],
        "kinds": kinds or [],
        "country": country,
    }
    repo = service_for(request, db).repo
    try:
        draft, links = _draft(repo.communes(territory), repo.professionals(territory), values)
        description = description_yaml(draft)
    except UserError as exc:
        return _form_page(request, db, user, status=exc.http_status, error=str(exc), values=values)
    return _publish(request, db, user, description, label, links, values, _("formulaire"))


def _draft(
    territory_communes: list[tuple[str, str]],
    territory_pros: list[TerritoryProfessional],
    v: dict[str, object],
) -> tuple[RotaDraft, dict[str, int | None]]:
    """The form's values as a draft, every problem named at once."""
    problems: list[str] = []
    dates: list[date] = []
    for field, key in ((_("Du"), "start"), (_("Au"), "end")):
        try:
            dates.append(date.fromisoformat(str(v[key]).strip()))
        except ValueError:
            problems.append(
                _(
                    "champ « {field} » : date attendue (par exemple 2027-03-01), reçu {value}"
                ).format(field=field, value=repr(str(v[key])[:40]))
            )
    name = str(v["sector_name"]).strip()
    if not name:
        problems.append(_("champ « Nom du secteur » : obligatoire, par exemple Vichy – Cusset"))
    known = dict(territory_communes)
    picked = [str(c) for c in v["communes"] if str(c) in known]  # type: ignore[attr-defined]
    if not picked:
        problems.append(_("cochez au moins une commune du secteur"))
    pros = {p.id: p.name for p in territory_pros}
    chosen = [
        int(p)
        for p in v["doctors"]  # type: ignore[attr-defined]
        if str(p).isdigit() and int(p) in pros
    ]
    if len(chosen) < 2:
        problems.append(_("cochez au moins deux médecins (le tableau se partage entre eux)"))
    if v["country"] not in ("FR", "CH"):
        problems.append(_("champ « Jours fériés » : attendu FR ou CH"))
    if problems:
        raise RotaInputError(_("formulaire"), problems)
    doctors = tuple(DoctorDraft(f"D{i}", pros[pid], "S1") for i, pid in enumerate(chosen, start=1))
    draft = RotaDraft(
        start=dates[0],
        end=dates[1],
        sectors=(SectorDraft("S1", name, tuple(picked)),),
        doctors=doctors,
        shift_types=tuple(str(k) for k in v["kinds"]),  # type: ignore[attr-defined]
        country=str(v["country"]),
    )
    return draft, {f"D{i}": pid for i, pid in enumerate(chosen, start=1)}
