"""``/api/v4/integration`` (ours): the connector's heartbeat, shown in the web app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ssm.cloud.api._deps import CallerDep, DatabaseDep, NowDep
from ssm.cloud.api._errors import ERROR_RESPONSES
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.schemas.integration import Heartbeat, IntegrationState
from ssm.cloud.services import integration

router = APIRouter(prefix="/api/v4/integration", tags=["extensions"], responses=ERROR_RESPONSES)

_NONE_YET: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No heartbeat received yet."}
}


@router.put("/heartbeat", summary="Report the connector's state", status_code=204)
def put_heartbeat(caller: CallerDep, db: DatabaseDep, now: NowDep, body: Heartbeat) -> Response:
    """Store the connector's version, status and per-stream state; answers 204."""
    integration.record_heartbeat(db, caller.instance_id, body, now=now)
    return Response(status_code=204)


@router.get("", summary="The connector's last heartbeat", responses=_NONE_YET)
def get_integration(caller: CallerDep, db: DatabaseDep) -> IntegrationState:
    """The last heartbeat with ``receivedAt``; 404 before the first one."""
    return integration.last_heartbeat(db, caller.instance_id)
