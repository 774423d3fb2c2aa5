"""Who is signed in, what they may open, and the signed-in layout's page renderer.

Signed-in pages declare their user as a dependency::

    @router.get("/comptes")
    def accounts(request: Request, user: CurrentUser) -> HTMLResponse:
        return render_app(request, user, "accounts.html", title_key="nav.accounts")

    @router.post("/administration/utilisateurs/{user_id}/inviter")
    def invite(user: AdminUser, form: CheckedForm) -> Response: ...

``CurrentUser`` reads the ``ssm_session`` cookie; without a valid session the request ends
in a 303 to ``/login?next=<path>``. ``require_roles("admin")`` answers others with a 403
page. ``CheckedForm`` is the posted form once its ``csrf`` field matched the session (else
a 400 page). The exceptions carry what their page needs, and ``install_web_handlers``
turns them into pages; they never reach the JSON API's handlers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud.dependencies import DatabaseDep, NowDep, app_database, request_clock
from ssm.cloud.resources import RESOURCES
from ssm.cloud.services import integration, passwords, web_sessions
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web._templates import render
from ssm.cloud.web.forms import (
    MAX_FORM_FIELDS,
    SESSION_COOKIE,
    NulInFormError,
    nul_in_form_page,
    read_form,
)
from ssm.cloud.web.i18n import format_date, format_datetime, format_number, language, text


class LoginRequiredError(Exception):
    """No valid web session: the page redirects to the login form."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


@dataclass
class WebPageError(Exception):
    """A signed-in page that ends with an error page of the layout (403, 400, 404)."""

    user: WebUser
    status_code: int
    key: str


def get_current_user(request: Request, db: DatabaseDep, now: NowDep) -> WebUser:
    """The signed-in user; raises ``LoginRequiredError`` without a valid session."""
    user = web_sessions.current_user(db, request.cookies.get(SESSION_COOKIE), now=now)
    if user is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        raise LoginRequiredError(path)
    return user


CurrentUser = Annotated[WebUser, Depends(get_current_user)]


def require_roles(*roles: str) -> Callable[[WebUser], WebUser]:
    """A dependency: the signed-in user if their role is one of ``roles``, else a 403 page."""

    def dependency(user: CurrentUser) -> WebUser:
        if user.role not in roles:
            raise WebPageError(user, 403, "forbidden")
        return user

    return dependency


AdminUser = Annotated[WebUser, Depends(require_roles("admin"))]


def csrf_value(request: Request) -> str:
    """The anti-forgery value of the session's forms (a hash of the session token)."""
    return passwords.csrf_token(request.cookies.get(SESSION_COOKIE, ""))


def checked_form_of(max_fields: int) -> Callable[..., Awaitable[dict[str, str]]]:
    """A dependency: the posted form of at most ``max_fields`` fields, its ``csrf`` checked."""

    async def checked_form(request: Request, user: CurrentUser) -> dict[str, str]:
        """The posted form, once its ``csrf`` field matched the session; else a 400 page."""
        form = await read_form(request, max_fields)
        token = request.cookies.get(SESSION_COOKIE, "")
        if not token or not passwords.same_csrf(token, form.get("csrf", "")):
            raise WebPageError(user, 400, "form_expired")
        return form

    return checked_form


CheckedForm = Annotated[dict[str, str], Depends(checked_form_of(MAX_FORM_FIELDS))]


@dataclass(frozen=True)
class NavItem:
    """One link of the side navigation."""

    key: str
    href: str


def navigation(user: WebUser) -> list[NavItem]:
    """The side navigation ``user`` sees: records for all, administration for admins.

    On Professional « Connecteur » is in the « Admin » interface's own menu (``_admin.html``).

    The record pages are those of the declared resources (``resources.RESOURCES``).
    """
    items = [
        NavItem("nav.dashboard", "/"),
        *(
            NavItem(f"nav.{declared.name}", declared.page)
            for declared in RESOURCES
            if declared.page is not None
        ),
    ]
    if user.role == "admin":
        if user.plan == "professional":
            items.append(NavItem("nav.admin", "/admin"))
        else:
            items.append(NavItem("nav.administration", "/administration"))
            items.append(NavItem("nav.connector", "/administration/connecteur"))
        items.append(NavItem("nav.outbox", "/courriels"))
    return items


def render_app(
    request: Request,
    user: WebUser,
    template: str,
    *,
    title_key: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` (which extends ``_app.html``) for ``user`` in their language.

    The template gets ``user``, ``lang``, ``title`` (the text of ``title_key``), ``csrf``
    (for its forms and « Se déconnecter »), ``nav``, ``path``, ``connection`` (the « Connecté
    à : Sage » indicator, on every page) and ``context``.
    """
    lang = language(request)
    clock = request_clock(request)
    context.setdefault(
        "connection",
        integration.connection_state(app_database(request), user.instance_id, clock()),
    )
    return render(
        template,
        status_code,
        user=user,
        lang=lang,
        title=text(title_key, lang),
        csrf=csrf_value(request),
        nav=navigation(user),
        date=lambda value: format_date(value, lang),
        datetime=lambda value: format_datetime(value, lang),
        number=lambda value: format_number(value, lang),
        path=request.url.path,
        here=quote(request.url.path),
        **context,
    )


def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequiredError)
    if exc.path == "/":
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/login?next=" + quote(exc.path, safe="/"), status_code=303)


def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebPageError)
    return render_app(
        request,
        exc.user,
        "error.html",
        title_key=f"{exc.key}.title",
        status_code=exc.status_code,
        message_key=f"{exc.key}.message",
    )


def install_web_handlers(app: FastAPI) -> None:
    """Turn ``LoginRequiredError``, ``WebPageError`` and ``NulInFormError`` into responses."""
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(WebPageError, _page_error)
    app.add_exception_handler(NulInFormError, nul_in_form_page)
