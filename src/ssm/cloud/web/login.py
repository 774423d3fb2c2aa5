"""``/login`` and ``/logout``: a person signs in to the web app with e-mail and password.

``POST /login`` checks the argon2 hash the password page stored; success opens a session
in the database, sets the ``ssm_session`` cookie and redirects (303) to ``/``. Any failure
is one French sentence with 401, whatever went wrong; too many attempts from one address,
or for one e-mail from one address, answer the form with a French sentence and 429 (see
``services/login_limits``: a stranger cannot lock the owner out). ``POST /logout``
deletes the session.
Both forms carry an anti-forgery field (see ``web/forms.py``).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud.db import Database
from ssm.cloud.dependencies import DatabaseDep, NowDep, SettingsDep
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.services import login_limits, passwords, rate_limits, web_sessions
from ssm.cloud.settings import CloudSettings
from ssm.cloud.web._templates import render
from ssm.cloud.web.forms import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    csrf_secret,
    read_form,
    same_csrf_cookie,
    set_cookie,
)
from ssm.cloud.web.i18n import language, text
from ssm.cloud.web.language import local_path

router = APIRouter(tags=["pages"])

FormDep = Annotated[dict[str, str], Depends(read_form)]


def login_page(
    request: Request,
    settings: CloudSettings,
    *,
    error: str | None = None,
    minutes: int = 0,
    email: str = "",
    status_code: int = 200,
    next_path: str = "/",
) -> HTMLResponse:
    """The login form, with a fresh or kept ``ssm_csrf`` cookie.

    ``error`` is the key of the message shown (``login.failed``…), in the person's language;
    ``next_path`` is where a signed-in page sent the person from (``/login?next=``); the
    form carries it so that success goes back there.
    """
    secret = csrf_secret(request)
    lang = language(request)
    other = "en" if lang == "fr" else "fr"
    response = render(
        "login.html",
        status_code,
        lang=lang,
        title=text("login.title", lang),
        csrf=passwords.csrf_token(secret),
        error=text(error, lang).format(minutes=minutes) if error else None,
        email=email,
        next_path=local_path(next_path),
        other_language=f"/langue/{other}?next={quote('/login')}",
    )
    set_cookie(response, request, settings, CSRF_COOKIE, secret)
    return response


def _rate_limited(
    request: Request, db: Database, settings: CloudSettings, now: datetime, email: str
) -> HTMLResponse | None:
    """Count the attempt (``login_limits``); the form with a 429 when over a limit."""
    limits = rate_limits.RateLimits.from_settings(settings)
    try:
        login_limits.before_attempt(db, limits, request, email, now=now)
    except RateLimitedError as exc:
        minutes = math.ceil(exc.retry_after / 60)
        page = login_page(
            request,
            settings,
            error="login.rate_limited",
            minutes=minutes,
            email=email,
            status_code=429,
        )
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    return None


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The French login form: e-mail, mot de passe, « Se connecter »."""
    return login_page(request, settings, next_path=request.query_params.get("next", "/"))


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request, db: DatabaseDep, now: NowDep, settings: SettingsDep, form: FormDep
) -> Response:
    """Open a session and go to ``next`` (``/``); else the form again with one message (401)."""
    email = form.get("email", "")[:255]
    next_path = local_path(form.get("next"))
    if not same_csrf_cookie(request, form):
        return login_page(
            request,
            settings,
            error="login.expired",
            email=email,
            status_code=400,
            next_path=next_path,
        )
    limited = _rate_limited(request, db, settings, now, email)
    if limited is not None:
        return limited
    token = web_sessions.sign_in(
        db,
        email,
        form.get("password", ""),
        now=now,
        ttl=timedelta(hours=settings.web_session_ttl_hours),
    )
    if token is None:
        limits = rate_limits.RateLimits.from_settings(settings)
        login_limits.failed(db, limits, email, now=now)
        return login_page(
            request,
            settings,
            error="login.failed",
            email=email,
            status_code=401,
            next_path=next_path,
        )
    login_limits.succeeded(db, request, email)
    response = RedirectResponse(next_path, status_code=303)
    set_cookie(response, request, settings, SESSION_COOKIE, token)
    return response


@router.post("/logout")
def logout(request: Request, db: DatabaseDep, form: FormDep) -> Response:
    """Close the session (its form's anti-forgery field must match) and go to ``/login``."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and passwords.same_csrf(token, form.get("csrf", "")):
        web_sessions.sign_out(db, token)
    elif token:
        return RedirectResponse("/", status_code=303)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response
