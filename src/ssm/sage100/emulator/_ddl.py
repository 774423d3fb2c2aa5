"""Create an emulated company database: one generation's tables, Sage's indexes, triggers.

The DDL comes from :func:`ssm.sage100.schema.metadata_for`: only the columns and indexes a
company of that generation has, Sage's computed ``cb*`` key columns as SQLite generated
columns. ``cbModification`` has Sage's ``DEFAULT getdate()`` (to the minute). With
``triggers`` (the default, as Sage has them), ``TG_CBUPD_<T>`` plays Sage's update trigger:
after an update that did not set ``cbModification`` itself it stamps the server minute,
local time; generation C's ``TG_CBINS_<T>`` also fills ``cbCreation``. Both, and the
default, read the server's clock through ``GETDATE()`` (``_clock.py``). Without triggers
nothing but the writer moves ``cbModification``, as with an application writing to a
Sage whose triggers it cannot count on. No index on ``cbModification``: Sage has none.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import MetaData, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from ssm.sage100._dialect import SQLITE_NOW_MINUTE, SQLITE_NOW_SECOND
from ssm.sage100.emulator._clock import install_clock

__all__ = ["create_indexes", "create_tables", "open_sqlite"]

_DIALECT = sqlite.dialect()


def open_sqlite(path: str, *, generating: bool = False) -> sqlite3.Connection:
    """Open a company database in WAL mode (``generating``: fast, unsafe bulk settings).

    The connection reads the machine's clock (:func:`~._clock.install_clock`).
    """
    conn = sqlite3.connect(path, isolation_level=None)
    install_clock(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=5000")
    if generating:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-200000")
    return conn


def _triggers(table: Table) -> list[str]:
    name = table.name
    triggers = [
        # recursive_triggers is off: the trigger's own UPDATE does not fire it again.
        f"""CREATE TRIGGER "TG_CBUPD_{name}" AFTER UPDATE ON "{name}" FOR EACH ROW
        WHEN NEW.cbModification IS OLD.cbModification
        BEGIN
          UPDATE "{name}" SET cbModification = {SQLITE_NOW_MINUTE} WHERE cbMarq = NEW.cbMarq;
        END"""
    ]
    if "cbCreation" in table.c:
        triggers.append(
            f"""CREATE TRIGGER "TG_CBINS_{name}" AFTER INSERT ON "{name}" FOR EACH ROW
            WHEN NEW.cbCreation IS NULL
            BEGIN
              UPDATE "{name}" SET cbCreation = {SQLITE_NOW_SECOND}
              WHERE cbMarq = NEW.cbMarq;
            END"""
        )
    return triggers


def create_tables(conn: sqlite3.Connection, metadata: MetaData, *, triggers: bool = True) -> None:
    """Create the tables of ``metadata`` (one generation's), with the ``cb*`` triggers."""
    for table in metadata.sorted_tables:
        conn.execute(str(CreateTable(table).compile(dialect=_DIALECT)))
        if triggers and "cbModification" in table.c:
            for trigger in _triggers(table):
                conn.execute(trigger)


def create_indexes(conn: sqlite3.Connection, metadata: MetaData) -> None:
    """Create Sage's own indexes (after a bulk load, it is faster), then planner statistics.

    SQL Server keeps statistics on every index; without SQLite's (``sqlite_stat1``) the
    planner guesses, and may prefer a low-selectivity index over the primary key.
    ``analysis_limit`` keeps ``ANALYZE`` to a sample: milliseconds, even on ``eti``.
    """
    for table in metadata.sorted_tables:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            conn.execute(str(CreateIndex(index).compile(dialect=_DIALECT)))
    conn.execute("PRAGMA analysis_limit=1000")
    conn.execute("ANALYZE")
