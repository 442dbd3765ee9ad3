"""``/donnees-personnelles``: the privacy notice (information of the persons whose requests the
registry holds). With ``?territoire=ID``, or when the registry has one territory, the notice of
that territory (its controller, legal basis and authority by its country, retention period,
rights); otherwise the list of territories and what does not depend on them. The texts come
from :mod:`proxisante.registry.notice`, as in the letter sent with an export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.i18n import N_, use_lang
from proxisante.registry.notice import notice_sections
from proxisante.store.db import read_only
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Rights
from proxisante.web.deps import Db
from proxisante.web.public._render import render_public, request_lang

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
TITLE = N_("Données personnelles")
GENERAL = ("purposes", "data", "recipients")  # sections that are the same for every territory


@router.get("/donnees-personnelles", response_class=HTMLResponse)
def privacy_notice(
    request: Request,
    db: Db,
    rights: Rights,
    territoire: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    read_only(db)
    with use_lang(request_lang(request)):
        notices = [rights.notice(territoire)] if territoire else rights.notices()
        one = notices[0] if len(notices) == 1 else None
        if one is not None:
            sections = notice_sections(one.controller, one.country)
        else:
            from proxisante.registry.privacy import default_controller

            generic = default_controller("", "")
            sections = tuple(s for s in notice_sections(generic, "fr") if s.key in GENERAL)
    return render_public(
        request,
        "donnees_personnelles.j2",
        TITLE,
        notice=one,
        notices=notices,
        sections=sections,
    )
