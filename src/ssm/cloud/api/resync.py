"""``/api/v4/integration/requests`` (ours): the connector picks up « Resynchroniser » requests.

The web app's administrator asks; the connector lists its instance's pending requests,
resends the rep's records, then reports the outcome. Session auth like every resource; a
request of another instance is 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import MAX_RECORD_ID, CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.schemas.resync import ResyncOutcome, ResyncRequestOut
from ssm.cloud.services import resync

router = APIRouter(
    prefix="/api/v4/integration/requests", tags=["extensions"], responses=ERROR_RESPONSES
)

_DONE_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such request in the caller's instance."},
    409: {"model": ErrorBody, "description": "The request already ended with another status."},
}


@router.get("", summary="Pending resynchronisation requests")
def list_requests(caller: CallerDep, db: DatabaseDep) -> list[ResyncRequestOut]:
    """The caller's instance's pending requests, oldest first."""
    return resync.pending_requests(db, caller.instance_id)


@router.post("/{request_id}/done", summary="Report a request's outcome", responses=_DONE_ERRORS)
def request_done(
    request_id: Annotated[int, Path(ge=1, le=MAX_RECORD_ID)],
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    body: ResyncOutcome,
) -> ResyncRequestOut:
    """Mark the request ``done`` or ``failed`` with ``detail``; the same report again is safe."""
    return resync.complete(db, caller.instance_id, request_id, body, now=now)
