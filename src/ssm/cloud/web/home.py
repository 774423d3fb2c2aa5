"""``/``: the web app's home page (« Accueil ») for a signed-in person.

Without a valid ``ssm_session`` cookie it redirects (303) to ``/login``. The page greets
the user and names their instance; everything it shows is read through the session, so a
person only ever sees their own instance.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud import _messages
from ssm.cloud.api._deps import DatabaseDep, NowDep
from ssm.cloud.services import passwords, web_sessions
from ssm.cloud.web._forms import SESSION_COOKIE
from ssm.cloud.web._templates import render

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DatabaseDep, now: NowDep) -> Response:
    """« Bonjour {prénom} », the instance's name and « Se déconnecter »."""
    token = request.cookies.get(SESSION_COOKIE)
    user = web_sessions.current_user(db, token, now=now)
    if token is None or user is None:
        return RedirectResponse("/login", status_code=303)
    return render(
        "home.html",
        title=_messages.HOME_PAGE_TITLE,
        user=user,
        csrf=passwords.csrf_token(token),
    )
