"""The emulated server's clock: ``GETDATE()`` and ``GETUTCDATE()`` on its SQLite connections.

SQL Server stamps ``cbModification`` from its own clock (``getdate()``, local time); the
emulator's triggers, column defaults and the readers' clock statements call functions
of the same names (``ssm.sage100._dialect``), which every connection the emulator opens
gets here. SQLite's ``'now'`` could not be replaced; these can:

- by default they read the machine's clock in its local zone, which the ``TZ``
  environment variable sets for a process, as a server's zone sets its local time:
  ``TZ=UTC-2 ssm-sage100 activity DIR`` writes as a server two hours ahead of UTC;
- in-process, ``EmulatedServer(location, clock=...)`` takes any function returning an
  aware :class:`~datetime.datetime`: tests stamp rows at the minute they choose, and move
  the server across a daylight-saving change, without waiting for the wall clock.

The functions live on the connection, not in the database: the schema holds only the
calls (``GETDATE()``, as a Sage trigger's ``getdate()``). A bare ``sqlite3`` connection
reads a company as usual, but its inserts and updates of ``cb*`` tables fail with
« no such function: GETDATE » until it calls :func:`install_clock`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "install_clock", "system_clock"]

#: A server clock: the current time as an aware datetime in the server's zone.
Clock = Callable[[], datetime]

_FORMAT = "%Y-%m-%d %H:%M:%S"


def system_clock() -> datetime:
    """The machine's time in its local zone (``TZ``), as a server's ``getdate()`` reads it."""
    return datetime.now().astimezone()


def install_clock(conn: sqlite3.Connection, clock: Clock = system_clock) -> None:
    """Give ``conn`` the server's ``GETDATE()`` (local time) and ``GETUTCDATE()`` from ``clock``.

    Both return ``YYYY-MM-DD HH:MM:SS`` text, the format the emulator stores dates in.
    A naive datetime from ``clock`` is taken as being in the machine's local zone.
    """

    def local() -> str:
        return clock().strftime(_FORMAT)

    def utc() -> str:
        return clock().astimezone(UTC).strftime(_FORMAT)

    conn.create_function("GETDATE", 0, local)
    conn.create_function("GETUTCDATE", 0, utc)
