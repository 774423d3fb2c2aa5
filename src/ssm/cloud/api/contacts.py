"""``/api/v4/contacts``: the CRM's create and edit of one contact (the bulk routes are shared).

A contact is created at a client or prospect, even one Sage 100 does not hold yet (it
waits for it); deleting one is **403** ``mastered_by_sage`` (it is done in Sage 100).
``PUT /{id}/extId`` is the connector's confirmation that Sage holds a contact created here
(``services.changes.confirm_ext_id``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ssm.cloud.api.bulk import RecordId
from ssm.cloud.api.error_responses import BINDING_CONFLICT_RESPONSE, ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.accounts import EntityCreated, EntityUpdated
from ssm.cloud.schemas.changes import ExtIdBinding
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.schemas.contacts import ContactCreate, ContactPatch
from ssm.cloud.services import changes, contacts

router = APIRouter(prefix="/api/v4/contacts", tags=["contacts"], responses=ERROR_RESPONSES)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such contact in this instance."}
}
_SAGE_DELETES: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "Contacts are deleted in Sage 100: refused."}
}


@router.post("", summary="Create one contact")
def create_contact(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: ContactCreate
) -> EntityCreated:
    """Create a contact of a client or prospect: ``{"Message": "entity created", "id": N}``."""
    new_id = contacts.create_contact(
        db,
        caller.instance_id,
        body,
        author=caller.author,
        now=now,
    )
    return EntityCreated(id=new_id)


@router.put("/{id}", summary="Update one contact (partial)", responses=_NOT_FOUND)
def update_contact(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: ContactPatch
) -> EntityUpdated:
    """Change only the fields sent: ``{"Message": "entity updated"}``."""
    contacts.update_contact(
        db,
        caller.instance_id,
        record_id,
        body,
        author=caller.author,
        now=now,
    )
    return EntityUpdated()


@router.delete(
    "/{id}",
    summary="Delete one contact (refused)",
    responses=_NOT_FOUND | _SAGE_DELETES,
    response_class=Response,
)
def delete_contact(caller: CallerDep, db: DatabaseDep, record_id: RecordId) -> None:
    """Always refused: a contact is deleted in Sage 100, then disappears here."""
    contacts.refuse_delete(db, caller.instance_id, record_id)


@router.put(
    "/{id}/extId",
    summary="Confirm a contact's Sage key",
    tags=["extensions"],
    responses=_NOT_FOUND | BINDING_CONFLICT_RESPONSE,
)
def confirm_ext_id(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: ExtIdBinding
) -> EntityUpdated:
    """The connector wrote the contact into Sage 100 under ``extId``: bind it (idempotent)."""
    changes.confirm_ext_id(db, caller.instance_id, "contacts", record_id, body, now=now)
    return EntityUpdated()
