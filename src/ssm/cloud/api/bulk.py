"""The routes every bulk resource shares, built once: list, upsert, delete and get.

``resource_routers(RESOURCES)`` gives each declared resource (``ssm.cloud.resources``) its
four routes under ``/api/v4/{name}``; a resource that needs more has its own module
(``api/accounts.py``, ``api/invoices.py``) for what is special to it. Bodies are parsed with exact
decimals (``exact_json``), results rendered with orjson, and the services hand back plain
dicts: with FastAPI's own path a 200-item batch would be validated as ``list[Any]`` and its
answer validated again through pydantic models, which costs more than the database work. The
OpenAPI document still describes every body: the item schema comes from the resource's field
declarations and the answers from the typed models in ``schemas/``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import msgspec
import orjson
from fastapi import APIRouter, Header, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ssm.cloud import messages
from ssm.cloud.api.error_responses import ERROR_RESPONSES
from ssm.cloud.dependencies import MAX_PAGE, MAX_RECORD_ID, CallerDep, DatabaseDep, NowDep
from ssm.cloud.errors import InvalidRequestError
from ssm.cloud.resources import ResourceDeclaration
from ssm.cloud.schemas.bulk import DeleteResult, UpsertResult
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.services.bulk import MAX_BATCH_ITEMS, Page, Resource
from ssm.cloud.types import json_default

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

PAGING_HEADERS: dict[str, Any] = {
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
}

PageSize = Annotated[
    int,
    Header(
        alias="X-FM-Entity-Count",
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Page size (default {DEFAULT_PAGE_SIZE}, max {MAX_PAGE_SIZE}).",
    ),
]
PageNumber = Annotated[
    int, Query(ge=0, le=MAX_PAGE, description=f"Page number, from 0 (at most {MAX_PAGE}).")
]
DeletedFilter = Annotated[
    bool | None,
    Query(description="Only deleted records (true) or only live ones (false); both if absent."),
]
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, alias="id", description="The record's id.")]


def json_response(content: object, headers: dict[str, str] | None = None) -> Response:
    """``content`` rendered by orjson, its ``Decimal`` amounts as exact JSON numbers."""
    return Response(
        content=orjson.dumps(content, default=json_default),
        media_type="application/json",
        headers=headers,
    )


_EXACT_JSON = msgspec.json.Decoder(float_hook=Decimal)


def exact_json(body: bytes) -> Any:
    """The JSON of ``body`` with its decimal numbers as ``Decimal``, never through a float.

    orjson reads numbers as floats, which hold 15 significant digits: Sage's amounts
    (``numeric(24,6)``) may hold more. msgspec hands each number's text to ``Decimal``
    (twice as fast as the standard parser's ``parse_float``) and refuses ``NaN`` and
    ``Infinity`` as JSON does; its errors are ``ValueError``.
    """
    return _EXACT_JSON.decode(body)


def page_response(page: Page) -> Response:
    """A page of records with the v4 paging headers."""
    return json_response(
        page.items,
        {
            "X-FM-Page": str(page.page),
            "X-FM-Next-Page": str(page.next_page),
            "X-FM-Entity-Count": str(len(page.items)),
            "X-FM-Total-Count": str(page.total),
        },
    )


async def json_array(request: Request) -> list[Any]:
    """The request body, which must be a JSON array of at most ``MAX_BATCH_ITEMS`` (else 422)."""
    try:
        body = exact_json(await request.body())
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, NaN, too deep…
        raise InvalidRequestError(messages.INVALID_JSON) from exc
    if not isinstance(body, list):
        raise InvalidRequestError(messages.EXPECTED_ARRAY)
    if len(body) > MAX_BATCH_ITEMS:
        raise InvalidRequestError(
            messages.TOO_MANY_ITEMS.format(limit=MAX_BATCH_ITEMS, count=len(body))
        )
    return body


def _array_body(items: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {
                "application/json": {
                    "schema": {"type": "array", "maxItems": MAX_BATCH_ITEMS, "items": items}
                }
            },
        }
    }


def resource_router(resource: Resource, schema: type[BaseModel], *, noun: str) -> APIRouter:
    """The shared routes of ``resource`` under ``/api/v4/{resource.name}``.

    ``schema`` is the typed model of one record as the API returns it (documentation and
    tests); ``noun`` names the records in summaries ("accounts").
    """
    router = APIRouter(
        prefix=f"/api/v4/{resource.name}", tags=[resource.name], responses=ERROR_RESPONSES
    )
    not_found: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorBody, "description": f"No such record of {noun} in this instance."}
    }

    @router.get(
        "",
        summary=f"List {noun}",
        response_model=list[schema],  # type: ignore[valid-type]
        responses={
            200: {
                "description": f"One page of {noun}, deleted ones included, ordered by id.",
                "headers": PAGING_HEADERS,
            }
        },
    )
    def list_records(
        caller: CallerDep,
        db: DatabaseDep,
        page: PageNumber = 0,
        page_size: PageSize = DEFAULT_PAGE_SIZE,
        deleted: DeletedFilter = None,
    ) -> Response:
        """One page of the instance's records, with the v4 paging headers."""
        return page_response(
            resource.list_records(
                db, caller.instance_id, page=page, size=page_size, deleted=deleted
            )
        )

    @router.post(
        "/upsert",
        summary=f"Create or update {noun} by extId (extension)",
        tags=["extensions"],
        response_model=list[UpsertResult],
        openapi_extra=_array_body(
            resource.validator.json_schema(), f"At most {MAX_BATCH_ITEMS} {noun}, each with extId."
        ),
    )
    async def upsert_records(
        caller: CallerDep, db: DatabaseDep, now: NowDep, request: Request
    ) -> Response:
        """Create or update up to 200 records keyed by ``extId``, one result per item.

        Items are validated one by one: an invalid item gets ``status: "error"`` with a code
        and a French message, and the others still go through. More than 200 items is a 422.
        """
        items = await json_array(request)
        results = await run_in_threadpool(resource.upsert, db, caller.instance_id, items, now=now)
        return json_response(results)

    @router.post(
        "/delete",
        summary=f"Delete {noun} by extId (extension)",
        tags=["extensions"],
        response_model=list[DeleteResult],
        openapi_extra=_array_body(
            {"type": "string", "minLength": 1, "maxLength": 100},
            f"At most {MAX_BATCH_ITEMS} extIds of {noun}.",
        ),
    )
    async def delete_records(
        caller: CallerDep, db: DatabaseDep, now: NowDep, request: Request
    ) -> Response:
        """Soft-delete up to 200 records by ``extId``: ``deleted``, ``missing`` or ``error``.

        A deleted record stays listed with ``deleted: true``; a later upsert restores it.
        """
        ext_ids = await json_array(request)
        results = await run_in_threadpool(resource.delete, db, caller.instance_id, ext_ids, now=now)
        return json_response(results)

    @router.get(
        "/{id}",
        summary=f"Get one of the {noun}",
        response_model=schema,
        responses=not_found,
    )
    def get_record(caller: CallerDep, db: DatabaseDep, record_id: RecordId) -> Response:
        """One record; 404 if the instance has no such record."""
        return json_response(resource.get_record(db, caller.instance_id, record_id))

    return router


def resource_routers(resources: tuple[ResourceDeclaration, ...]) -> tuple[APIRouter, ...]:
    """The shared routes of every declared resource that has a service, in order."""
    return tuple(
        resource_router(declared.service, declared.schema, noun=declared.name)
        for declared in resources
        if declared.service is not None and declared.schema is not None
    )
