"""Exception handlers: every error leaves the API as ``{"code", "message"}`` JSON.

FastAPI's defaults answer ``{"detail": ...}``; the contract promises one shape for every
error, so its validation (422) and HTTP exception handlers are replaced here, ours
(``ApiError``) are rendered from their class attributes, and anything unexpected becomes a
500 ``internal_error`` without leaking a traceback. A person's browser asking a page the
service does not have gets ``not_found_page`` instead, when the app gives one (the web
app's card): the API's paths always answer JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ssm.cloud import messages
from ssm.cloud.errors import ApiError, RateLimitedError
from ssm.cloud.schemas.common import ErrorBody, ErrorDetail

_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", messages.BAD_REQUEST),
    401: ("unauthenticated", messages.INVALID_SESSION),
    403: ("forbidden", messages.FORBIDDEN),
    404: ("not_found", messages.ROUTE_NOT_FOUND),
    405: ("method_not_allowed", messages.METHOD_NOT_ALLOWED),
    429: ("rate_limited", messages.RATE_LIMITED),
}


def error_response(
    status_code: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response with ``body`` (``details`` omitted when empty)."""
    return JSONResponse(
        status_code=status_code,
        content=body.model_dump(mode="json", exclude_none=True),
        headers=headers,
    )


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimitedError) else None
    return error_response(exc.status_code, ErrorBody(code=exc.code, message=exc.message), headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        ErrorDetail(loc=[str(part) for part in error.get("loc", ())], message=error["msg"])
        for error in exc.errors()
    ]
    body = ErrorBody(code="validation_error", message=messages.VALIDATION_ERROR, details=details)
    return error_response(422, body)


_BODY_NOT_PARSED = "There was an error parsing the body"
"""FastAPI's 400 for a body it cannot decode (not UTF-8): answered like invalid JSON (422)."""


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _BODY_NOT_PARSED:
        body = ErrorBody(code="validation_error", message=messages.INVALID_JSON)
        return error_response(422, body)
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", messages.BAD_REQUEST))
    return error_response(
        exc.status_code, ErrorBody(code=code, message=message), dict(exc.headers or {})
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500, ErrorBody(code="internal_error", message=messages.INTERNAL_ERROR))


def _wants_a_page(request: Request) -> bool:
    """A browser's request for a page: HTML accepted, outside ``/api/`` and ``/-/``."""
    path = request.url.path
    return (
        request.method in ("GET", "HEAD")
        and "text/html" in request.headers.get("accept", "")
        and not path.startswith(("/api/", "/-/"))
    )


def install_error_handlers(
    app: FastAPI, not_found_page: Callable[[Request], Response] | None = None
) -> None:
    """Register the handlers that give every error the ``{"code", "message"}`` shape.

    ``not_found_page`` answers a browser's request for a page that does not exist.
    """

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not_found_page and exc.status_code == 404 and _wants_a_page(request):
            return not_found_page(request)
        return await _http_error(request, exc)

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, _unexpected_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing, unknown or expired X-Session-Key."},
    422: {"model": ErrorBody, "description": "Invalid request."},
}
"""OpenAPI ``responses`` shared by authenticated routes."""

BINDING_CONFLICT_RESPONSE: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "Bound to another extId, or the extId is taken."}
}
"""OpenAPI ``responses`` of the routes where the connector confirms a record's Sage key."""

RATE_LIMITED_RESPONSE: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "rate_limited: too many attempts from this address; wait Retry-After.",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    }
}
"""OpenAPI ``responses`` of the rate-limited routes (login, activation)."""
