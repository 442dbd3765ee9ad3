"""Minimal French page of the unscheduled-care slots: search from a commune, within 48 h.

``GET /creneaux`` is public: it shows the free slots of every territory with what a patient
needs (time, provider, commune, type, travel) and no internal identifier; booking stays with
the regulation (API). Built by the app factory (``router``); it calls the slot service.
"""

from __future__ import annotations

import html
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.i18n import _
from proxisante.slots._errors import UnknownCommuneError
from proxisante.slots.model import PublicSlot, SlotType
from proxisante.slots.service import SearchQuery
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.slots import Geography, service_for
from proxisante.web.deps import Db

_LOCAL = ZoneInfo("Europe/Paris")
_TYPES = {
    SlotType.CONSULTATION: "consultation",
    SlotType.VISIT: "visite à domicile",
    SlotType.TELECONSULTATION: "téléconsultation",
}


def _page(commune: str, slot_type: str, found: list[PublicSlot] | None, error: str = "") -> str:
    e = html.escape
    options = "".join(
        f'<option value="{t.value}"{" selected" if t.value == slot_type else ""}>'
        f"{e(label)}</option>"
        for t, label in _TYPES.items()
    )
    rows = ""
    if found is not None:
        if not found:
            rows = "<p>Aucun créneau libre dans les 48 heures.</p>"
        else:
            body = "".join(
                "<tr>"
                f"<td>{e(f.start.astimezone(_LOCAL).strftime('%d/%m/%Y %H:%M'))}</td>"
                f"<td>{e(f.provider_name)}</td><td>{e(f.commune)}</td>"
                f"<td>{e(_TYPES[f.slot_type])}</td><td>{f.travel_min:.0f} min</td>"
                "</tr>"
                for f in found
            )
            rows = (
                "<table><caption>Créneaux libres, du plus proche au plus lointain</caption>"
                "<thead><tr><th scope=col>Heure</th><th scope=col>Professionnel ou structure</th>"
                "<th scope=col>Commune</th><th scope=col>Type</th>"
                "<th scope=col>Trajet estimé</th></tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )
    err = f'<p role="alert">{e(error)}</p>' if error else ""
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Créneaux de soins non programmés — ProxiSanté</title></head>
<body><main>
<h1>Créneaux de soins non programmés</h1>
<p>Trouver le créneau libre le plus proche dans les 48 heures. Les trajets sont estimés
(distance à vol d'oiseau × 1,3, à 60 km/h, plus 5 minutes).</p>
<form method="get" action="/creneaux">
<label for="commune">Code commune du patient (INSEE)</label>
<input id="commune" name="commune" value="{e(commune)}" pattern="[0-9][0-9AB][0-9]{{2,3}}"
 required placeholder="03190">
<label for="type">Type</label>
<select id="type" name="type"><option value="">tous</option>{options}</select>
<button type="submit">Chercher</button>
</form>
{err}{rows}
</main></body></html>"""


def create_router() -> APIRouter:
    router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

    @router.get("/creneaux", response_class=HTMLResponse)
    def slots_page(
        request: Request,
        db: Db,
        geo: Geography,
        commune: Annotated[str, Query(max_length=5)] = "",
        slot_type: Annotated[str, Query(alias="type", max_length=20)] = "",
    ) -> HTMLResponse:
        if not commune:
            return HTMLResponse(_page("", slot_type, None))
        valid = len(commune) in (4, 5) and commune[:2].isalnum() and commune.isalnum()
        kind = next((t for t in SlotType if t.value == slot_type), None)
        if not valid or (slot_type and kind is None):
            msg = "Code commune invalide : attendu un code INSEE à 5 caractères, ex. 03190."
            return HTMLResponse(_page(commune, slot_type, None, msg), status_code=400)
        query = SearchQuery(commune, slot_type=kind)
        try:
            found = service_for(request, db).public_search(query, geo)
        except UnknownCommuneError:
            msg = _(
                "Commune {commune} inconnue : attendu le code INSEE d'une commune, ex. 03190."
            ).format(commune=commune)
            return HTMLResponse(_page(commune, slot_type, None, msg), status_code=404)
        return HTMLResponse(_page(commune, slot_type, found))

    return router


router = create_router()
