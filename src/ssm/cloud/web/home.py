"""``/``: the web app's home page for a signed-in person, in the signed-in layout.

Without a valid ``ssm_session`` cookie it redirects (303) to ``/login``. The page greets
the user and names their instance; everything it shows is read through the session, so a
person only ever sees their own instance. The dashboard replaces its content.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ssm.cloud.web._auth import CurrentUser, render_app

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: CurrentUser) -> HTMLResponse:
    """« Bonjour {prénom} », the instance's name, the layout's navigation."""
    return render_app(request, user, "home.html", title_key="home.title")
