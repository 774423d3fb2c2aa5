"""``GET /api/v4/changes`` (ours): the feed of prospects and contacts changed in the CRM.

The connector polls it with the last sequence it applied (``after``) and stores the page's
``last`` once the changes are in Sage 100, so it resumes where it stopped after a restart
of either side. With ``wait`` the request is a long-poll: it answers as soon as a change
exists, or with an empty page after that many seconds. The feed is the caller's instance's
only; the connector's own upserts never appear in it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import MAX_RECORD_ID, CallerDep, DatabaseDep
from ssm.cloud.schemas.changes import ChangesPage
from ssm.cloud.services import changes

router = APIRouter(prefix="/api/v4/changes", tags=["extensions"], responses=ERROR_RESPONSES)

MAX_CHANGES = 1000
"""Largest page of the feed."""

MAX_WAIT = 25.0
"""Longest long-poll, in seconds: under the usual 30 s idle timeouts of proxies."""


@router.get("", summary="Changes made in the CRM since a sequence")
async def list_changes(
    request: Request,
    caller: CallerDep,
    db: DatabaseDep,
    after: Annotated[int, Query(ge=0, le=MAX_RECORD_ID, description="Last sequence applied.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES, description="Page size.")] = 100,
    wait: Annotated[
        float,
        Query(ge=0, le=MAX_WAIT, description="Seconds to wait for a change when there is none."),
    ] = 0,
) -> ChangesPage:
    """Created and updated prospects and contacts after ``after``, oldest first.

    ``async`` so that a long-poll holds no worker thread while it waits.
    """
    return await changes.wait_for_changes(
        db, caller.instance_id, after=after, limit=limit, wait=wait, gone=request.is_disconnected
    )
