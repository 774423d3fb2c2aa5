"""How a writer holds a company: one short transaction, stamped as Sage stamps.

Shared by the emulator's simulated users and the connector's writer, so both write the
way an application writes to a real Sage 100: ``cbModification`` is stamped by the
writer only where no ``TG_CB*`` trigger does it, and a transaction that reads a
series' next number (max + 1) holds the company's write lock from its start.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine

from ssm.sage100._dialect import TriggerCount

__all__ = ["stamps_itself", "write_transaction"]

_TRIGGERS: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()
_LOCK_WAIT_MS = 60_000
_BUSY_TIMEOUT_MS = 5_000


def stamps_itself(conn: Connection) -> bool:
    """True when no trigger stamps ``cbModification``: the writer must (asked once)."""
    engine = conn.engine
    if engine not in _TRIGGERS:
        _TRIGGERS[engine] = bool(conn.execute(TriggerCount()).scalar_one())
    return not _TRIGGERS[engine]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the company's write lock from its start.

    A writer reads a series' next number (piece, line, code) as max + 1, then inserts
    it. Two writers at once would read the same number if the lock came with the first
    insert, as SQLite's deferred transactions take it; ``BEGIN IMMEDIATE`` makes the
    second wait, as Sage does, for up to a minute (the engine's busy timeout, 5 s, is
    short on a loaded machine). Committed on success, rolled back on any error.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            _take_write_lock(conn.connection.driver_connection)
        yield conn


def _take_write_lock(sqlite: Any) -> None:
    """Begin the transaction holding SQLite's write lock, on the driver's connection.

    SQLite only (SQL Server locks rows and keys as it writes), so the statements go to the
    driver, not through SQLAlchemy: none of them is a statement of Sage's dialects.
    """
    sqlite.execute(f"PRAGMA busy_timeout={_LOCK_WAIT_MS}")
    try:
        sqlite.execute("BEGIN IMMEDIATE")
    finally:
        sqlite.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
