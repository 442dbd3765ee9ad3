"""HTML pages of the published on-call rota.

- ``/gardes``: the rotas of the territory (a badge where swaps wait for my answer); the
  coordination publishes a new one from ``/gardes/publier`` (:mod:`.rota_publish`);
- ``/gardes/{id}?secteur=…&mois=2027-03``: one sector, one month — the month as a calendar
  table, my shifts marked, the sector's fairness by name, the swaps that concern me, the form
  to propose a swap or a give-away (my shift and a colleague picked by name), unavailability by
  date picker, the calendar subscription link;
- ``POST /gardes/{id}/echanges/apercu``: the fairness effect of a swap before it is sent, with
  a warning to confirm when it raises the sector's spread above the threshold;
- ``/gardes/{id}/echanges/{n}``: one swap (the link of the notification): accept or refuse.

Forms post back with the CSRF token and call the same
:class:`~proxisante.rota.service.RotaService` as the API; a refusal is shown with the
service's French message and the HTTP status of the error, nothing stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proxisante import i18n
from proxisante.errors import UserError
from proxisante.i18n import N_, _, ngettext
from proxisante.rota.labels import (
    doctor_names,
    format_load,
    sector_names,
    shift_label,
    type_label,
)
from proxisante.rota.service import RotaService
from proxisante.rota.swap_plan import SwapPlan
from proxisante.store.db import read_only
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.rota import RotaId, SwapId, actor_of, base_url, feed_url, service_for
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.pages import _rota_view as rv
from proxisante.web.pages import rota_publish
from proxisante.web.pages._render import NAV_BADGES, check_csrf, page_language, render

ROTA_NAV = "/gardes"


def pending_badge(request: Request, user: Principal) -> str:
    """The navigation badge of a doctor with swaps waiting for their answer ("" if none)."""
    if user.role != "professional" or user.professional_id is None:
        return ""
    with request.app.state.session_factory() as db:
        read_only(db)  # a snapshot: never waits for the page's own write lock (SQLite)
        n = service_for(request, db).pending_count(actor_of(user))
    if not n:
        return ""
    return ngettext("{n} échange à traiter", "{n} échanges à traiter", n).format(n=n)


NAV_BADGES[ROTA_NAV] = pending_badge


def _swap_sentence(problem: Any, plan_or_swap: Any, *, shift: Any, back: Any) -> str:
    names = doctor_names(problem)
    giver = names.get(plan_or_swap.from_doctor, plan_or_swap.from_doctor)
    taker = names.get(plan_or_swap.to_doctor, plan_or_swap.to_doctor)
    if back is None:
        return _("{giver} donne sa garde du {shift} à {taker}.").format(
            giver=giver, taker=taker, shift=shift_label(problem, shift)
        )
    return _(
        "{giver} donne sa garde du {shift} à {taker} et prend en retour sa garde du {back}."
    ).format(
        giver=giver, taker=taker, shift=shift_label(problem, shift), back=shift_label(problem, back)
    )


def effect(problem: Any, plan: SwapPlan, me: str | None) -> dict[str, object]:
    """The fairness effect of a swap as the pages show it (spreads, loads by name)."""
    before = {r.doctor: r for r in rv.load_rows(problem, plan.before, me)}
    rows = [(r, before.get(r.doctor)) for r in rv.load_rows(problem, plan.after, me)]
    return {
        "sector": sector_names(problem).get(plan.shift.sector, plan.shift.sector),
        "before": format_load(plan.before.load_spread),
        "after": format_load(plan.after.load_spread),
        "threshold": format_load(plan.warning_spread),
        "limit": None if plan.max_spread is None else format_load(plan.max_spread),
        "warning": plan.needs_confirmation,
        "rows": rows,
    }


def _page(
    request: Request,
    db: Db,
    user: Principal,
    rota_id: int,
    *,
    status: int = 200,
    message: str = "",
    error: str = "",
    sector: str | None = None,
    month: str | None = None,
    chosen: dict[str, str] | None = None,
) -> HTMLResponse:
    service = service_for(request, db)
    actor = actor_of(user)
    view = service.view(actor, rota_id)
    problem = view.problem
    now = service.now()
    today = service.today(problem)
    code = rv.pick_sector(problem, sector or request.query_params.get("secteur"), view.me)
    year, mon = rv.pick_month(problem, month or request.query_params.get("mois"), today)
    cal = rv.month_view(view, code, year, mon, today, now)
    fairness = rv.sector_fairness_of(view, code)
    sector_of = {s.id: s.sector for s in view.shifts}
    swaps = [s for s in service.swaps(actor, rota_id) if sector_of.get(s.shift_id) == code]
    labels = rv.shift_labels(problem, [s for s in view.shifts if s.id in _ids(swaps)])
    incoming = [i for i in service.incoming(actor) if i.swap.rota_id == rota_id]
    response = render(
        request,
        "rota.html",
        user,
        title=_("Tableau de garde"),
        view=view,
        period=_("du {start} au {end}").format(
            start=i18n.format_date(problem.start), end=i18n.format_date(problem.end)
        ),
        sector=code,
        sector_name=sector_names(problem)[code],
        sectors=[(o.value, o.label) for o in rv.sector_options(problem)],
        weights="; ".join(
            _("{kind} : {weight}").format(kind=type_label(t), weight=format_load(t.weight))
            for t in problem.shift_types
        ),
        month=cal,
        fairness=fairness,
        fairness_spread=format_load(fairness.load_spread),
        loads=rv.load_rows(problem, fairness, view.me),
        my_name=doctor_names(problem).get(view.me or "", ""),
        my_shifts=rv.my_shift_options(view, now),
        colleagues=rv.colleague_options(view),
        their_shifts=rv.their_shift_groups(view, now),
        chosen=chosen
        or {
            "shift_id": request.query_params.get("garde", ""),
            "to_doctor": request.query_params.get("collegue", ""),
        },
        swaps=swaps[-20:][::-1],
        swap_count=len(swaps),
        swap_labels=labels,
        names=doctor_names(problem),
        status_labels_rota={k: _(v) for k, v in _STATUS.items()},
        rota_incoming=incoming,
        today_iso=today.isoformat(),
        last_iso=problem.end.isoformat(),
        manager=user.role == "coordinator",
        message=message,
        error=error,
    )
    response.status_code = status
    return response


_STATUS = {
    "proposee": N_("en attente de réponse"),
    "acceptee": N_("accepté"),
    "refusee": N_("refusé"),
}


def _ids(swaps: list[Any]) -> set[str]:
    return {s.shift_id for s in swaps} | {s.in_return for s in swaps if s.in_return}


def _act(
    request: Request,
    db: Db,
    user: Principal,
    rota_id: int,
    csrf: str,
    action: Callable[[RotaService], str],
    page: dict[str, Any] | None = None,
) -> Response:
    """Run ``action``; show the rota page with its message (or the error, nothing stored).
    ``page`` (sector, month, chosen values) may be filled in by the action itself."""
    check_csrf(request, user, csrf)
    page = {} if page is None else page
    try:
        message = action(service_for(request, db))
    except UserError as exc:
        db.rollback()
        return _page(request, db, user, rota_id, status=exc.http_status, error=str(exc), **page)
    db.commit()
    return _page(request, db, user, rota_id, message=message, **page)


def create_router() -> APIRouter:
    router = APIRouter(
        include_in_schema=False,
        route_class=TransactionRoute,
        dependencies=[Depends(page_language)],
    )
    router.include_router(rota_publish.router)  # /gardes/publier before /gardes/{rota_id}

    @router.get(ROTA_NAV, response_class=HTMLResponse)
    def rotas(request: Request, db: Db, user: PageUser) -> HTMLResponse:
        service = service_for(request, db)
        actor = actor_of(user)
        found = service.rotas(actor)
        waiting: dict[int, int] = {}
        for item in service.incoming(actor):
            waiting[item.swap.rota_id] = waiting.get(item.swap.rota_id, 0) + 1
        rows = [
            {
                "id": r.id,
                "label": r.label,
                "territory": r.territory_id,
                "published": i18n.format_date(r.published_at.date()),
                "waiting": waiting.get(r.id, 0),
            }
            for r in found
        ]
        return render(
            request,
            "rota_list.html",
            user,
            title=_("Tableaux de garde"),
            rotas=rows,
            manager=user.role == "coordinator",
        )

    @router.get("/gardes/{rota_id}", response_class=HTMLResponse)
    def one(request: Request, db: Db, user: PageUser, rota_id: RotaId) -> HTMLResponse:
        return _page(request, db, user, rota_id)

    _add_swap_routes(router)
    _add_answer_routes(router)
    _add_feed_routes(router)
    return router


SwapForm = tuple[str, str, str]


def _add_swap_routes(router: APIRouter) -> None:
    @router.post("/gardes/{rota_id}/echanges/apercu", response_class=HTMLResponse)
    def preview(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        shift_id: Annotated[str, Form(max_length=120)] = "",
        to_doctor: Annotated[str, Form(max_length=64)] = "",
        in_return: Annotated[str, Form(max_length=120)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        """The fairness effect of the swap, before it is sent (nothing stored)."""
        check_csrf(request, user, csrf)
        chosen = {"shift_id": shift_id, "to_doctor": to_doctor, "in_return": in_return}
        service = service_for(request, db)
        try:
            _require_choices(shift_id, to_doctor)
            plan = service.preview(
                actor_of(user),
                rota_id,
                shift_id=shift_id.strip(),
                to_doctor=to_doctor.strip(),
                in_return=in_return.strip() or None,
            )
        except UserError as exc:
            return _page(
                request, db, user, rota_id, status=exc.http_status, error=str(exc), chosen=chosen
            )
        view = service.view(actor_of(user), rota_id)
        return render(
            request,
            "rota_preview.html",
            user,
            title=_("Effet de l'échange sur l'équité"),
            view=view,
            sentence=_swap_sentence(view.problem, plan, shift=plan.shift, back=plan.in_return),
            effect=effect(view.problem, plan, view.me),
            chosen=chosen,
            back_url=f"/gardes/{rota_id}?secteur={plan.shift.sector}"
            f"&mois={rv.month_key(plan.shift.start.date())}",
        )

    @router.post("/gardes/{rota_id}/echanges")
    def propose(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        shift_id: Annotated[str, Form(max_length=120)] = "",
        to_doctor: Annotated[str, Form(max_length=64)] = "",
        in_return: Annotated[str, Form(max_length=120)] = "",
        confirm: Annotated[str, Form(max_length=5)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            _require_choices(shift_id, to_doctor)
            o = s.propose(
                actor_of(user),
                rota_id,
                shift_id=shift_id.strip(),
                to_doctor=to_doctor.strip(),
                in_return=in_return.strip() or None,
                confirm=confirm == "1",
                base_url=base_url(request),
            )
            problem = s.view(actor_of(user), rota_id).problem
            return _(
                "Proposition envoyée à {doctor} : elle ou il la voit à sa prochaine visite et "
                "la reçoit par e-mail si son adresse est connue. Écart de charge du secteur : "
                "{before} avant, {after} après si elle est acceptée."
            ).format(
                doctor=doctor_names(problem).get(o.swap.to_doctor, o.swap.to_doctor),
                before=format_load(o.before.load_spread),
                after=format_load(o.after.load_spread),
            )

        chosen = {"shift_id": shift_id, "to_doctor": to_doctor, "in_return": in_return}
        return _act(request, db, user, rota_id, csrf, go, {"chosen": chosen})


def _require_choices(shift_id: str, to_doctor: str) -> None:
    from proxisante.rota._errors import RotaInputError

    missing = []
    if not shift_id.strip():
        missing.append(_("choisissez l'une de vos gardes (« Ma garde »)"))
    if not to_doctor.strip():
        missing.append(_("choisissez le collègue à qui la proposer (« Collègue »)"))
    if missing:
        raise RotaInputError(_("proposition d'échange"), missing)


def _dates(start: str, end: str) -> tuple[date, date]:
    """The two dates of the unavailability form (``AAAA-MM-JJ``, as the date picker sends)."""
    from proxisante.rota._errors import RotaInputError

    out, problems = [], []
    for field, raw in ((_("Du"), start), (_("Au"), end)):
        try:
            out.append(date.fromisoformat(raw.strip()))
        except ValueError:
            problems.append(
                _(
                    "champ « {field} » : date attendue (par exemple 2027-03-15), reçu {value}"
                ).format(field=field, value=repr(raw[:40]))
            )
    if problems:
        raise RotaInputError(_("indisponibilité"), problems)
    return out[0], out[1]


def _add_answer_routes(router: APIRouter) -> None:
    """One swap (accept / refuse), unavailability."""

    @router.get("/gardes/{rota_id}/echanges/{swap_id}", response_class=HTMLResponse)
    def swap_page(
        request: Request, db: Db, user: PageUser, rota_id: RotaId, swap_id: SwapId
    ) -> HTMLResponse:
        r = service_for(request, db).review(actor_of(user), rota_id, swap_id)
        names = doctor_names(r.problem)
        return render(
            request,
            "rota_swap.html",
            user,
            title=_("Échange de garde n° {id}").format(id=swap_id),
            review=r,
            sentence=_swap_sentence(r.problem, r.swap, shift=r.shift, back=r.in_return),
            proposer=names.get(r.swap.from_doctor, r.swap.from_doctor),
            effect=None if r.plan is None else effect(r.problem, r.plan, r.me),
            status_label=_(_STATUS.get(r.swap.status, r.swap.status)),
            can_answer=r.swap.status == "proposee"
            and (r.me == r.swap.to_doctor or user.role == "coordinator"),
            back_url=f"/gardes/{rota_id}?secteur={r.shift.sector}"
            f"&mois={rv.month_key(r.shift.start.date())}",
        )

    @router.post("/gardes/{rota_id}/echanges/{swap_id}/{decision}")
    def answer(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        swap_id: SwapId,
        decision: str,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        shown: dict[str, Any] = {}

        def go(s: RotaService) -> str:
            if decision == "accepter":
                o = s.accept(actor_of(user), rota_id, swap_id, base_url=base_url(request))
                problem = s.view(actor_of(user), rota_id).problem
                shift = next(x for x in s.view(actor_of(user), rota_id).shifts
                             if x.id == o.swap.shift_id)  # fmt: skip
                shown.update(sector=shift.sector, month=rv.month_key(shift.start.date()))
                return _(
                    "Échange accepté : la garde du {shift} est désormais la vôtre, le tableau "
                    "de garde est à jour. Écart de charge du secteur : {before} avant, {after} "
                    "après."
                ).format(
                    shift=shift_label(problem, shift),
                    before=format_load(o.before.load_spread),
                    after=format_load(o.after.load_spread),
                )
            s.refuse(actor_of(user), rota_id, swap_id, base_url=base_url(request))
            return _("Échange refusé : la garde reste à votre collègue.")

        if decision not in {"accepter", "refuser"}:
            return RedirectResponse(f"/gardes/{rota_id}", status_code=303)
        return _act(request, db, user, rota_id, csrf, go, shown)

    @router.post("/gardes/{rota_id}/indisponibilite")
    def unavailable(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        start: Annotated[str, Form(max_length=40)] = "",
        end: Annotated[str, Form(max_length=40)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            first, last = _dates(start, end)
            clashes = s.declare_unavailable(actor_of(user), rota_id, first, last)
            problem = s.view(actor_of(user), rota_id).problem
            dates = _("du {start} au {end}").format(
                start=i18n.format_date(first), end=i18n.format_date(last)
            )
            if not clashes:
                return _("Indisponibilité {dates} enregistrée. Vous n'avez aucune garde ces "
                         "jours-là.").format(dates=dates)  # fmt: skip
            held = "; ".join(shift_label(problem, c) for c in clashes)
            return ngettext(
                "Indisponibilité {dates} enregistrée. Vous avez {n} garde à échanger ces "
                "jours-là : {held}.",
                "Indisponibilité {dates} enregistrée. Vous avez {n} gardes à échanger ces "
                "jours-là : {held}.",
                len(clashes),
            ).format(dates=dates, n=len(clashes), held=held)

        return _act(request, db, user, rota_id, csrf, go)


def _add_feed_routes(router: APIRouter) -> None:
    """The calendar subscription link: a new one, or revoked."""

    @router.post("/gardes/{rota_id}/calendrier/{what}")
    def calendar(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        what: str,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            if what == "revoquer":
                s.revoke_feed(actor_of(user), rota_id)
                return _("Lien d'abonnement révoqué : l'ancien lien ne fonctionne plus.")
            token = s.renew_feed(actor_of(user), rota_id)
            return _("Nouveau lien d'abonnement (gardez-le secret) : {url}").format(
                url=feed_url(request, token)
            )

        return _act(request, db, user, rota_id, csrf, go)


router = create_router()
