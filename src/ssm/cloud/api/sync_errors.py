"""``PUT /api/v4/integration/errors`` (ours): the connector reports the records it refused.

The body is the instance's whole current error list (an array of at most 500 items) or one
page of a longer list (an object with its range of keys); see ``schemas.sync`` for the
paging and ``services.sync_status`` for what a report changes. A second router on the
integration prefix, so the heartbeat's module stays as it is.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.sync import SyncErrors, SyncErrorsApplied, SyncErrorsPage
from ssm.cloud.services import sync_status

router = APIRouter(prefix="/api/v4/integration", tags=["extensions"], responses=ERROR_RESPONSES)


@router.put("/errors", summary="Replace the list of records the connector refused")
def put_errors(
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    body: Annotated[SyncErrors | SyncErrorsPage, Body()],
) -> SyncErrorsApplied:
    """Replace the instance's list of records in error, whole or on one page's range.

    An array (at most 500 items) is the whole list. A longer list comes as pages in the
    order of ``(resource, extId)``: ``{"after": key|null, "through": key|null, "errors":
    [...]}`` replaces the list between ``after`` (excluded) and ``through`` (included).
    Listed records get « Erreur de synchronisation » with the message as detail; records in
    error in the range that are no longer listed go back to « Synchronisé ». Unknown records
    are returned in ``unknown`` and change nothing. More than 500 items in one request, or
    an item outside its page's range, answers 422.
    """
    page = body if isinstance(body, SyncErrorsPage) else SyncErrorsPage(errors=body)
    return sync_status.report_errors(db, caller.instance_id, page, now=now)
