"""The SQL Server change watcher: Change Tracking where a DBA enabled it, else a cheap poll.

The connector asks :meth:`~ssm.sage100.ChangeWatcher.changed` every 0.25 s by default. Sage 100
keeps no ``rowversion`` and has no index on ``cbModification``, so "did anything change?"
has no cheap answer in Sage's own tables. Three modes, the first available wins (chosen
on the first call, ``mode`` tells which):

``change_tracking``
    The DBA enabled Change Tracking on the database and on every table the readers read
    (:data:`WATCHED_TABLES`). ``CHANGE_TRACKING_CURRENT_VERSION()`` moves with each
    *committed* transaction on a tracked table: one tiny statement a poll, exact. It
    costs Sage's writers the tracking itself (one internal row per changed row, kept for
    the retention period the DBA chose).
``index_usage``
    The login has VIEW SERVER STATE. ``sys.dm_db_index_usage_stats.last_user_update``
    of the watched tables moves with each insert, update or delete *statement*: one
    in-memory lookup a poll, whatever the company's size. It moves when the statement
    runs, before its transaction commits, so each new value is reported twice: when first
    seen, and once more when it is :attr:`SqlServerChangeWatcher.settle` seconds old
    (Sage's transactions last less), so a read that came too early is made again. The
    statistics reset when SQL Server restarts (reported as a change) and are missing for
    a table not touched since: both read as "changed" at worst.
``periodic``
    Neither: :meth:`changed` says True every :attr:`interval` seconds (120 by default),
    without asking the server. Each True costs a full change read of every stream: on a
    company of ``eti`` size (200,000 tiers, 1.3 M documents, 5.2 M lines) the emulator's
    unchanged change read of the documents alone takes about 2.8 s; on SQL Server it is a
    scan of ``F_DOCENTETE`` and ``F_DOCLIGNE`` (about 1 GB and 4 GB of pages, estimated
    from the declared columns in ``docs/sqlserver.md``), every 120 s, for as long as the
    connector runs, and changes arrive up to 120 s late. It is the fallback, not the plan:
    ``docs/sqlserver.md`` tells the DBA how to enable Change Tracking.

Rejected: ``MAX(cbMarq)`` per table sees inserts only (most Sage edits are updates);
``COUNT_BIG(*)`` adds deletions at the cost of an index scan per table per poll;
``CHECKSUM_AGG`` over ``cbModification`` scans every table every poll.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._server import ChangeWatcher
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.sqlserver._errors import error_numbers
from ssm.sage100.sqlserver.statements import (
    CHANGE_TRACKED_TABLES,
    CHANGE_TRACKING_ENABLED,
    CHANGE_TRACKING_VERSION,
    INDEX_USAGE,
    WATCHED_TABLES,
)

__all__ = [
    "DEFAULT_INTERVAL",
    "DEFAULT_SETTLE",
    "Periodic",
    "SqlServerChangeWatcher",
    "UsageStamps",
    "Versions",
    "WatchMode",
]

WatchMode = Literal["change_tracking", "index_usage", "periodic"]
#: Seconds between two "maybe changed" in the periodic mode.
DEFAULT_INTERVAL = 120.0
#: Seconds after which a statement seen in the usage statistics has surely committed.
DEFAULT_SETTLE = 30.0
#: Permission denied on a server-state view (300 VIEW SERVER STATE, 297 the user does
#: not have permission, 229 permission denied on an object).
_PERMISSION_DENIED = frozenset({300, 297, 229})


class Versions:
    """Change Tracking mode: changed when the committed version moved (first call: True)."""

    def __init__(self) -> None:
        self._last: int | None = None
        self._first = True

    def seen(self, version: int | None) -> bool:
        """Whether ``version`` differs from the previous one."""
        changed = self._first or version != self._last
        self._first, self._last = False, version
        return changed


class UsageStamps:
    """Index-usage mode: changed on a new ``last_user_update``, and once more when settled."""

    def __init__(self, settle: float) -> None:
        self.settle = settle
        self._first = True
        self._stamp: datetime | None = None
        self._settled = True

    def seen(self, stamp: datetime | None, now: datetime) -> bool:
        """Whether ``stamp`` (server time) is new, or just became ``settle`` seconds old."""
        if self._first or stamp != self._stamp:
            self._first, self._stamp = False, stamp
            self._settled = stamp is None or (now - stamp).total_seconds() >= self.settle
            return True
        if not self._settled and stamp is not None and (now - stamp).total_seconds() >= self.settle:
            self._settled = True
            return True
        return False


class Periodic:
    """Periodic mode: True on the first call, then once every ``interval`` seconds."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self._clock = interval, clock
        self._last: float | None = None

    def seen(self) -> bool:
        """Whether ``interval`` seconds passed since the last True."""
        now = self._clock()
        if self._last is None or now - self._last >= self.interval:
            self._last = now
            return True
        return False


class SqlServerChangeWatcher(ChangeWatcher):
    """Watch one company database (see the module docstring for the modes).

    Example::

        with server.watch("BIJOU") as watcher:
            watcher.changed()      # True: the first call
            watcher.mode           # "change_tracking", "index_usage" or "periodic"
    """

    def __init__(
        self,
        engine: Engine,
        database: str,
        *,
        interval: float = DEFAULT_INTERVAL,
        settle: float = DEFAULT_SETTLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine: Engine | None = engine
        self._database = database
        self._lock = threading.Lock()
        self.interval, self.settle, self._clock = interval, settle, clock
        self.mode: WatchMode | None = None
        self._versions = Versions()
        self._stamps = UsageStamps(settle)
        self._periodic = Periodic(interval, clock)

    def _error(self, detail: str) -> SageConnectionError:
        return SageConnectionError(msg.WATCH_FAILED.format(database=self._database, detail=detail))

    def _choose(self, engine: Engine) -> WatchMode:
        with engine.connect() as conn:
            if conn.execute(CHANGE_TRACKING_ENABLED).scalar():
                tracked = {str(n) for n in conn.execute(CHANGE_TRACKED_TABLES).scalars()}
                if tracked >= set(WATCHED_TABLES):
                    return "change_tracking"
            try:
                conn.execute(INDEX_USAGE).one()
            except SQLAlchemyError as exc:
                cause: BaseException = getattr(exc, "orig", None) or exc
                if set(error_numbers(cause)) & _PERMISSION_DENIED:
                    return "periodic"
                raise
            return "index_usage"

    def _poll(self, engine: Engine) -> bool:
        if self.mode is None:
            self.mode = self._choose(engine)
        if self.mode == "periodic":
            return self._periodic.seen()
        with engine.connect() as conn:
            if self.mode == "change_tracking":
                version = conn.execute(CHANGE_TRACKING_VERSION).scalar()
                if version is None:  # tracking turned off since: choose again next time
                    self.mode, self._versions = None, Versions()
                    return True
                return self._versions.seen(int(version))
            row = conn.execute(INDEX_USAGE).one()
        return self._stamps.seen(row.last_update, row.now)

    def changed(self) -> bool:
        """True on the first call, then when the mode says something may have changed."""
        with self._lock:
            if self._engine is None:
                raise self._error(msg.WATCHER_CLOSED)
            try:
                return self._poll(self._engine)
            except SQLAlchemyError as exc:
                raise self._error(msg.db_reason(exc)) from exc

    def close(self) -> None:
        """Dispose of the watcher's connection."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
