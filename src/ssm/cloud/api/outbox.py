"""``GET /api/v4/outbox`` (ours): the e-mails sent for the caller's instance, read-only."""

from __future__ import annotations

from fastapi import APIRouter

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep
from ssm.cloud.schemas.mail import OutboxEntry
from ssm.cloud.services import mail

router = APIRouter(prefix="/api/v4/outbox", tags=["extensions"], responses=ERROR_RESPONSES)


@router.get("", summary="The instance's e-mails")
def get_outbox(caller: CallerDep, db: DatabaseDep) -> list[OutboxEntry]:
    """Every e-mail of the caller's instance, newest first; secret links are masked."""
    return mail.list_outbox(db, caller.instance_id)
