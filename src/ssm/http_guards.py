"""ASGI guards that the service and the wizard both put in front of their pages.

``HostGuard`` refuses a request whose ``Host`` header is not a name the app was told to
answer to: the service builds absolute links from that header when no public URL is set,
and a page on loopback must not answer a DNS-rebinding attack (``evil.example`` resolved to
127.0.0.1). ``SecurityHeaders`` adds the headers that keep a browser from framing a page,
guessing a content type, running a script from elsewhere or sending a token-bearing path as
the referrer. Both are plain ASGI, so they wrap any Starlette or FastAPI app.

Usage::

    app.add_middleware(HostGuard, allowed=frozenset({"localhost"}), refuse=my_400)
    app.add_middleware(SecurityHeaders)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""The names of this machine: a Host among them never names another site."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Scripts only from the app's own files (never inline); the pages' ``<style>`` blocks stay."""

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),  # password links carry their token in the path
)


def host_name(host_header: str) -> str:
    """The lower-case name in a ``Host`` header, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.partition(":")[0] if host.count(":") == 1 else host  # bare IPv6: as is


def allowed_host_names(names: Iterable[str]) -> frozenset[str]:
    """``names`` (host names, host:port or URLs' hosts) cleaned, plus the loopback names."""
    return LOOPBACK_HOSTS | {host_name(name) for name in names if name.strip()}


class HostGuard:
    """Answer ``refuse(scope)`` to a request whose ``Host`` is missing or not ``allowed``."""

    def __init__(
        self, app: ASGIApp, allowed: frozenset[str], refuse: Callable[[Scope], Response]
    ) -> None:
        self.app = app
        self.allowed = allowed
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the ``Host`` of an HTTP request; pass anything else through."""
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "")
            if host_name(host) not in self.allowed:
                await self.refuse(scope)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add ``SECURITY_HEADERS`` to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to an HTTP response as it starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
