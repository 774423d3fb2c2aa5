"""``POST /api/v4/activation``: redeem an activation key to create an instance (our extension)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response, status

from ssm.cloud.api.error_responses import RATE_LIMITED_RESPONSE
from ssm.cloud.db import Database
from ssm.cloud.dependencies import DatabaseDep, NowDep, SettingsDep, WelcomeDep
from ssm.cloud.schemas.auth import ActivationCheck, ActivationRequest, ActivationResponse
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import activation, rate_limits
from ssm.cloud.settings import CloudSettings

router = APIRouter(prefix="/api/v4", tags=["activation"])


def _count_attempt(request: Request, db: Database, settings: CloudSettings, now: datetime) -> None:
    """Count a key attempt from the client's address; 429 when over the limit."""
    limit = rate_limits.RateLimits.from_settings(settings).activation_ip
    rate_limits.hit(db, [(rate_limits.ip_key("activation", request), limit)], now=now)


@router.post(
    "/activation",
    status_code=status.HTTP_201_CREATED,
    summary="Activate a new instance",
    responses={
        400: {
            "model": ErrorBody,
            "description": "invalid_activation_key: unknown, used or expired (one message).",
        },
        **RATE_LIMITED_RESPONSE,
    },
)
def activate(
    body: ActivationRequest,
    request: Request,
    db: DatabaseDep,
    now: NowDep,
    settings: SettingsDep,
    welcome: WelcomeDep,
) -> ActivationResponse:
    """Create the instance, its administrator and its API key pair in one transaction.

    The private key appears only in this answer; the connector stores it. The administrator
    gets a welcome e-mail with a single-use link to choose a password.

    Retry: the same key with the same ``requestId``, after a lost answer, returns 201 with
    the same ``instanceId`` and a new key pair (the previous pair is revoked); nothing else
    is created. Any other use of a redeemed key is the invalid-key answer.

    Every call (and every key check) counts against the client address's activation limit.
    """
    _count_attempt(request, db, settings, now)
    return activation.redeem_activation_key(
        db,
        body,
        now=now,
        welcome=welcome,
        retry_window=timedelta(hours=settings.activation_retry_hours),
    )


@router.post(
    "/activation/check",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Check an activation key without redeeming it",
    responses={
        400: {
            "model": ErrorBody,
            "description": "invalid_activation_key: unknown, used or expired (one message).",
        },
        **RATE_LIMITED_RESPONSE,
    },
)
def check(
    body: ActivationCheck, request: Request, db: DatabaseDep, settings: SettingsDep, now: NowDep
) -> Response:
    """The configuration wizard's key screen: 204 when the key can be redeemed now."""
    _count_attempt(request, db, settings, now)
    activation.check_activation_key(db, body.activation_key, now=now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
