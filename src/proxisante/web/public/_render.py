"""Rendering of the public pages: DSFR templates (``web/templates/public/*.j2``), the language of
the request (``?lang=``, then the ``lang`` cookie, then ``Accept-Language``, French by default:
:func:`proxisante.web.lang.scope_lang`) and its catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from proxisante import i18n
from proxisante.web.assets import asset
from proxisante.web.lang import LANG_COOKIE, scope_lang

__all__ = ["LANG_COOKIE", "LANG_NAMES", "lang_url", "render_public", "request_lang"]

TEMPLATE_DIR = Path(__file__).parent.parent / "templates"

_ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(["html", "j2"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals["asset"] = asset
_ENV.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)
_ENV.filters["num"] = lambda v, d=0: "—" if v is None else i18n.format_decimal(v, d)
_ENV.filters["day"] = lambda d: "—" if d is None else i18n.format_date(d)  # 14 décembre 2026
_ENV.filters["month"] = i18n.format_month  # "2026-11" → novembre 2026


LANG_NAMES = {"fr": "Français", "de": "Deutsch", "en": "English"}


def request_lang(request: Request) -> str:
    """``?lang=fr|de|en`` if given and known, else the ``lang`` cookie (set by the operators'
    language switcher), else the best of ``Accept-Language`` (the API's rule too)."""
    return scope_lang(request.scope)


def lang_url(request: Request, lang: str) -> str:
    """The current page in another language (keeps the other query parameters), as a path of
    this site only: a request path such as ``//evil.example/x`` (or ``/\\evil.example``) would
    make a protocol-relative link to another host, so its leading slashes become one."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", lang))
    path = "/" + request.url.path.lstrip("/\\")
    return f"{path}?{urlencode(params)}"


def render_public(
    request: Request, template: str, title: str, status_code: int = 200, **ctx: Any
) -> HTMLResponse:
    """Render ``public/<template>`` in the request's language; ``title`` is a French source
    text marked with ``N_()``, translated here."""
    lang = request_lang(request)
    with i18n.use_lang(lang):
        context = {
            "request": request,
            "lang": lang,
            "title": i18n.gettext(title),
            "langs": [(code, lang_url(request, code)) for code in i18n.LANGS],
            "fictitious": bool(request.app.state.demo),
            "path": request.url.path,
            **ctx,
        }
        html = _ENV.get_template(f"public/{template}").render(context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response
