"""``/profil``: « Mon profil », who the person is and « Changer votre mot de passe ».

Any signed-in person; the form carries the session's ``csrf`` and asks for the current
password, then the new one twice (the same rules as the password page). The current
password is checked at most ``SSM_CLOUD_RATE_LIMIT_PASSWORD_CHANGE_PER_USER`` times per 15
minutes per person (a success clears the count), so a session left open is no way to guess
it; past that the form answers 429 with a French sentence.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud import messages
from ssm.cloud.dependencies import DatabaseDep, NowDep, SettingsDep
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.services import password_policy, passwords, profile, rate_limits
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web.auth import CheckedForm, CurrentUser, render_app
from ssm.cloud.web.forms import SESSION_COOKIE, set_cookie

router = APIRouter(tags=["pages"])


def _page(
    request: Request, user: WebUser, *, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    return render_app(
        request,
        user,
        "profile.html",
        title_key="profile.title",
        status_code=status_code,
        minimum=password_policy.MIN_PASSWORD_LENGTH,
        changed=request.query_params.get("ok") == "1",
        error=error,
    )


@router.get("/profil", response_class=HTMLResponse)
def profile_page(request: Request, user: CurrentUser) -> HTMLResponse:
    """Name, e-mail, role, instance and plan; the password form."""
    return _page(request, user)


@router.post("/profil/mot-de-passe", response_class=HTMLResponse)
def change_password(
    request: Request,
    user: CurrentUser,
    form: CheckedForm,
    db: DatabaseDep,
    now: NowDep,
    settings: SettingsDep,
) -> Response:
    """Check the current password, store the new one, end the other sessions."""
    new = form.get("password", "")
    personal = (user.email, user.first_name, user.last_name)
    problem = passwords.check_new_password(new, form.get("confirmation", ""), personal)
    if problem is not None:
        return _page(request, user, error=problem, status_code=400)
    key = f"profile:user:{user.user_id}"
    try:
        limit = rate_limits.RateLimits.from_settings(settings).password_change_user
        rate_limits.hit(db, [(key, limit)], now=now)
    except RateLimitedError as exc:
        error = messages.WEB_RATE_LIMITED.format(minutes=math.ceil(exc.retry_after / 60))
        page = _page(request, user, error=error, status_code=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    token = request.cookies.get(SESSION_COOKIE, "")
    kept = profile.change_password(db, user, form.get("current", ""), new, token=token, now=now)
    if kept is None:
        return _page(request, user, error="profile.wrong_current", status_code=400)
    rate_limits.reset(db, key)
    response = RedirectResponse("/profil?ok=1", status_code=303)
    set_cookie(response, request, settings, SESSION_COOKIE, kept)
    return response
