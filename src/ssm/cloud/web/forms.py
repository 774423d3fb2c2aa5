"""What every HTML form shares: reading the body, anti-forgery values and cookie flags.

Anti-forgery values follow the password page: the hidden ``csrf`` field carries
``passwords.csrf_token(secret)``, a hash of a secret the attacker's page cannot read. On
the password page the secret is the link's token; on a page with a web session it is the
session token; before any session (login, forgotten password) it is a random value in the
``ssm_csrf`` cookie, set by the page that shows the form (double-submit cookie). Cookies
are HttpOnly, SameSite=Lax, and Secure when the request or ``SSM_CLOUD_PUBLIC_URL`` is https.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request, Response

from ssm.cloud import _secrets, messages
from ssm.cloud._text import has_nul
from ssm.cloud.services import passwords
from ssm.cloud.settings import CloudSettings
from ssm.cloud.web._templates import render

CSRF_COOKIE = "ssm_csrf"
SESSION_COOKIE = "ssm_session"


MAX_FORM_FIELDS = 20
"""Fields a form may post: the prospect form's 15 and ``csrf``, with room to spare."""


class NulInFormError(Exception):
    """A posted form holds a NUL character, which no field accepts: a 400 page."""


async def read_form(request: Request, max_fields: int = MAX_FORM_FIELDS) -> dict[str, str]:
    """The fields of an ``application/x-www-form-urlencoded`` body (first value of each).

    ``max_fields`` bounds the fields parsed; a form with lines (a quote's) asks for more.

    Raises:
        NulInFormError: a name or value holds a NUL (``ssm.cloud._text``), on every form.
    """
    raw = (await request.body()).decode("utf-8", errors="replace")
    form = {name: values[0] for name, values in parse_qs(raw, max_num_fields=max_fields).items()}
    if has_nul(form):
        raise NulInFormError()
    return form


def nul_in_form_page(request: Request, exc: Exception) -> Response:
    """The page of ``NulInFormError``: one French sentence saying what to do, 400."""
    return render(
        "password_message.html",
        400,
        title=messages.BAD_REQUEST,
        message=messages.TEXT_WITH_NUL,
        error=True,
    )


def is_secure(request: Request, settings: CloudSettings) -> bool:
    """Whether cookies must be ``Secure``: the request, or the public URL, is https."""
    return request.url.scheme == "https" or (settings.public_url or "").startswith("https://")


def set_cookie(
    response: Response, request: Request, settings: CloudSettings, name: str, value: str
) -> None:
    """Set an HttpOnly, SameSite=Lax cookie for the whole site (Secure over https)."""
    response.set_cookie(
        name,
        value,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_secure(request, settings),
    )


def csrf_secret(request: Request) -> str:
    """The ``ssm_csrf`` cookie's value, or a new random one (the page then sets it)."""
    return request.cookies.get(CSRF_COOKIE) or _secrets.new_session_token()


def same_csrf_cookie(request: Request, form: dict[str, str]) -> bool:
    """Whether the form's ``csrf`` field matches the ``ssm_csrf`` cookie."""
    secret = request.cookies.get(CSRF_COOKIE)
    return bool(secret) and passwords.same_csrf(secret or "", form.get("csrf", ""))
