"""Create an emulated company database: Sage's tables, indexes and ``cb*`` triggers.

The DDL comes from :data:`ssm.sage100.schema.METADATA`. SQLite triggers play the part of
Sage's ``TG_CBINS_*`` / ``TG_CBUPD_*``: ``cbModification`` is set at insert when absent
and bumped after every update, at **minute precision** in server local time, as SQL
Server's ``smalldatetime DEFAULT getdate()`` does. ``recursive_triggers`` is off in
SQLite, so the update trigger does not fire itself; it skips the insert trigger's own
fill-in (``cbCreation`` going from NULL to a value) so an explicit ``cbModification``
given at insert, as the generator gives, is kept. No index on ``cbModification``: real
Sage has none, and readers must cope.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from ssm.sage100._dialect import SQLITE_NOW_MINUTE
from ssm.sage100.schema import METADATA

__all__ = ["create_indexes", "create_tables", "open_sqlite"]

_DIALECT = sqlite.dialect()


def open_sqlite(path: str, *, generating: bool = False) -> sqlite3.Connection:
    """Open a company database in WAL mode (``generating``: fast, unsafe bulk settings)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=5000")
    if generating:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-200000")
    return conn


def _triggers(table: Table) -> list[str]:
    name = table.name
    return [
        f"""CREATE TRIGGER "TG_CBINS_{name}" AFTER INSERT ON "{name}" FOR EACH ROW
        WHEN NEW.cbModification IS NULL OR NEW.cbCreation IS NULL
          OR NEW.cbModification <> strftime('%Y-%m-%d %H:%M:00', NEW.cbModification)
        BEGIN
          UPDATE "{name}" SET
            cbModification = COALESCE(
              strftime('%Y-%m-%d %H:%M:00', NEW.cbModification), {SQLITE_NOW_MINUTE}),
            cbCreation = COALESCE(NEW.cbCreation,
              strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'))
          WHERE cbMarq = NEW.cbMarq;
        END""",
        f"""CREATE TRIGGER "TG_CBUPD_{name}" AFTER UPDATE ON "{name}" FOR EACH ROW
        WHEN OLD.cbCreation IS NOT NULL OR NEW.cbCreation IS NULL
        BEGIN
          UPDATE "{name}" SET cbModification = {SQLITE_NOW_MINUTE}
          WHERE cbMarq = NEW.cbMarq;
        END""",
    ]


def create_tables(conn: sqlite3.Connection) -> None:
    """Create every declared table and the ``cb*`` triggers of the ``F_`` tables."""
    for table in METADATA.sorted_tables:
        conn.execute(str(CreateTable(table).compile(dialect=_DIALECT)))
        if "cbModification" in table.c:
            for trigger in _triggers(table):
                conn.execute(trigger)


def create_indexes(conn: sqlite3.Connection) -> None:
    """Create Sage's own indexes (after a bulk load, it is faster), then planner statistics.

    SQL Server keeps statistics on every index; without SQLite's (``sqlite_stat1``) the
    planner guesses, and may prefer a low-selectivity index such as ``IDO_TPIECE`` on
    ``DO_Domaine = 0`` over the primary key. ``analysis_limit`` keeps ``ANALYZE`` to a
    sample: milliseconds, even on ``eti``.
    """
    for table in METADATA.sorted_tables:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            conn.execute(str(CreateIndex(index).compile(dialect=_DIALECT)))
    conn.execute("PRAGMA analysis_limit=1000")
    conn.execute("ANALYZE")
