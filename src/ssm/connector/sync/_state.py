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

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bindings (
    stream TEXT NOT NULL,
    sage_key TEXT NOT NULL,
    crm_id INTEGER,
    hash TEXT,
    synced_at TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (stream, sage_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cursors (
    stream TEXT PRIMARY KEY,
    cb_modification TEXT NOT NULL,
    cb_marq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
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

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def cursor(self, stream: str) -> Cursor | None:
        """The last committed cursor of a stream, or None before its first sync."""
        row = self._db.execute(
            "SELECT cb_modification, cb_marq FROM cursors WHERE stream = ?", (stream,)
        ).fetchone()
        if row is None:
            return None
        return Cursor(cbModification=datetime.fromisoformat(row[0]), cbMarq=row[1])

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
                "INSERT INTO bindings (stream, sage_key, crm_id, hash, synced_at, status, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (stream, sage_key) DO UPDATE SET"
                " crm_id = coalesce(excluded.crm_id, crm_id), hash = excluded.hash,"
                " synced_at = excluded.synced_at, status = excluded.status,"
                " error = excluded.error",
                [(stream, b.sage_key, b.crm_id, b.hash, now, b.status, b.error) for b in bindings],
            )
            if cursor is not None:
                self._db.execute(
                    "INSERT INTO cursors (stream, cb_modification, cb_marq) VALUES (?, ?, ?)"
                    " ON CONFLICT (stream) DO UPDATE SET"
                    " cb_modification = excluded.cb_modification, cb_marq = excluded.cb_marq",
                    (stream, cursor.cbModification.isoformat(), cursor.cbMarq),
                )

    def start_run(self) -> int:
        """Open a run in the history and return its id."""
        cur = self._db.execute(
            "INSERT INTO runs (started_at, status) VALUES (?, 'running')", (_now(),)
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
