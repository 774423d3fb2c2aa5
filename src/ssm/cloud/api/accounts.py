"""``/api/v4/accounts``: v4's create and update of one account (the bulk routes are shared).

An unknown id answers **404** ``not_found``. The real v4 API answers 400 there; we chose 404
because a client must tell "this record is gone" (re-create it) from "my request is wrong"
(fix it), and 400 conflates the two. Another instance's id is "unknown" too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from ssm.cloud.api.bulk import RecordId
from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.accounts import (
    AccountCreate,
    AccountPatch,
    EntityCreated,
    EntityUpdated,
)
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import accounts

router = APIRouter(prefix="/api/v4/accounts", tags=["accounts"], responses=ERROR_RESPONSES)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such account in this instance."}
}


@router.post("", summary="Create one account")
def create_account(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: AccountCreate
) -> EntityCreated:
    """Create an account, answered like v4: ``{"Message": "entity created", "id": N}``."""
    new_id = accounts.create_account(db, caller.instance_id, body, now=now)
    return EntityCreated(id=new_id)


@router.put("/{id}", summary="Update one account (partial)", responses=_NOT_FOUND)
def update_account(
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    record_id: RecordId,
    body: Annotated[AccountPatch, Body()],
) -> EntityUpdated:
    """Change only the fields sent, as v4's PUT: ``{"Message": "entity updated"}``."""
    accounts.update_account(db, caller.instance_id, record_id, body, now=now)
    return EntityUpdated()
