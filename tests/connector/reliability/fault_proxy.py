"""A fault-injecting HTTP proxy on loopback, in front of the real cloud.

Every request is read whole, then either forwarded to the cloud or answered with a fault
drawn from a seeded random sequence:

- ``500``: an internal error, the cloud never sees the request;
- ``429``: too many requests, with ``Retry-After: 0`` or ``1``;
- ``timeout``: the connection is held longer than the client waits, then closed;
- ``drop``: the connection is closed before any answer;
- ``drop_after``: the request is forwarded and the cloud applies it, but the connection is
  closed before its answer comes back, so the client never knows the write happened;
- ``timeout_after``: the same, by holding the answer longer than the client waits.

``refuse_marker`` makes the proxy refuse a whole upsert with 422 when its body holds that
string, as a cloud that rejects a request outright would; ``hang_marker`` forwards such an
upsert, then never answers (until the proxy closes), so a test can kill the connector
while the cloud has applied a write the connector has not recorded. ``refuse_path``
refuses every request to that path with 422 (a cloud that rejects, say, the error report);
a test may clear it while the proxy runs. Each exchange is logged.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

FAULTS = ("500", "429", "timeout", "drop", "drop_after", "timeout_after")
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"}
)


@dataclass
class Exchange:
    """One request the proxy received and what it did with it."""

    method: str
    path: str
    body: Any
    fault: str | None
    status: int | None = None  # what the cloud answered, when forwarded
    answer: Any = None


@dataclass
class FaultPlan:
    """Which requests fail and how: a seeded draw per request."""

    seed: int = 0
    rate: float = 0.0
    faults: tuple[str, ...] = FAULTS
    hold: float = 2.0  # seconds a "timeout" holds the connection
    refuse_marker: str | None = None
    hang_marker: str | None = None
    refuse_path: str | None = None
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self) -> str | None:
        """The fault for the next request, or None to forward it."""
        if self._rng.random() < self.rate:
            return self._rng.choice(self.faults)
        return None

    def retry_after(self) -> str:
        """What a 429 asks the client to wait, in seconds."""
        return str(self._rng.choice((0, 1)))


class FaultProxy:
    """Usage::

    with FaultProxy(cloud_url, FaultPlan(seed=1, rate=0.2)) as proxy:
        ...  # point the connector at proxy.url
        proxy.log  # every exchange
    """

    def __init__(self, upstream: str, plan: FaultPlan | None = None) -> None:
        target = urlsplit(upstream)
        self.upstream = (target.hostname or "127.0.0.1", target.port or 80)
        self.plan = plan or FaultPlan()
        self.log: list[Exchange] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where the connector should send its requests."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def faults(self) -> Counter[str]:
        """How many times each fault was injected."""
        return Counter(e.fault for e in self.log if e.fault is not None)

    def _record(self, exchange: Exchange) -> Exchange:
        with self._lock:
            self.log.append(exchange)
        return exchange

    def _decide(self, body: bytes, path: str) -> tuple[str | None, str]:
        if self.plan.refuse_path is not None and path == self.plan.refuse_path:
            return "refuse", ""
        marker = self.plan.refuse_marker
        if marker is not None and path.endswith("/upsert") and marker.encode() in body:
            return "refuse", ""
        marker = self.plan.hang_marker
        if marker is not None and path.endswith("/upsert") and marker.encode() in body:
            return "hang_after", ""
        with self._lock:
            fault = self.plan.draw()
            return fault, self.plan.retry_after() if fault == "429" else ""

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(
                self, status: int, body: bytes, headers: list[tuple[str, str]] | None = None
            ) -> None:
                self.send_response(status)
                for name, value in headers or [("Content-Type", "application/json")]:
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault, retry_after = proxy._decide(body, self.path)
                try:
                    parsed = json.loads(body) if body else None
                except ValueError:
                    parsed = body
                exchange = proxy._record(Exchange(self.command, self.path, parsed, fault))
                self.close_connection = True
                if fault == "500":
                    return self._reply(500, b'{"message": "erreur interne simul\\u00e9e"}')
                if fault == "429":
                    return self._reply(
                        429,
                        b'{"message": "trop de requ\\u00eates"}',
                        [("Content-Type", "application/json"), ("Retry-After", retry_after)],
                    )
                if fault == "refuse":
                    return self._reply(422, b'{"message": "requ\\u00eate refus\\u00e9e"}')
                if fault == "drop":
                    return None
                if fault == "timeout":
                    time.sleep(proxy.plan.hold)
                    return None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                status, answer_headers, answer = proxy._forward(
                    self.command, self.path, headers, body
                )
                exchange.status = status
                try:
                    exchange.answer = json.loads(answer) if answer else None
                except ValueError:
                    exchange.answer = answer
                if fault == "drop_after":
                    return None
                if fault == "timeout_after":
                    time.sleep(proxy.plan.hold)
                    return None
                if fault == "hang_after":
                    proxy._closing.wait(120)
                    return None
                return self._reply(status, answer, answer_headers)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        return Handler
