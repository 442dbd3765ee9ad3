"""HTML pages of the published on-call rota: the list (``/gardes``) and one rota
(``/gardes/{id}``): my shifts, the whole tableau with the fairness of each sector, the swaps
proposed to me (accept / refuse), a form to propose a swap or declare unavailability, and my
calendar subscription link (renew / revoke). Forms post back with the CSRF token; they call the
same :class:`~proxisante.rota.service.RotaService` as the API and show its French message on
refusal (with the HTTP status of the error).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.rota.service import RotaService
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.rota import RotaId, actor_of, feed_url, service_for
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.pages._render import check_csrf, page_language, render


def _page(
    request: Request,
    db: Db,
    user: Principal,
    rota_id: int,
    *,
    status: int = 200,
    message: str = "",
    error: str = "",
) -> HTMLResponse:
    service = service_for(request, db)
    actor = actor_of(user)
    view = service.view(actor, rota_id)
    swaps = service.swaps(actor, rota_id)
    mine = [s for s in view.shifts if view.me is not None and view.holders.get(s.id) == view.me]
    response = render(
        request,
        "rota.html",
        user,
        title=_("Tableau de garde"),
        view=view,
        mine=mine,
        swaps=swaps,
        manager=user.role == "coordinator",
        message=message,
        error=error,
    )
    response.status_code = status
    return response


def _act(
    request: Request,
    db: Db,
    user: Principal,
    rota_id: int,
    csrf: str,
    action: Callable[[RotaService], str],
) -> Response:
    check_csrf(request, user, csrf)
    try:
        message = action(service_for(request, db))
    except UserError as exc:
        db.rollback()
        return _page(request, db, user, rota_id, status=exc.http_status, error=str(exc))
    db.commit()
    return _page(request, db, user, rota_id, message=message)


def create_router() -> APIRouter:
    router = APIRouter(
        include_in_schema=False,
        route_class=TransactionRoute,
        dependencies=[Depends(page_language)],
    )

    @router.get("/gardes", response_class=HTMLResponse)
    def rotas(request: Request, db: Db, user: PageUser) -> HTMLResponse:
        found = service_for(request, db).rotas(actor_of(user))
        rows = [(f"{r.id}", r.label, r.territory_id) for r in found]
        return render(
            request,
            "rota_list.html",
            user,
            title=_("Tableaux de garde"),
            rotas=rows,
        )

    @router.get("/gardes/{rota_id}", response_class=HTMLResponse)
    def one(request: Request, db: Db, user: PageUser, rota_id: RotaId) -> HTMLResponse:
        return _page(request, db, user, rota_id)

    @router.post("/gardes/{rota_id}/echanges")
    def propose(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        shift_id: Annotated[str, Form(max_length=120)],
        to_doctor: Annotated[str, Form(max_length=64)],
        in_return: Annotated[str, Form(max_length=120)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            o = s.propose(
                actor_of(user),
                rota_id,
                shift_id=shift_id.strip(),
                to_doctor=to_doctor.strip(),
                in_return=in_return.strip() or None,
            )
            return _(
                "Échange n° {id} proposé à {doctor}. Écart de charge du secteur : "
                "{before} avant, {after} après."
            ).format(
                id=o.swap.id,
                doctor=o.swap.to_doctor,
                before=f"{o.before.load_spread:g}",
                after=f"{o.after.load_spread:g}",
            )

        return _act(request, db, user, rota_id, csrf, go)

    _add_answer_routes(router)
    return router


def _add_answer_routes(router: APIRouter) -> None:
    """Answering a swap, declaring unavailability, the calendar link."""

    @router.post("/gardes/{rota_id}/echanges/{swap_id}/{decision}")
    def answer(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        swap_id: int,
        decision: str,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            if decision == "accepter":
                o = s.accept(actor_of(user), rota_id, swap_id)
                return _(
                    "Échange n° {id} accepté. Écart de charge du secteur : "
                    "{before} avant, {after} après."
                ).format(
                    id=swap_id,
                    before=f"{o.before.load_spread:g}",
                    after=f"{o.after.load_spread:g}",
                )
            s.refuse(actor_of(user), rota_id, swap_id)
            return _("Échange n° {id} refusé.").format(id=swap_id)

        if decision not in {"accepter", "refuser"}:
            return RedirectResponse(f"/gardes/{rota_id}", status_code=303)
        return _act(request, db, user, rota_id, csrf, go)

    @router.post("/gardes/{rota_id}/indisponibilite")
    def unavailable(
        request: Request,
        db: Db,
        user: PageUser,
        rota_id: RotaId,
        start: Annotated[date, Form()],
        end: Annotated[date, Form()],
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def go(s: RotaService) -> str:
            clashes = s.declare_unavailable(actor_of(user), rota_id, start, end)
            held = ", ".join(c.id for c in clashes) or _("aucune")
            return _(
                "Indisponibilité du {start} au {end} enregistrée. Gardes à échanger : {held}."
            ).format(start=start, end=end, held=held)

        return _act(request, db, user, rota_id, csrf, go)

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
