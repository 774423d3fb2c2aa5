"""``POST /api/v4/activation``: redeem an activation key to create an instance (our extension)."""

from __future__ import annotations

from fastapi import APIRouter, status

from ssm.cloud.api._deps import DatabaseDep, NowDep
from ssm.cloud.schemas.auth import ActivationRequest, ActivationResponse
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import activation

router = APIRouter(prefix="/api/v4", tags=["activation"])


@router.post(
    "/activation",
    status_code=status.HTTP_201_CREATED,
    summary="Activate a new instance",
    responses={
        400: {
            "model": ErrorBody,
            "description": "invalid_activation_key: unknown, used or expired (one message).",
        }
    },
)
def activate(body: ActivationRequest, db: DatabaseDep, now: NowDep) -> ActivationResponse:
    """Create the instance, its administrator and its API key pair in one transaction.

    The private key appears only in this answer; the connector stores it.
    """
    return activation.redeem_activation_key(db, body, now=now)
