"""The API documentation page, served entirely by this server.

Swagger UI's files come from the ``swagger-ui-bundle`` package (PyPI) and the page's own start
script from a route of its own: no CDN, so the docs work offline and fit the strict CSP (scripts
from this origin only, no inline script). Without the package, a plain page links to the
OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/api/v1/docs"
ASSETS_URL = f"{DOCS_URL}/assets"
_START_SCRIPT = """// Starts Swagger UI from files served by this server (no third-party host).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
"""

_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>ProxiSanté — API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{docs}/start.js"></script></body></html>"""

_FALLBACK = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>ProxiSanté — API</title></head>
<body><h1>API de ProxiSanté</h1><p>Description OpenAPI :
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (le paquet swagger-ui-bundle n'est
pas installé : installez-le pour une documentation interactive).</p></body></html>"""


def swagger_ui_folder() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    folder = Path(swagger_ui_bundle.swagger_ui_path)
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def install_docs(app: FastAPI) -> None:
    """Add ``/api/v1/docs`` (the app is built with ``docs_url=None``)."""
    folder = swagger_ui_folder()
    if folder is not None:
        app.mount(ASSETS_URL, StaticFiles(directory=folder), name="api-docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> Response:
        if folder is None:
            return HTMLResponse(_FALLBACK)
        return HTMLResponse(_PAGE.format(assets=ASSETS_URL, docs=DOCS_URL))

    @app.get(f"{DOCS_URL}/start.js", include_in_schema=False)
    def api_docs_start() -> Response:
        return Response(_START_SCRIPT, media_type="text/javascript")
