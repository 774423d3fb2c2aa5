"""``PUT /api/v4/integration/errors`` (ours): the connector reports the records it refused.

The body is the instance's whole current error list (at most 500 items); see
``services.sync_status`` for what it changes. A second router on the integration prefix,
so the heartbeat's module stays as it is.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from ssm.cloud.api._deps import CallerDep, DatabaseDep, NowDep
from ssm.cloud.api._errors import ERROR_RESPONSES
from ssm.cloud.schemas.sync import SyncErrors, SyncErrorsApplied
from ssm.cloud.services import sync_status

router = APIRouter(prefix="/api/v4/integration", tags=["extensions"], responses=ERROR_RESPONSES)


@router.put("/errors", summary="Replace the list of records the connector refused")
def put_errors(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: Annotated[SyncErrors, Body()]
) -> SyncErrorsApplied:
    """Replace the instance's list of records in error with the body (at most 500 items).

    Listed records get « Erreur de synchronisation » with the message as detail; records in
    error that are no longer listed go back to « Synchronisé ». Unknown records are returned
    in ``unknown`` and change nothing. More than 500 items answers 422.
    """
    return sync_status.report_errors(db, caller.instance_id, body, now=now)
