"""The interactive API docs, served with their scripts from the app itself: no CDN can change what runs on our
origin, and the page needs no inline script, so the Content-Security-Policy stays `script-src 'self'`."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} — API docs</title>
<link rel="stylesheet" href="{docs}/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{docs}/assets/swagger-ui-bundle.js"></script>
<script src="{docs}/start.js"></script>
</body>
</html>
"""
_START = """window.ui = SwaggerUIBundle({{
  url: "{openapi}",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
}});
"""


def install(app: FastAPI, *, docs_url: str, openapi_url: str) -> None:
    """Serve Swagger UI at `docs_url`: the page, its start script and the vendored assets."""
    assets = Path(swagger_ui_bundle.swagger_ui_path)
    app.mount(f"{docs_url}/assets", StaticFiles(directory=assets), name="docs-assets")
    page = _PAGE.format(title=app.title, docs=docs_url)
    start = _START.format(openapi=openapi_url)

    @app.get(docs_url, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get(f"{docs_url}/start.js", include_in_schema=False)
    async def docs_start() -> Response:
        return Response(start, media_type="text/javascript")
