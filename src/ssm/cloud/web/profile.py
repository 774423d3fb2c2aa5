"""``/profil``: « Mon profil », who the person is and « Changer votre mot de passe ».

Any signed-in person; the form carries the session's ``csrf`` and asks for the current
password, then the new one twice (the same rules as the password page).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud.api._deps import DatabaseDep, NowDep
from ssm.cloud.services import passwords, profile
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web._auth import CheckedForm, CurrentUser, render_app
from ssm.cloud.web._forms import SESSION_COOKIE

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
        minimum=passwords.MIN_PASSWORD_LENGTH,
        changed=request.query_params.get("ok") == "1",
        error=error,
    )


@router.get("/profil", response_class=HTMLResponse)
def profile_page(request: Request, user: CurrentUser) -> HTMLResponse:
    """Name, e-mail, role, instance and plan; the password form."""
    return _page(request, user)


@router.post("/profil/mot-de-passe", response_class=HTMLResponse)
def change_password(
    request: Request, user: CurrentUser, form: CheckedForm, db: DatabaseDep, now: NowDep
) -> Response:
    """Check the current password, store the new one, end the other sessions."""
    new = form.get("password", "")
    problem = passwords.check_new_password(new, form.get("confirmation", ""))
    if problem is not None:
        return _page(request, user, error=problem, status_code=400)
    token = request.cookies.get(SESSION_COOKIE, "")
    if not profile.change_password(
        db, user, form.get("current", ""), new, keep_token=token, now=now
    ):
        return _page(request, user, error="profile.wrong_current", status_code=400)
    return RedirectResponse("/profil?ok=1", status_code=303)
