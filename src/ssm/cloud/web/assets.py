"""``GET /-/static/{version}/{name}``, ``GET /favicon.ico``: the pages' styles, mark, scripts.

Every page links the brand's ``brand.css`` first, then ``app.css`` (the web app's own
layout, built on the brand's custom properties), both served from this origin: no CDN, and
the Content-Security-Policy needs no exception. Each URL carries a hash of the file's bytes
(``asset_url``), so a browser may keep the file for a year and a new release is fetched at
once (``quote_page.js`` too). ``/favicon.ico`` answers with the brand's SVG mark, so no
page's automatic request is a 404.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from ssm import brand

router = APIRouter(include_in_schema=False)

_OWN = {name: Path(__file__).with_name(name) for name in ("app.css", "quote_page.js")}
"""The web app's own static files, next to this module."""

_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
LONG_CACHE = "public, max-age=31536000, immutable"
"""For a URL whose version names its content: it never changes under that URL."""


@cache
def _content(name: str) -> bytes:
    """The bytes of static file ``name``: one of ours or one of the brand's."""
    if name in _OWN:
        return _OWN[name].read_bytes()
    return brand.asset(name)


@cache
def version(name: str) -> str:
    """A short hash of static file ``name``'s bytes, the version part of its URL."""
    if name in _OWN:
        return hashlib.sha256(_content(name)).hexdigest()[:12]
    return brand.digest(name)


def asset_url(name: str) -> str:
    """The versioned URL of static file ``name`` (a template global)."""
    return f"/-/static/{version(name)}/{name}"


def _served(name: str, cache_control: str) -> Response:
    return Response(
        _content(name),
        media_type=_TYPES[Path(name).suffix],
        headers={"Cache-Control": cache_control},
    )


@router.get("/-/static/{file_version}/{name}")
def static(file_version: str, name: str) -> Response:
    """A static file; an older version's URL still answers, with no long cache."""
    if name not in _OWN and name not in brand.ASSETS:
        raise HTTPException(status_code=404)
    current = file_version == version(name)
    return _served(name, LONG_CACHE if current else "no-cache")


@router.get("/favicon.ico")
def favicon() -> Response:
    """The brand's mark, for browsers that ask ``/favicon.ico`` whatever the page links."""
    return _served("favicon.svg", "public, max-age=86400")
