"""The page of the unscheduled-care slots: search from a commune typed by its name (or code),
within 48 h.

``GET /creneaux`` is public: it shows the free slots of every territory with what a patient
needs (time, provider, commune, type, travel) and no internal identifier; booking stays with
the regulation (API). Built by the app factory (``router``); it calls the slot service.
"""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.i18n import N_, _
from proxisante.slots._errors import UnknownCommuneError
from proxisante.slots.model import PublicSlot, SlotType
from proxisante.slots.service import SearchQuery
from proxisante.territory.names import CODE_LIKE, CommuneNameError
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.slots import Geography, service_for
from proxisante.web.deps import Db, Principal, optional_principal
from proxisante.web.pages._commune import SUGGEST_URL, resolve_any_commune
from proxisante.web.pages._render import page_language, render

_LOCAL = ZoneInfo("Europe/Paris")
_TYPES = {
    SlotType.CONSULTATION: N_("consultation"),
    SlotType.VISIT: N_("visite à domicile"),
    SlotType.TELECONSULTATION: N_("téléconsultation"),
}


def _rows(found: list[PublicSlot]) -> list[dict[str, Any]]:
    return [
        {
            "start": f.start.astimezone(_LOCAL).strftime("%d/%m/%Y %H:%M"),
            "provider": f.provider_name,
            "commune": f.commune,
            "kind": _(_TYPES[f.slot_type]),
            "minutes": f"{f.travel_min:.0f}",
        }
        for f in found
    ]


def _page(
    request: Request,
    user: Principal | None,
    commune: str,
    slot_type: str,
    found: list[PublicSlot] | None,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    response = render(
        request,
        "creneaux.html",
        user,
        title=_("Créneaux de soins non programmés"),
        commune=commune,
        slot_type=slot_type,
        types=[(t.value, _(label)) for t, label in _TYPES.items()],
        rows=None if found is None else _rows(found),
        commune_error=error,
        suggest_url=SUGGEST_URL,
    )
    response.status_code = status
    return response


def _commune_code(text: str) -> str:
    """The code of the commune typed (a code is checked, a name resolved)."""
    if any(ch.isdigit() for ch in text):
        if not CODE_LIKE.match(text.strip()):
            raise CommuneNameError(
                _("Code commune invalide : attendu un code INSEE à 5 caractères, ex. 03190.")
            )
        return text.strip()
    return resolve_any_commune(text)


def create_router() -> APIRouter:
    router = APIRouter(
        include_in_schema=False,
        route_class=TransactionRoute,
        dependencies=[Depends(page_language)],
    )

    @router.get("/creneaux", response_class=HTMLResponse)
    def slots_page(
        request: Request,
        db: Db,
        geo: Geography,
        user: Annotated[Principal | None, Depends(optional_principal)],
        commune: Annotated[str, Query(max_length=100)] = "",
        slot_type: Annotated[str, Query(alias="type", max_length=20)] = "",
    ) -> HTMLResponse:
        if not commune:
            return _page(request, user, "", slot_type, None)
        kind = next((t for t in SlotType if t.value == slot_type), None)
        try:
            if slot_type and kind is None:
                raise CommuneNameError(
                    _("type {v} : attendu l'un de {kinds}").format(
                        v=repr(slot_type), kinds=", ".join(t.value for t in SlotType)
                    )
                )
            code = _commune_code(commune)
        except CommuneNameError as exc:
            return _page(request, user, commune, slot_type, None, str(exc), 400)
        query = SearchQuery(code, slot_type=kind)
        try:
            found = service_for(request, db).public_search(query, geo)
        except UnknownCommuneError:
            msg = _(
                "Commune {commune} inconnue : attendu le code INSEE d'une commune, ex. 03190."
            ).format(commune=code)
            return _page(request, user, commune, slot_type, None, msg, 404)
        return _page(request, user, commune, slot_type, found)

    return router


router = create_router()
