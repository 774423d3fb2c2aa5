"""``/api/v4/accounts``: list, read, create, update and bulk upsert (upsert is ours).

An unknown id answers **404** ``not_found``. The real v4 API answers 400 there; we chose 404
because a client must tell "this record is gone" (re-create it) from "my request is wrong"
(fix it), and 400 conflates the two. Another instance's id is "unknown" too.

Lists and upsert results are serialised straight to JSON bytes by pydantic: FastAPI would
otherwise validate the returned models a second time, which is most of the cost of a
200-item batch.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Response
from pydantic import TypeAdapter

from ssm.cloud.api._deps import CallerDep, DatabaseDep, NowDep
from ssm.cloud.api._errors import ERROR_RESPONSES
from ssm.cloud.schemas.accounts import (
    Account,
    AccountCreate,
    AccountPatch,
    AccountUpsertItem,
    EntityCreated,
    EntityUpdated,
    UpsertResult,
)
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services import accounts

router = APIRouter(prefix="/api/v4/accounts", tags=["accounts"], responses=ERROR_RESPONSES)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

_accounts_json = TypeAdapter(list[Account])
_results_json = TypeAdapter(list[UpsertResult])
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such account in this instance."}
}
_UPSERT_BODY_SCHEMA = {
    "type": "array",
    "maxItems": accounts.MAX_UPSERT_ITEMS,
    "items": AccountUpsertItem.model_json_schema(by_alias=True, mode="validation"),
}


def _json(content: bytes, headers: dict[str, str] | None = None) -> Response:
    return Response(content=content, media_type="application/json", headers=headers)


@router.get(
    "",
    summary="List accounts",
    response_model=list[Account],
    responses={
        200: {
            "description": "One page of accounts, deleted ones included, ordered by id.",
            "headers": {
                "X-FM-Page": {"description": "This page's number.", "schema": {"type": "integer"}},
                "X-FM-Next-Page": {
                    "description": "Next page's number, -1 after the last page.",
                    "schema": {"type": "integer"},
                },
                "X-FM-Entity-Count": {
                    "description": "Number of items in this page.",
                    "schema": {"type": "integer"},
                },
                "X-FM-Total-Count": {
                    "description": "Number of items in all pages.",
                    "schema": {"type": "integer"},
                },
            },
        }
    },
)
def list_accounts(
    caller: CallerDep,
    db: DatabaseDep,
    page: Annotated[int, Query(ge=0, description="Page number, from 0.")] = 0,
    page_size: Annotated[
        int,
        Header(
            alias="X-FM-Entity-Count",
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Page size (default {DEFAULT_PAGE_SIZE}, max {MAX_PAGE_SIZE}).",
        ),
    ] = DEFAULT_PAGE_SIZE,
) -> Response:
    """One page of the instance's accounts, with the v4 paging headers."""
    result = accounts.list_accounts(db, caller.instance_id, page=page, size=page_size)
    headers = {
        "X-FM-Page": str(result.page),
        "X-FM-Next-Page": str(result.next_page),
        "X-FM-Entity-Count": str(len(result.items)),
        "X-FM-Total-Count": str(result.total),
    }
    return _json(_accounts_json.dump_json(result.items, by_alias=True), headers)


@router.post(
    "/upsert",
    summary="Create or update accounts by extId (extension)",
    tags=["extensions"],
    response_model=list[UpsertResult],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _UPSERT_BODY_SCHEMA}},
        }
    },
)
def upsert_accounts(
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    items: Annotated[list[Any], Body(description="At most 200 accounts, each with extId.")],
) -> Response:
    """Create or update up to 200 accounts keyed by ``extId``, one result per item in order.

    Items are validated one by one: an invalid item gets ``status: "error"`` with a code and
    a French message, and the others still go through. A repeated ``extId`` in one batch is
    an error for every occurrence after the first. More than 200 items is a 422.
    """
    results = accounts.upsert_accounts(db, caller.instance_id, items, now=now)
    return _json(_results_json.dump_json(results, by_alias=True))


@router.get("/{account_id}", summary="Get one account", responses=_NOT_FOUND)
def get_account(
    caller: CallerDep, db: DatabaseDep, account_id: Annotated[int, Path(ge=1)]
) -> Account:
    """The account ``account_id``; 404 if the instance has no such account."""
    return accounts.get_account(db, caller.instance_id, account_id)


@router.post("", summary="Create one account")
def create_account(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: AccountCreate
) -> EntityCreated:
    """Create an account, answered like v4: ``{"Message": "entity created", "id": N}``."""
    new_id = accounts.create_account(db, caller.instance_id, body, now=now)
    return EntityCreated(id=new_id)


@router.put("/{account_id}", summary="Update one account (partial)", responses=_NOT_FOUND)
def update_account(
    caller: CallerDep,
    db: DatabaseDep,
    now: NowDep,
    account_id: Annotated[int, Path(ge=1)],
    body: Annotated[AccountPatch, Body()],
) -> EntityUpdated:
    """Change only the fields sent, as v4's PUT: ``{"Message": "entity updated"}``."""
    accounts.update_account(db, caller.instance_id, account_id, body, now=now)
    return EntityUpdated()
