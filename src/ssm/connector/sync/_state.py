"""The sync state store: one SQLite file (WAL) in the install's ``data/`` folder.

It holds a *binding* per record (stream, Sage key, CRM id, hash of what was last sent,
sync time, status, last error), a *cursor* per stream and the run history. Bindings and the
cursor that covers them are written in one transaction, so a crash at any instant leaves a
state from which the next run neither loses nor duplicates anything (DESIGN §4).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ssm.sage100 import Cursor

# Columns added after the first release of the state file: (table, column, definition).
_ADDED_COLUMNS = (
    ("bindings", "owner", "TEXT"),
    ("cursors", "backfill", "INTEGER NOT NULL DEFAULT 0"),
    ("runs", "kind", "TEXT NOT NULL DEFAULT 'sync'"),
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bindings (
    stream TEXT NOT NULL,
    sage_key TEXT NOT NULL,
    crm_id INTEGER,
    hash TEXT,
    synced_at TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    owner TEXT,
    PRIMARY KEY (stream, sage_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cursors (
    stream TEXT PRIMARY KEY,
    cb_modification TEXT NOT NULL,
    cb_marq INTEGER NOT NULL,
    backfill INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'sync',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    report TEXT
);
"""


@dataclass(frozen=True)
class Binding:
    """What we know of one record on the CRM side after a write attempt."""

    sage_key: str
    crm_id: int | None
    hash: str | None
    status: str
    error: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class RunRecord:
    """One run of the history, as ``status`` shows it."""

    id: int
    kind: str
    started_at: str
    finished_at: str | None
    status: str
    report: dict[str, Any] | None


