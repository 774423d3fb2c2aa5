"""``/langue/{fr|en}``: choose the web app's language (the ``lang`` cookie), then go back.

``next`` names the page to return to; only a path of this site is followed (never another
host), else ``/``.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from ssm.cloud.dependencies import SettingsDep
from ssm.cloud.web.forms import set_cookie
from ssm.cloud.web.i18n import LANG_COOKIE

router = APIRouter(tags=["pages"])


def local_path(value: str | None) -> str:
    """``value`` when it is a path of this site (``/…`` but not ``//…``), else ``/``."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/langue/{lang}")
def choose_language(
    lang: Literal["fr", "en"], request: Request, settings: SettingsDep, next: str = "/"
) -> Response:
    """Set the ``lang`` cookie and redirect (303) to ``next``."""
    response = RedirectResponse(local_path(next), status_code=303)
    set_cookie(response, request, settings, LANG_COOKIE, lang)
    return response
