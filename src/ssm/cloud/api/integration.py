"""``/api/v4/integration`` (ours): the connector's heartbeat and the instance's Sage company."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.schemas.integration import Company, CompanyBinding, Heartbeat, IntegrationState
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


_SECOND_COMPANY: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorBody,
        "description": "second_company: the instance is bound to another Sage company.",
    }
}


@router.get("/company", summary="The instance's Sage company")
def get_company(caller: CallerDep, db: DatabaseDep) -> Company:
    """``instanceId``, ``companyId`` (null until bound) and ``companyName``."""
    return integration.get_company(db, caller.instance_id)


@router.put("/company", summary="Bind the instance to its Sage company", responses=_SECOND_COMPANY)
def put_company(caller: CallerDep, db: DatabaseDep, body: CompanyBinding) -> Company:
    """Bind the instance to one Sage company, or rename it if it is that company already.

    Another ``companyId`` than the bound one answers 409 ``second_company``: an instance
    serves one Sage company only.
    """
    return integration.bind_company(db, caller.instance_id, body)
