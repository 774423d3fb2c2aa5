"""Logs: JSON lines in the install's ``logs/`` (rotated), readable lines on the console.

Every event carries what a support engineer needs to find a record again: the run id, the
stream, the batch and, for a refused record, its Sage key. Secrets never reach a log: the
configuration holds none, and messages from the cloud are logged, never the requests.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import structlog

from ssm.connector import messages as msg
from ssm.connector.errors import StateError
from ssm.private_files import private_folder, private_opener

LOG_FILE = "connector.log"
_MAX_BYTES = 10 * 1024 * 1024
_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
_BACKUPS = 5


def _route_to_stdlib() -> None:
    """Until ``configure_logging`` runs, events go to stdlib logging, silent by default.

    A library caller (tests, benchmarks, another program) then sees nothing unless it
    configures logging itself, instead of structlog's default print to standard output.
    """
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


_route_to_stdlib()


def configure_logging(
    logs_dir: Path | None, *, console: bool = True, verbose: bool = False, debug: bool = False
) -> None:
    """Send structlog events to a rotated JSON-lines file and, optionally, the console.

    The file keeps tracebacks for support; the console shows them only with ``debug``
    (``ssm-connector --debug``): an operator reads the event's French sentence instead.

    Raises:
        StateError: the log folder cannot be written (read-only, disk full).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    if logs_dir is not None:
        try:
            private_folder(logs_dir)
            file_handler = _LogFile(
                logs_dir / LOG_FILE, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
            )
        except OSError as exc:
            reason = msg.OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
            sentence = msg.LOG_UNWRITABLE.format(file=logs_dir / LOG_FILE, reason=reason)
            raise StateError(sentence) from exc
        root.addHandler(
            _rendered(file_handler, structlog.processors.JSONRenderer(ensure_ascii=False))
        )
    if console:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.addFilter(_not_file_only)
        renderer = structlog.dev.ConsoleRenderer(colors=False)
        root.addHandler(_rendered(console_handler, renderer, tracebacks=debug))
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file, 0600 in a 0700 folder (it tells what a company syncs, and why it fails).

    A line it cannot write (disk full) is one line on stderr, not a traceback.
    """

    def _open(self) -> Any:
        """Open (at start and after each rotation) through ``private_opener``."""
        return open(
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=private_opener,
        )

    def handleError(self, record: logging.LogRecord) -> None:
        """Say once per record, in French, that the log could not be written, and go on."""
        error = sys.exc_info()[1]
        code = getattr(error, "errno", None) or 0
        reason = msg.OS_REASONS.get(code) or getattr(error, "strerror", None)
        reason = reason or type(error).__name__
        print(msg.LOG_UNWRITABLE.format(file=self.baseFilename, reason=reason), file=sys.stderr)


def _rendered(
    handler: logging.Handler, renderer: Any, *, tracebacks: bool = True
) -> logging.Handler:
    """A stdlib handler whose records structlog renders with ``renderer``."""
    keep = [] if tracebacks else [_without_traceback]
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *keep,
                renderer,
            ],
            foreign_pre_chain=_SHARED,
        )
    )
    return handler


def _not_file_only(record: logging.LogRecord) -> bool:
    """Keep off the console an event logged with ``file_only=True`` (it is shown otherwise)."""
    return not (isinstance(record.msg, dict) and record.msg.get("file_only"))


def _without_traceback(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Drop the traceback of an event; its ``message`` already says what happened."""
    event.pop("exc_info", None)
    event.pop("exception", None)
    return event


def log_failure(sentence: str) -> None:
    """Keep a command's failure in the install's log (for ``status``), never on the console.

    Nothing happens when no log file is configured: a command without an install folder
    has nowhere to keep it, and the console already shows the sentence.
    """
    if any(isinstance(h, _LogFile) for h in logging.getLogger().handlers):
        get_logger().error("command.failed", message=sentence, file_only=True)


def get_logger(name: str = "ssm.connector") -> Any:
    """A structlog logger bound to the connector."""
    return structlog.get_logger(name)


def read_log_lines(logs_dir: Path, *, follow: bool = False, poll: float = 0.5) -> Iterator[str]:
    """The log as readable lines, oldest first; with ``follow``, wait for new ones forever."""
    path = logs_dir / LOG_FILE
    position = 0
    while True:
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                if path.stat().st_size < position:  # rotated: start the new file from the top
                    position = 0
                handle.seek(position)
                for line in handle:
                    yield render(line)
                position = handle.tell()
        if not follow:
            return
        time.sleep(poll)


def render(line: str) -> str:
    """One JSON log line as ``time level event key=value …``."""
    try:
        event = json.loads(line)
    except ValueError:
        return line.rstrip("\n")
    head = f"{event.pop('timestamp', '')} {event.pop('level', ''):<7} {event.pop('event', '')}"
    rest = " ".join(f"{k}={v}" for k, v in event.items())
    return f"{head} {rest}".rstrip()
