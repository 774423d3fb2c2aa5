"""``/api/v4/accounts``: the CRM's create and update of one prospect (the bulk routes are shared).

An unknown id answers **404** ``not_found``. The real v4 API answers 400 there; we chose 404
because a client must tell "this record is gone" (re-create it) from "my request is wrong"
(fix it), and 400 conflates the two. Another instance's id is "unknown" too.

Sage 100 masters clients: creating one, changing one or turning a prospect into one is
**403** ``mastered_by_sage``. ``PUT /{id}/extId`` is the connector's confirmation that Sage
holds a prospect created here (``services.changes.confirm_ext_id``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from ssm.cloud.api.bulk import RecordId
from ssm.cloud.api.error_responses import BINDING_CONFLICT_RESPONSE, ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.accounts import (
    AccountCreate,
    AccountPatch,
    EntityCreated,
    EntityUpdated,
)
from ssm.cloud.schemas.changes import ExtIdBinding
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import accounts, changes

router = APIRouter(prefix="/api/v4/accounts", tags=["accounts"], responses=ERROR_RESPONSES)

_SAGE_MASTERS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "Sage 100 masters clients: refused."}
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such account in this instance."}
}


@router.post("", summary="Create one prospect", responses=_SAGE_MASTERS)
def create_account(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: AccountCreate
) -> EntityCreated:
    """Create a prospect, answered like v4: ``{"Message": "entity created", "id": N}``."""
    new_id = accounts.create_account(db, caller.instance_id, body, author=caller.author, now=now)
    return EntityCreated(id=new_id)


@router.put("/{id}", summary="Update one prospect (partial)", responses=_SAGE_MASTERS | _NOT_FOUND)
def update_account(
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    record_id: RecordId,
    body: Annotated[AccountPatch, Body()],
) -> EntityUpdated:
    """Change only the fields sent, as v4's PUT: ``{"Message": "entity updated"}``."""
    accounts.update_account(
        db,
        caller.instance_id,
        record_id,
        body,
        author=caller.author,
        now=now,
    )
    return EntityUpdated()


@router.put(
    "/{id}/extId",
    summary="Confirm a prospect's Sage key",
    tags=["extensions"],
    responses=_NOT_FOUND | BINDING_CONFLICT_RESPONSE,
)
def confirm_ext_id(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: ExtIdBinding
) -> EntityUpdated:
    """The connector wrote the prospect into Sage 100 under ``extId``: bind it (idempotent).

    It becomes synced, unless the CRM changed it after the feed sequence ``through``.
    """
    changes.confirm_ext_id(db, caller.instance_id, "accounts", record_id, body, now=now)
    return EntityUpdated()
