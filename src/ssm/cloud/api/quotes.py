"""``/api/v4/quotes``: a rep's quote and the connector's answers (the bulk routes are shared).

A rep creates and edits a quote (``POST``, ``PUT /{id}``) and asks for it to be written
into Sage 100 (``POST /{id}/sync``); each is one change-feed entry. The connector answers
with Sage's prices (``PUT /{id}/prices``), a refusal (``PUT /{id}/refusal``) or the Sage
number it wrote the quote under (``PUT /{id}/extId``), none of which feeds back. Conflicts
are **409** with a stable code: ``quote_read_only``, ``quote_not_validated``,
``quote_changed`` (an answer for a revision the rep has since changed: drop it).

Bodies are read with exact decimals (``ExactJsonRoute``), as the bulk routes read theirs:
Sage's prices reach the database with every digit the connector sent.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from ssm.cloud.api.bulk import RecordId, exact_json
from ssm.cloud.api.error_responses import BINDING_CONFLICT_RESPONSE, ERROR_RESPONSES
from ssm.cloud.dependencies import CallerDep, DatabaseDep, NowDep
from ssm.cloud.schemas.accounts import EntityCreated, EntityUpdated
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.schemas.quotes import (
    QuoteBinding,
    QuoteCreate,
    QuotePatch,
    QuotePrices,
    QuoteRefusal,
)
from ssm.cloud.services import quotes


class _ExactJsonRequest(Request):
    """A request whose JSON numbers come as ``Decimal``, never through a float."""

    async def json(self) -> Any:
        """The body parsed by ``exact_json``, once."""
        if not hasattr(self, "_json"):
            self._json = exact_json(await self.body())
        return self._json


class ExactJsonRoute(APIRoute):
    """A route that validates its body from exact decimals (FastAPI parses floats).

    FastAPI's JSON parser reads ``1234567890.1234567`` as a float, which holds 15 to 17
    significant digits; pydantic would then validate what the float kept. A body that is
    not JSON still ends as FastAPI's parse error, which the API answers as invalid JSON.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, given the request as ``_ExactJsonRequest``."""
        handle = super().get_route_handler()

        async def exact(request: Request) -> Response:
            return await handle(_ExactJsonRequest(request.scope, request.receive))

        return exact


router = APIRouter(
    prefix="/api/v4/quotes",
    tags=["quotes"],
    responses=ERROR_RESPONSES,
    route_class=ExactJsonRoute,
)

Responses = dict[int | str, dict[str, Any]]
_NOT_FOUND: Responses = {404: {"model": ErrorBody, "description": "No such quote."}}
_READ_ONLY: Responses = {
    409: {
        "model": ErrorBody,
        "description": "quote_read_only: Sage's quote, or one in Sage or awaiting it.",
    }
}
_NOT_VALIDATED: Responses = {
    409: {
        "model": ErrorBody,
        "description": (
            "quote_read_only (in Sage or awaiting it), or quote_not_validated: "
            "Sage 100 has not priced it yet."
        ),
    }
}
_CHANGED: Responses = {
    409: {
        "model": ErrorBody,
        "description": "quote_changed: the quote left that revision or status; drop it.",
    }
}


@router.post("", summary="Create one quote")
def create_quote(
    caller: CallerDep, db: DatabaseDep, now: NowDep, body: QuoteCreate
) -> EntityCreated:
    """A rep's quote for an account in Sage: ``draft_pending``, priced by Sage next."""
    new_id = quotes.create_quote(db, caller.instance_id, body, author=caller.author, now=now)
    return EntityCreated(id=new_id)


@router.put("/{id}", summary="Update one quote (partial)", responses=_NOT_FOUND | _READ_ONLY)
def update_quote(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: QuotePatch
) -> EntityUpdated:
    """Change the contact, comment or lines (all replaced): Sage prices it again."""
    quotes.update_quote(db, caller.instance_id, record_id, body, author=caller.author, now=now)
    return EntityUpdated()


@router.post(
    "/{id}/sync",
    summary="Ask for a quote to be written into Sage 100",
    responses=_NOT_FOUND | _NOT_VALIDATED,
)
def request_sync(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId
) -> EntityUpdated:
    """From ``draft_validated`` only: ``sync_pending``, read-only, for the connector."""
    quotes.request_sync(db, caller.instance_id, record_id, author=caller.author, now=now)
    return EntityUpdated()


@router.put(
    "/{id}/prices",
    summary="Write Sage's prices of a quote",
    tags=["extensions"],
    responses=_NOT_FOUND | _CHANGED,
)
def write_prices(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: QuotePrices
) -> EntityUpdated:
    """The connector priced ``revision`` in Sage 100: ``draft_validated``, no feed entry."""
    quotes.write_prices(db, caller.instance_id, record_id, body, now=now)
    return EntityUpdated()


@router.put(
    "/{id}/refusal",
    summary="Say why Sage 100 refused a quote",
    tags=["extensions"],
    responses=_NOT_FOUND | _CHANGED,
)
def refuse(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: QuoteRefusal
) -> EntityUpdated:
    """Sage refused pricing or writing: sync error with Sage's reason, editable again."""
    quotes.refuse(db, caller.instance_id, record_id, body, now=now)
    return EntityUpdated()


@router.put(
    "/{id}/extId",
    summary="Bind a quote to its Sage number",
    tags=["extensions"],
    responses=_NOT_FOUND | BINDING_CONFLICT_RESPONSE,
)
def bind(
    caller: CallerDep, db: DatabaseDep, now: NowDep, record_id: RecordId, body: QuoteBinding
) -> EntityUpdated:
    """The connector wrote the quote into Sage 100: ``in_sage`` (idempotent)."""
    quotes.bind(db, caller.instance_id, record_id, body, now=now)
    return EntityUpdated()
