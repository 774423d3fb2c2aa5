"""``GET /docs``: Swagger UI on ``/openapi.json``, served from this machine, never a CDN.

FastAPI's own ``/docs`` and ``/redoc`` load their scripts from a CDN, which the service's
Content-Security-Policy forbids and which an on-premises install may not reach. Swagger UI
comes from the ``swagger-ui-bundle-v2`` package (Apache-2.0) and starts from our
``api_docs.js`` file rather than an inline script, so the policy needs no exception. ReDoc
is not served: integrators get one interactive page, and ``/openapi.json`` for their tools.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

_BUNDLE = Path(swagger_ui_bundle.swagger_ui_path)
ASSETS: dict[str, Path] = {
    "swagger-ui.css": _BUNDLE / "swagger-ui.css",
    "swagger-ui-bundle.js": _BUNDLE / "swagger-ui-bundle.js",
    "favicon-32x32.png": _BUNDLE / "favicon-32x32.png",  # else the browser asks /favicon.ico
    "api_docs.js": Path(__file__).with_name("api_docs.js"),
}
"""The only files ``/-/swagger-ui/`` serves."""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sales Management API</title>
<link rel="stylesheet" href="/-/swagger-ui/swagger-ui.css">
<link rel="icon" type="image/png" href="/-/swagger-ui/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/-/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/-/swagger-ui/api_docs.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """The interactive documentation of the API."""
    return HTMLResponse(_PAGE)


@router.get("/-/swagger-ui/{name}")
def asset(name: str) -> FileResponse:
    """One of Swagger UI's files, or our starter script; anything else is a 404."""
    if name not in ASSETS:
        raise HTTPException(status_code=404)
    return FileResponse(ASSETS[name])
