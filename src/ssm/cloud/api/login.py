"""``POST /api/v4/login``: exchange an API key pair for a session token, as in v4."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request

from ssm.cloud.api.error_responses import RATE_LIMITED_RESPONSE
from ssm.cloud.dependencies import DatabaseDep, NowDep, SettingsDep
from ssm.cloud.schemas.auth import LoginRequest, LoginResponse
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import api_sessions, rate_limits

router = APIRouter(prefix="/api/v4", tags=["authentication"])


@router.post(
    "/login",
    summary="Log in with an API key pair",
    responses={
        401: {"model": ErrorBody, "description": "Unknown or wrong key pair."},
        **RATE_LIMITED_RESPONSE,
    },
)
def login(
    body: LoginRequest, request: Request, db: DatabaseDep, settings: SettingsDep, now: NowDep
) -> LoginResponse:
    """Return a token to send as ``X-Session-Key``; it expires a fixed hour after login.

    Every attempt counts against the client address's login limit (429 with Retry-After).
    """
    limits = rate_limits.RateLimits.from_settings(settings)
    rate_limits.hit(db, [(rate_limits.ip_key("login", request), limits.login_ip)], now=now)
    ttl = timedelta(seconds=settings.session_ttl_seconds)
    token = api_sessions.login(db, body.username, body.password, now=now, ttl=ttl)
    return LoginResponse(token=token)
