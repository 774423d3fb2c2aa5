"""FastAPI dependencies shared by the API and the web pages: database, clock, caller, bounds.

Both ``api/`` and ``web/`` take their dependencies from here, so a page and its JSON agree
on who is asking and which ids and page numbers exist. The database hangs on ``app.state``
(it is configuration, not session state: everything a request changes goes to the
database). The clock and the mailer are dependencies so tests
can move time with ``app.dependency_overrides[get_clock]`` and replace the mail transport
with ``app.dependency_overrides[get_mailer]``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, cast

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from ssm.cloud.db import Database
from ssm.cloud.services.activation import Welcome
from ssm.cloud.services.api_sessions import Caller, authenticate
from ssm.cloud.services.mail import Mailer
from ssm.cloud.settings import CloudSettings
from ssm.cloud.types import Clock, utc_now

SESSION_HEADER = "X-Session-Key"

MAX_RECORD_ID = 2**31 - 1
"""Largest record id: ids are 32-bit ``INTEGER`` columns on PostgreSQL, so a larger id is
refused (422 in the API, the 404 page in the web app) before it reaches the database."""

MAX_PAGE = 1_000_000
"""Largest page number a list accepts."""

_session_key = APIKeyHeader(
    name=SESSION_HEADER,
    auto_error=False,
    scheme_name="SessionKey",
    description="Token returned by POST /api/v4/login.",
)


def app_database(request: Request) -> Database:
    """The app's database, for code that runs outside FastAPI's dependencies (pages)."""
    return cast(Database, request.app.state.database)


async def get_database(request: Request) -> Database:
    """The app's database, as a dependency.

    Dependencies that do no blocking work are ``async``: FastAPI runs a plain ``def`` one in
    its threadpool, and each such hand-off costs the service more CPU than the work itself.
    """
    return app_database(request)


def get_settings(request: Request) -> CloudSettings:
    """The app's settings."""
    return cast(CloudSettings, request.app.state.settings)


def get_mailer(request: Request) -> Mailer:
    """How e-mails leave, from the app's settings."""
    return Mailer.from_settings(get_settings(request))


async def get_clock() -> Clock:
    """The clock; tests override this dependency to travel in time."""
    return utc_now


def request_clock(request: Request) -> Clock:
    """The clock outside FastAPI's dependencies (pages): a test's override, else the real one."""
    override = request.app.dependency_overrides.get(get_clock)
    return cast(Clock, override()) if override is not None else utc_now


async def get_now(clock: Annotated[Clock, Depends(get_clock)]) -> datetime:
    """The current time, read once per request."""
    return clock()


def get_caller(
    db: Annotated[Database, Depends(get_database)],
    now: Annotated[datetime, Depends(get_now)],
    token: Annotated[str | None, Security(_session_key)],
) -> Caller:
    """The authenticated caller; raises ``SessionError`` (401) otherwise."""
    return authenticate(db, token, now=now)


DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[CloudSettings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
CallerDep = Annotated[Caller, Depends(get_caller)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]


def get_welcome(request: Request, settings: SettingsDep, mailer: MailerDep) -> Welcome:
    """How links are mailed: on the public URL, else on this request's allowed host."""
    return Welcome(
        mailer=mailer,
        link_base=settings.public_url or str(request.base_url),
        token_ttl=timedelta(hours=settings.password_token_ttl_hours),
    )


WelcomeDep = Annotated[Welcome, Depends(get_welcome)]