class StateStore:
    """Bindings, cursors and runs of one installation.

    Usage::

        with StateStore(layout.state_file) as state:
            since = state.cursor("accounts")
            ...
            state.commit("accounts", bindings, cursor=batch.cursor)
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._migrate()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def _migrate(self) -> None:
        """Add the columns a state file from an earlier version lacks."""
        for table, column, definition in _ADDED_COLUMNS:
            present = {r[1] for r in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def cursor(self, stream: str) -> Cursor | None:
        """The last committed cursor of a stream, or None before its first sync."""
        row = self._db.execute(
            "SELECT cb_modification, cb_marq, backfill FROM cursors WHERE stream = ?", (stream,)
        ).fetchone()
        if row is None:
            return None
        return Cursor(datetime.fromisoformat(row[0]), row[1], backfill=bool(row[2]))

    def hashes(self, stream: str, keys: Sequence[str]) -> dict[str, str | None]:
        """Hash last sent for each of these keys that has a binding."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            f"SELECT sage_key, hash FROM bindings WHERE stream = ? AND sage_key IN ({marks})",
            (stream, *keys),
        )
        return dict(rows.fetchall())

    def commit(
        self, stream: str, bindings: Iterable[Binding], cursor: Cursor | None = None
    ) -> None:
        """Record bindings and, when given, move the cursor, in one transaction."""
        now = _now()
        with self._transaction():
            self._db.executemany(
                "INSERT INTO bindings"
                " (stream, sage_key, crm_id, hash, synced_at, status, error, owner)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (stream, sage_key) DO UPDATE SET"
                " crm_id = coalesce(excluded.crm_id, crm_id), hash = excluded.hash,"
                " synced_at = excluded.synced_at, status = excluded.status,"
                " error = excluded.error, owner = coalesce(excluded.owner, owner)",
                [
                    (stream, b.sage_key, b.crm_id, b.hash, now, b.status, b.error, b.owner)
                    for b in bindings
                ],
            )
            if cursor is not None:
                self._db.execute(
                    "INSERT INTO cursors (stream, cb_modification, cb_marq, backfill)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET"
                    " cb_modification = excluded.cb_modification, cb_marq = excluded.cb_marq,"
                    " backfill = excluded.backfill",
                    (stream, cursor.cbModification.isoformat(), cursor.cbMarq, cursor.backfill),
                )

    def mark_sending(self, stream: str, keys: Sequence[str]) -> None:
        """Record, before a chunk leaves, that these keys may exist in the CRM from now on.

        If the process dies after the CRM applied the chunk but before its answer was
        bound, reconciliation still knows these keys and deletes them in the CRM should
        Sage delete them in the meantime. Existing bindings keep their id and hash.
        """
        now = _now()
        with self._transaction():
            self._db.executemany(
                "INSERT INTO bindings (stream, sage_key, synced_at, status) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (stream, sage_key) DO NOTHING",
                ((stream, key, now, "sending") for key in keys),
            )

    def missing_from(
        self, stream: str, sage_keys: Iterable[Sequence[str]]
    ) -> tuple[list[str], int]:
        """Bound keys that Sage no longer has, and how many keys Sage has.

        Sage's keys go through a temporary table so the comparison is one indexed anti-join
        in SQLite, whatever the order Sage's collation returns them in.
        """
        # A heap in memory: SQLite sorts it once for the NOT IN, cheaper than a B-tree insert.
        self._db.execute("PRAGMA temp_store = MEMORY")
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS sage_keys (k TEXT)")
        self._db.execute("DELETE FROM sage_keys")
        seen = 0
        with self._transaction():
            for chunk in sage_keys:
                self._db.executemany("INSERT INTO sage_keys VALUES (?)", ((k,) for k in chunk))
                seen += len(chunk)
        rows = self._db.execute(
            "SELECT sage_key FROM bindings WHERE stream = ?"
            " AND sage_key NOT IN (SELECT k FROM sage_keys) ORDER BY sage_key",
            (stream,),
        ).fetchall()
        self._db.execute("DELETE FROM sage_keys")
        return [r[0] for r in rows], seen

    def bound_count(self, stream: str) -> int:
        """How many records of a stream have a binding."""
        row = self._db.execute("SELECT count(*) FROM bindings WHERE stream = ?", (stream,))
        return int(row.fetchone()[0])

    def forget(self, stream: str, keys: Sequence[str]) -> None:
        """Drop the bindings of records deleted on both sides."""
        with self._transaction():
            self._db.executemany(
                "DELETE FROM bindings WHERE stream = ? AND sage_key = ?",
                ((stream, k) for k in keys),
            )

    def forget_hashes(self, stream: str, owner: str | None = None) -> int:
        """Make the next run re-send a stream (or one owner's records); returns how many."""
        query = "UPDATE bindings SET hash = NULL WHERE stream = ?"
        params: tuple[str, ...] = (stream,)
        if owner is not None:
            query, params = query + " AND owner = ?", (stream, owner)
        with self._transaction():
            cur = self._db.execute(query, params)
        return cur.rowcount

    def reset_cursor(self, stream: str) -> None:
        """Make the next run read the whole stream again."""
        with self._transaction():
            self._db.execute("DELETE FROM cursors WHERE stream = ?", (stream,))

    def errors(self, stream: str | None = None) -> list[tuple[str, str, str, str]]:
        """The error list: (stream, Sage key, reason, since) of records not synced."""
        query = "SELECT stream, sage_key, coalesce(error, ''), synced_at FROM bindings"
        query += " WHERE status = 'error'" + (" AND stream = ?" if stream else "")
        rows = self._db.execute(query + " ORDER BY stream, sage_key", (stream,) if stream else ())
        return [tuple(r) for r in rows.fetchall()]

    def runs(self, limit: int = 20, kind: str | None = None) -> list[RunRecord]:
        """The latest runs, newest first."""
        query = "SELECT id, kind, started_at, finished_at, status, report FROM runs"
        params: tuple[Any, ...] = (limit,)
        if kind is not None:
            query, params = query + " WHERE kind = ?", (kind, limit)
        rows = self._db.execute(query + " ORDER BY id DESC LIMIT ?", params).fetchall()
        return [
            RunRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else None)
            for r in rows
        ]

    def start_run(self, kind: str = "sync") -> int:
        """Open a run in the history and return its id."""
        cur = self._db.execute(
            "INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')", (kind, _now())
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        """Close a run with its status and per-stream figures."""
        self._db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
            (_now(), status, json.dumps(report), run_id),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
