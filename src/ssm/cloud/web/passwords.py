"""``/password/…``: choose a password from an e-mailed link, or ask for a new link.

``GET /password/{token}`` shows the form; ``POST`` checks the two fields, stores the argon2
hash and consumes the token in one transaction. An unknown link answers 404, a used or
expired one 410, each with a French page that offers « Recevoir un nouveau lien »: the
e-mail form of ``/password/forgot``, also reached from the login page. Its answer is one
sentence whether or not the address is known, and the e-mails leave after the answer;
too many requests from one address or for one e-mail answer the form again with 429.
The ``forgot`` routes come first: ``/password/{token}`` would otherwise take them.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import HTMLResponse

from ssm.cloud import messages
from ssm.cloud.dependencies import DatabaseDep, NowDep, SettingsDep, WelcomeDep
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.services import password_policy, password_reset, passwords, rate_limits
from ssm.cloud.services.passwords import TokenState
from ssm.cloud.settings import CloudSettings
from ssm.cloud.web._templates import render
from ssm.cloud.web.forms import CSRF_COOKIE, csrf_secret, read_form, same_csrf_cookie, set_cookie

router = APIRouter(tags=["pages"])

FormDep = Annotated[dict[str, str], Depends(read_form)]

_REFUSED: dict[TokenState, tuple[int, str]] = {
    TokenState.UNKNOWN: (404, messages.MDP_LINK_UNKNOWN),
    TokenState.USED: (410, messages.MDP_LINK_USED),
    TokenState.EXPIRED: (410, messages.MDP_LINK_EXPIRED),
}


def _with_forgot_form(
    request: Request, settings: CloudSettings, template: str, status_code: int, **context: object
) -> HTMLResponse:
    """Render ``template`` with the « nouveau lien » form and its ``ssm_csrf`` cookie."""
    secret = csrf_secret(request)
    response = render(template, status_code, forgot_csrf=passwords.csrf_token(secret), **context)
    set_cookie(response, request, settings, CSRF_COOKIE, secret)
    return response


def _refused(state: TokenState, request: Request, settings: CloudSettings) -> HTMLResponse:
    status_code, message = _REFUSED[state]
    return _with_forgot_form(
        request,
        settings,
        "password_message.html",
        status_code,
        title=messages.MDP_PAGE_TITLE,
        message=message,
        error=True,
    )


def _forgot_page(
    request: Request, settings: CloudSettings, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    return _with_forgot_form(
        request,
        settings,
        "password_forgot.html",
        status_code,
        title=messages.MDP_FORGOT_TITLE,
        intro=messages.MDP_FORGOT_INTRO,
        error=error,
    )


def _form_page(token: str, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    return render(
        "password.html",
        status_code,
        title=messages.MDP_PAGE_TITLE,
        minimum=password_policy.MIN_PASSWORD_LENGTH,
        csrf=passwords.csrf_token(token),
        error=error,
    )


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    """« Recevoir un nouveau lien »: the form asking for the account's e-mail."""
    return _forgot_page(request, settings)


@router.post("/password/forgot", response_class=HTMLResponse)
def forgot_submit(
    request: Request,
    db: DatabaseDep,
    now: NowDep,
    settings: SettingsDep,
    links: WelcomeDep,
    form: FormDep,
    background: BackgroundTasks,
) -> HTMLResponse:
    """Send a new link to every user who may sign in with that e-mail; one answer for all."""
    if not same_csrf_cookie(request, form):
        return _forgot_page(request, settings, messages.WEB_FORM_EXPIRED, 400)
    email = form.get("email", "")[:255]
    limits = rate_limits.RateLimits.from_settings(settings)
    try:
        rate_limits.hit(
            db,
            [
                (rate_limits.ip_key("forgot", request), limits.forgot_ip),
                (rate_limits.email_key("forgot", email), limits.forgot_email),
            ],
            now=now,
        )
    except RateLimitedError as exc:
        error = messages.WEB_RATE_LIMITED.format(minutes=math.ceil(exc.retry_after / 60))
        page = _forgot_page(request, settings, error, 429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    pending = password_reset.prepare_new_links(db, email, now=now, links=links)
    if pending:
        background.add_task(password_reset.deliver, db, links.mailer, pending, now=now)
    return render(
        "password_message.html",
        title=messages.MDP_FORGOT_TITLE,
        message=messages.MDP_FORGOT_SENT,
        error=False,
        login_link=True,
    )


@router.get("/password/{token}", response_class=HTMLResponse)
def password_form(
    token: str, request: Request, db: DatabaseDep, now: NowDep, settings: SettingsDep
) -> HTMLResponse:
    """The form, or a French page saying why the link no longer works."""
    state = passwords.token_state(db, token, now=now)
    if state is not TokenState.VALID:
        return _refused(state, request, settings)
    return _form_page(token)


@router.post("/password/{token}", response_class=HTMLResponse)
def password_submit(
    token: str,
    request: Request,
    db: DatabaseDep,
    now: NowDep,
    settings: SettingsDep,
    form: FormDep,
) -> HTMLResponse:
    """Store the new password and consume the link; re-show the form with the reason if not."""
    state = passwords.token_state(db, token, now=now)
    if state is not TokenState.VALID:
        return _refused(state, request, settings)
    if not passwords.same_csrf(token, form.get("csrf", "")):
        return _form_page(token, messages.MDP_FORM_INVALID, 400)
    password = form.get("password", "")
    personal = passwords.personal_words(db, token)
    problem = passwords.check_new_password(password, form.get("confirmation", ""), personal)
    if problem is not None:
        return _form_page(token, problem, 400)
    if not passwords.set_password(db, token, password, now=now):
        return _refused(passwords.token_state(db, token, now=now), request, settings)
    return render(
        "password_message.html",
        title=messages.MDP_PAGE_TITLE,
        message=messages.MDP_CHANGED,
        error=False,
        login_link=True,
    )
