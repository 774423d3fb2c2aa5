"""``/password/{token}``: the page where a user chooses a password from an e-mailed link.

``GET`` shows the form; ``POST`` checks the two fields, stores the argon2 hash and consumes
the token in one transaction. An unknown link answers 404, a used or expired one 410, each
with a French page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from ssm.cloud import _messages
from ssm.cloud.api._deps import DatabaseDep, NowDep
from ssm.cloud.services import passwords
from ssm.cloud.services.passwords import TokenState
from ssm.cloud.web._forms import read_form
from ssm.cloud.web._templates import render

router = APIRouter(tags=["pages"])

_REFUSED: dict[TokenState, tuple[int, str]] = {
    TokenState.UNKNOWN: (404, _messages.MDP_LINK_UNKNOWN),
    TokenState.USED: (410, _messages.MDP_LINK_USED),
    TokenState.EXPIRED: (410, _messages.MDP_LINK_EXPIRED),
}


def _refused(state: TokenState) -> HTMLResponse:
    status_code, message = _REFUSED[state]
    return render(
        "password_message.html",
        status_code,
        title=_messages.MDP_PAGE_TITLE,
        message=message,
        error=True,
    )


def _form_page(token: str, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    return render(
        "password.html",
        status_code,
        title=_messages.MDP_PAGE_TITLE,
        minimum=passwords.MIN_PASSWORD_LENGTH,
        csrf=passwords.csrf_token(token),
        error=error,
    )


@router.get("/password/{token}", response_class=HTMLResponse)
def password_form(token: str, db: DatabaseDep, now: NowDep) -> HTMLResponse:
    """The form, or a French page saying why the link no longer works."""
    state = passwords.token_state(db, token, now=now)
    if state is not TokenState.VALID:
        return _refused(state)
    return _form_page(token)


@router.post("/password/{token}", response_class=HTMLResponse)
def password_submit(
    token: str,
    db: DatabaseDep,
    now: NowDep,
    form: Annotated[dict[str, str], Depends(read_form)],
) -> HTMLResponse:
    """Store the new password and consume the link; re-show the form with the reason if not."""
    state = passwords.token_state(db, token, now=now)
    if state is not TokenState.VALID:
        return _refused(state)
    if not passwords.same_csrf(token, form.get("csrf", "")):
        return _form_page(token, _messages.MDP_FORM_INVALID, 400)
    password = form.get("password", "")
    problem = passwords.check_new_password(password, form.get("confirmation", ""))
    if problem is not None:
        return _form_page(token, problem, 400)
    if not passwords.set_password(db, token, password, now=now):
        return _refused(passwords.token_state(db, token, now=now))
    return render(
        "password_message.html",
        title=_messages.MDP_PAGE_TITLE,
        message=_messages.MDP_CHANGED,
        error=False,
        login_link=True,
    )
