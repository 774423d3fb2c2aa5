"""The emulator's change watcher: ``PRAGMA data_version`` on a connection kept open.

SQLite bumps a connection's ``data_version`` whenever *another* connection, in this
process or another, commits to the file. Asking costs a few microseconds and reads
nothing but the WAL index, so a connector can poll it several times a second.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from ssm.sage100 import messages as msg
from ssm.sage100._server import ChangeWatcher
from ssm.sage100.errors import SageConnectionError

__all__ = ["SqliteChangeWatcher"]


class SqliteChangeWatcher(ChangeWatcher):
    """Watch one SQLite company file (see :meth:`EmulatedServer.watch`)."""

    def __init__(self, path: Path, database: str) -> None:
        self._database = database
        self._lock = threading.Lock()
        self._last: int | None = None
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA busy_timeout=5000")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> SageConnectionError:
        detail = str(exc) or type(exc).__name__
        return SageConnectionError(msg.WATCH_FAILED.format(database=self._database, detail=detail))

    def changed(self) -> bool:
        """True on the first call, then whenever another connection committed since."""
        with self._lock:
            if self._conn is None:
                raise self._error(sqlite3.ProgrammingError(msg.WATCHER_CLOSED))
            try:
                version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            changed, self._last = version != self._last, version
            return changed

    def close(self) -> None:
        """Close the kept connection."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
