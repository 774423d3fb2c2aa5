"""Request body limits: a 413 before a large body is held in memory, whatever the route.

FastAPI reads a body whole before the handler runs, so without a limit one request, even
unauthenticated, holds as much memory as it sends (F2 of issue 12: 300 MB to ``/login``).
This pure ASGI middleware picks the route's limit from its path: small for web forms,
logins and activation, generous for bulk upserts and the error list, a default otherwise.
A ``Content-Length`` over the limit is refused before a byte of the body is read; a chunked
body is counted as it streams and refused as soon as it passes the limit, so the service
never holds more than the limit. The 413 closes the connection: the rest is never read.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ssm.cloud import messages
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.settings import CloudSettings

_SMALL_API_PATHS = ("/api/v4/login", "/api/v4/activation", "/api/v4/activation/check")
"""API routes as small as a form: a key pair, an activation key and an administrator."""

_BULK_API_SUFFIXES = ("/upsert", "/integration/errors")
"""Batches of 200 records (invoices with their lines) and pages of 500 refused records."""


@dataclass(frozen=True)
class BodyLimits:
    """The largest body, in bytes, of each kind of route."""

    form: int
    default: int
    bulk: int

    @classmethod
    def from_settings(cls, settings: CloudSettings) -> BodyLimits:
        """The limits ``settings`` configure."""
        return cls(
            form=settings.max_form_body_bytes,
            default=settings.max_body_bytes,
            bulk=settings.max_bulk_body_bytes,
        )

    def for_path(self, path: str) -> int:
        """The limit of the route at ``path``: every page outside ``/api/`` is a form."""
        if not path.startswith("/api/") or path in _SMALL_API_PATHS:
            return self.form
        if path.endswith(_BULK_API_SUFFIXES):
            return self.bulk
        return self.default


def _size(limit: int) -> str:
    """``limit`` for people: « 16 Kio », « 16 Mio »."""
    for unit, factor in (("Mio", 1 << 20), ("Kio", 1 << 10)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} octets"


def _refusal(path: str, limit: int) -> tuple[bytes, bytes]:
    """The 413's body and content type: JSON for the API, a page for people."""
    if path.startswith("/api/"):
        message = messages.BODY_TOO_LARGE.format(limit=_size(limit))
        body = ErrorBody(code="body_too_large", message=message)
        return body.model_dump_json(exclude_none=True).encode(), b"application/json"
    message = messages.FORM_TOO_LARGE.format(limit=_size(limit))
    page = f'<!doctype html><html lang="fr"><meta charset="utf-8"><p>{message}</p></html>'
    return page.encode(), b"text/html; charset=utf-8"


class BodyLimitMiddleware:
    """Answer 413 to a body over its route's limit, without reading more than the limit.

    Usage::

        app.add_middleware(BodyLimitMiddleware, limits=BodyLimits.from_settings(settings))
    """

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse at once on ``Content-Length``; read a chunked body here, up to the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = self.limits.for_path(path)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > limit:
                await _send_413(send, path, limit)
                return
            await self.app(scope, receive, send)  # the server reads no more than declared
            return
        # Chunked (or no body): counted here, since FastAPI would turn an error raised from
        # ``receive`` into a 400. It reads bodies whole anyway, so nothing streams less.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await _send_413(send, path, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` whole, then waits on the server's (disconnect)."""
    pending = [body]

    async def replayed() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": False}
        return await receive()

    return replayed


async def _send_413(send: Send, path: str, limit: int) -> None:
    body, content_type = _refusal(path, limit)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
