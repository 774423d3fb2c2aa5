"""Tokens out of the access log: ``GET /password/<token>`` is logged as ``/password/…``.

A password link's token is a live credential until used; ``ssm-cloud serve --access-log``
would otherwise write it in clear to wherever the operator keeps logs (F8 of issue 12). The
routes that carry one are read from the URL map (every path with ``{token}``), so a new such
route is masked without a list to keep up to date; fixed siblings (``/password/forgot``)
stay readable.

Requests cut by a stop are one line, not a traceback: ``serve`` gives open requests a grace
period, then cancels them. The usual one is a connector's long-poll of the change feed,
which the connector simply asks again; an error with a traceback would alarm for nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from ssm.cloud import messages
from ssm.cloud.app import ROUTERS

ACCESS_LOGGER = "uvicorn.access"
ERROR_LOGGER = "uvicorn.error"
MASK = "…"


class TokenMask(logging.Filter):
    """Rewrite the path of uvicorn's access records so no token of the routes appears.

    Usage::

        logging.getLogger(ACCESS_LOGGER).addFilter(TokenMask(["/password/{token}"]))
    """

    def __init__(self, paths: Iterable[str]) -> None:
        super().__init__()
        paths = list(paths)
        self.prefixes = tuple(sorted({p.split("{token}")[0] for p in paths if "{token}" in p}))
        self.fixed = frozenset(p for p in paths if "{" not in p)

    def masked(self, path: str) -> str:
        """``path`` (with its query) with the token segment replaced by « … »."""
        plain = path.partition("?")[0]
        if plain in self.fixed:
            return path
        for prefix in self.prefixes:
            if plain.startswith(prefix) and len(plain) > len(prefix):
                rest = plain[len(prefix) :].partition("/")[2]
                return prefix + MASK + ("/" + rest if rest else "")
        return path

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the path argument (uvicorn logs ``client, method, path, version, status``)."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], self.masked(args[2]), *args[3:])
        return True


def mask_tokens() -> None:
    """Mask the service's tokens in uvicorn's access log (once uvicorn configured logging)."""
    paths = [str(getattr(route, "path", "")) for router in ROUTERS for route in router.routes]
    logging.getLogger(ACCESS_LOGGER).addFilter(TokenMask(paths))


class CutRequest(logging.Filter):
    """Turn uvicorn's error record of a request cancelled at a stop into one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record when its exception is the stop's cancellation."""
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg, record.args = messages.REQUEST_CUT_BY_STOP, ()
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True


def quiet_cut_requests() -> None:
    """Log the requests a stop cuts as one line (once uvicorn configured logging)."""
    logging.getLogger(ERROR_LOGGER).addFilter(CutRequest())
