"""``/``: the web app's home page for a signed-in person, in the signed-in layout.

Without a valid ``ssm_session`` cookie it redirects (303) to ``/login``. The page is the
dashboard (« Tableau de bord », ``web/dashboard.py``): it greets the user, names their
instance and shows the sales they may see; everything is read through the session, so a
person only ever sees their own instance.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ssm.cloud.dependencies import DatabaseDep, NowDep
from ssm.cloud.web.auth import CurrentUser
from ssm.cloud.web.dashboard import dashboard_page

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: CurrentUser, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """« Tableau de bord »: « Bonjour {prénom} », the instance's name, the sales figures."""
    return dashboard_page(request, user, db, now)
