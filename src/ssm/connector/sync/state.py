"""The sync state store: one SQLite file (WAL) in the install's ``data/`` folder.

It holds a *binding* per record (stream, Sage key, CRM id, hash of what was last sent,
sync time, status, last error), a *cursor* per stream and the run history; the CRM → Sage
direction's part (feed position, reservations, refusals) is ``_feed_state``'s, inherited.
Bindings and the cursor that covers them are written in one transaction, so a crash at
any instant leaves a state from which the next run neither loses nor duplicates anything
(DESIGN §4).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from ssm.connector import messages as msg
from ssm.connector.errors import StateError
from ssm.connector.sync._feed_state import FEED_SCHEMA, FeedState
from ssm.sage100 import Cursor

# Columns added after the first release of the state file: (table, column, definition).
_ADDED_COLUMNS = (
    ("bindings", "owner", "TEXT"),
    ("bindings", "attempts", "INTEGER NOT NULL DEFAULT 0"),
    ("bindings", "retry_at", "TEXT"),
    ("cursors", "backfill", "INTEGER NOT NULL DEFAULT 0"),
    ("cursors", "utc_offset", "INTEGER"),
    ("runs", "kind", "TEXT NOT NULL DEFAULT 'sync'"),
    ("runs", "pid", "INTEGER"),
    ("runs", "progress", "TEXT"),
    ("runs", "error", "TEXT"),
    ("reservations", "sage_key", "TEXT"),
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
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at TEXT,
    PRIMARY KEY (stream, sage_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cursors (
    stream TEXT PRIMARY KEY,
    cb_modification TEXT NOT NULL,
    cb_marq INTEGER NOT NULL,
    backfill INTEGER NOT NULL DEFAULT 0,
    utc_offset INTEGER
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'sync',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    report TEXT,
    pid INTEGER,
    progress TEXT,
    error TEXT
);
"""


# A chunk's bindings are written by one statement; ``{rows}`` gives the columns
# (stream, sage_key, crm_id, hash, synced_at, status, error, owner, attempts, retry_at).
# ``WHERE true`` lets SQLite tell an upsert's ON CONFLICT from a join's ON; ``json_extract``
# rather than ``->>``, which SQLite only has since 3.38 (Ubuntu 22.04's is 3.37).
_UPSERT_BINDING = (
    "INSERT INTO bindings (stream, sage_key, crm_id, hash, synced_at, status,"
    " error, owner, attempts, retry_at) {rows}"
    " ON CONFLICT (stream, sage_key) DO UPDATE SET"
    " crm_id = coalesce(excluded.crm_id, crm_id), hash = excluded.hash,"
    " synced_at = excluded.synced_at, status = excluded.status,"
    " error = excluded.error, owner = coalesce(excluded.owner, owner),"
    " attempts = excluded.attempts, retry_at = excluded.retry_at"
)
# Parameters: stream, synced_at, then a binding's eight values (key … retry_at).
_BINDINGS_AS_ROWS = _UPSERT_BINDING.format(rows="VALUES (?1, ?3, ?4, ?5, ?2, ?6, ?7, ?8, ?9, ?10)")
# Parameters: stream, synced_at, a JSON array of bindings' eight values.
_BINDINGS_FROM_JSON = _UPSERT_BINDING.format(
    rows="SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]'), ?2, json_extract(value, '$[3]'),"
    " json_extract(value, '$[4]'), json_extract(value, '$[5]'),"
    " json_extract(value, '$[6]'), json_extract(value, '$[7]') FROM json_each(?3) WHERE true"
)
# Parameters: stream, synced_at, a JSON array of [key, crm_id, hash, owner] of records
# synced: half the values to write and read back of the general statement.
_SYNCED_FROM_JSON = _UPSERT_BINDING.format(
    rows="SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]'), ?2, 'synced', NULL, json_extract(value, '$[3]'), 0, NULL"
    " FROM json_each(?3) WHERE true"
)
# The keys about to be sent; ``{keys}`` gives (stream, sage_key, synced_at, status).
_MARK_SENDING = (
    "INSERT INTO bindings (stream, sage_key, synced_at, status) {keys}"
    " ON CONFLICT (stream, sage_key) DO NOTHING"
)
# Parameters: stream, synced_at, then one key.
_KEYS_AS_ROWS = _MARK_SENDING.format(keys="VALUES (?1, ?3, ?2, 'sending')")
# Parameters: stream, synced_at, a JSON array of keys.
_KEYS_FROM_JSON = _MARK_SENDING.format(
    keys="SELECT ?1, value, ?2, 'sending' FROM json_each(?3) WHERE true"
)


#: The status of a record that left its stream for good while Sage still has it (a quote
#: turned into an order): the CRM keeps its last state, and reconciliation no longer
#: looks for its key.
FINAL = "final"


class Binding(NamedTuple):
    """What we know of one record on the CRM side after a write attempt.

    ``status`` is ``synced``, ``error``, ``sending`` (on its way) or :data:`FINAL`.
    A tuple, not a frozen dataclass: one is built per record synced, and a dataclass
    costs three times as much to build (issue 14).
    """

    sage_key: str
    crm_id: int | None
    hash: str | None
    status: str
    error: str | None = None
    owner: str | None = None
    retry: bool = False  # an error that may go away (its parent not in the CRM yet)


@dataclass(frozen=True)
class RunRecord:
    """One run of the history, as ``status`` shows it."""

    id: int
    kind: str
    started_at: str
    finished_at: str | None
    status: str  # running, interrupted (its process died), crashed, or the report's status
    report: dict[str, Any] | None
    progress: dict[str, int] | None = None  # records read per stream so far
    error: str | None = None  # why a crashed run stopped


class StateStore(FeedState):
    """Bindings, cursors and runs of one installation.

    Usage::

        with StateStore(layout.state_file) as state:
            since = state.cursor("accounts")
            ...
            state.commit("accounts", bindings, cursor=batch.cursor)
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._open_run: int | None = None
        with self._translated():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA + FEED_SCHEMA)
                self._migrate()
            except BaseException:
                self._db.close()
                raise

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
        # Few records wait for a retry or are refused: partial indexes answer the service's
        # every poll and every heartbeat's error list without a scan of all the bindings.
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS bindings_retry_at ON bindings (retry_at)"
            " WHERE retry_at IS NOT NULL"
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS bindings_error ON bindings (stream, sage_key)"
            " WHERE status = 'error'"
        )

    def cursor(self, stream: str) -> Cursor | None:
        """The last committed cursor of a stream, or None before its first sync."""
        row = self._db.execute(
            "SELECT cb_modification, cb_marq, backfill, utc_offset FROM cursors WHERE stream = ?",
            (stream,),
        ).fetchone()
        if row is None:
            return None
        offset = None if row[3] is None else timedelta(minutes=row[3])
        return Cursor(datetime.fromisoformat(row[0]), row[1], bool(row[2]), offset)

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
        """Record bindings and, when given, move the cursor, in one transaction.

        A binding marked ``retry`` counts one more attempt and is due again after
        :func:`retry_delay`; any other outcome ends its retries. The bindings go as one
        JSON array in one statement, see :func:`_json_rows`. In the usual chunk every
        record was synced: its array then holds only the four values that vary. With
        :meth:`mark_sending`, that brought the state's CPU per record of a pme-sized
        micro-benchmark from 6.4 µs (row by row) to 4.7 µs; eight values per binding
        took 5.8 µs (issue 14).
        """
        moment = datetime.now(UTC)
        bindings = list(bindings)
        synced = [
            (key, crm_id, hash_, owner)
            for key, crm_id, hash_, status, error, owner, retry in bindings
            if status == "synced" and error is None and not retry
        ]
        payload = _json_rows(synced) if len(synced) == len(bindings) else None
        with self._transaction():
            if payload is not None:
                self._db.execute(_SYNCED_FROM_JSON, (stream, _stamp(moment), payload))
            else:
                self._write_bindings(stream, bindings, moment)
            if cursor is not None:
                self._db.execute(
                    "INSERT INTO cursors (stream, cb_modification, cb_marq, backfill, utc_offset)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET"
                    " cb_modification = excluded.cb_modification, cb_marq = excluded.cb_marq,"
                    " backfill = excluded.backfill, utc_offset = excluded.utc_offset",
                    (
                        stream,
                        cursor.cbModification.isoformat(),
                        cursor.cbMarq,
                        cursor.backfill,
                        _minutes(cursor.utc_offset),
                    ),
                )

    def _write_bindings(self, stream: str, bindings: list[Binding], moment: datetime) -> None:
        """Upsert bindings of any outcome, counting the attempts of those to retry."""
        tried = self._attempts(stream, [b.sage_key for b in bindings if b.retry])
        rows = []
        for key, crm_id, hash_, status, error, owner, retry in bindings:
            attempts, due = 0, None
            if retry:
                attempts = tried.get(key, 0) + 1
                due = _stamp(moment + retry_delay(attempts))
            rows.append((key, crm_id, hash_, status, error, owner, attempts, due))
        now = _stamp(moment)
        payload = _json_rows(rows)
        if payload is None:
            self._db.executemany(_BINDINGS_AS_ROWS, ((stream, now, *row) for row in rows))
        else:
            self._db.execute(_BINDINGS_FROM_JSON, (stream, now, payload))

    def _attempts(self, stream: str, keys: Sequence[str]) -> dict[str, int]:
        """Attempts already counted for these keys (those with none are absent)."""
        found: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._db.execute(
                    "SELECT sage_key, attempts FROM bindings WHERE stream = ?"
                    f" AND attempts > 0 AND sage_key IN ({marks})",
                    (stream, *chunk),
                ).fetchall()
            )
        return found

    def due_retries(self, stream: str, now: datetime | None = None) -> list[str]:
        """Keys of a stream whose retry is due (``now``: this instant), soonest first."""
        # ``+stream``: answered by the small retry index, not by a scan of the stream.
        rows = self._db.execute(
            "SELECT sage_key FROM bindings WHERE retry_at <= ? AND +stream = ?"
            " ORDER BY retry_at, sage_key",
            (_stamp(now or datetime.now(UTC)), stream),
        )
        return [r[0] for r in rows.fetchall()]

    def retries_due(self, now: datetime | None = None) -> bool:
        """Whether any record of any stream is due for a retry: a pass has work to do."""
        row = self._db.execute(
            "SELECT 1 FROM bindings WHERE retry_at <= ? LIMIT 1",
            (_stamp(now or datetime.now(UTC)),),
        )
        return row.fetchone() is not None

    def drop_retries(self, stream: str, keys: Sequence[str]) -> None:
        """Stop retrying these keys (Sage no longer has them; reconciliation takes over)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE bindings SET attempts = 0, retry_at = NULL"
                " WHERE stream = ? AND sage_key = ?",
                ((stream, k) for k in keys),
            )

    def mark_sending(self, stream: str, keys: Sequence[str]) -> None:
        """Record, before a chunk leaves, that these keys may exist in the CRM from now on.

        If the process dies after the CRM applied the chunk but before its answer was
        bound, reconciliation still knows these keys and deletes them in the CRM should
        Sage delete them in the meantime. Existing bindings keep their id and hash.
        """
        now = _now()
        payload = _json_rows(keys)
        with self._transaction():
            if payload is None:
                self._db.executemany(_KEYS_AS_ROWS, ((stream, now, key) for key in keys))
            else:
                self._db.execute(_KEYS_FROM_JSON, (stream, now, payload))

    def missing_from(
        self, stream: str, sage_keys: Iterable[Sequence[str]]
    ) -> tuple[list[str], int]:
        """Bound keys that Sage no longer has, sorted, and how many keys Sage has.

        Records whose binding is :data:`FINAL` are not looked for.

        The stream's bound keys make one set, from which each chunk of Sage's keys is
        removed as it arrives: Sage's order (its collation's) does not matter, memory holds
        the bound keys alone, and no Python code runs per Sage key. Three quarters of the
        time of filling a temporary table for an anti-join in SQLite (eti reconciliation
        7.5 s against 9.6–10.2 s, issue 14). Reading the set in a thread while Sage's keys
        arrive was measured slower (11.6–12.2 s) and twice the memory: not done. The keys
        come as one JSON array that SQLite builds and ``json.loads`` parses, both in C:
        a row tuple per key cost 2.5 times as much CPU (0.92 s against 0.37 s for eti's
        689,479 invoices).
        """
        with self._translated():
            rows = self._db.execute(
                "SELECT json_group_array(sage_key) FROM bindings WHERE stream = ? AND status <> ?",
                (stream, FINAL),
            )
            bound = set(json.loads(rows.fetchone()[0]))
        seen = 0
        for chunk in sage_keys:
            bound.difference_update(chunk)
            seen += len(chunk)
        return sorted(bound), seen

    def crm_ids(self, stream: str, keys: Sequence[str]) -> dict[str, int | None]:
        """The CRM id bound to each of these keys that has a binding (None: not acknowledged)."""
        found: dict[str, int | None] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._db.execute(
                    "SELECT sage_key, crm_id FROM bindings"
                    f" WHERE stream = ? AND sage_key IN ({marks})",
                    (stream, *chunk),
                ).fetchall()
            )
        return found

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
        """The latest runs, newest first; a running run whose process is gone is interrupted."""
        query = "SELECT id, kind, started_at, finished_at, status, report, pid, progress, error"
        query += " FROM runs"
        params: tuple[Any, ...] = (limit,)
        if kind is not None:
            query, params = query + " WHERE kind = ?", (kind, limit)
        with self._translated():
            rows = self._db.execute(query + " ORDER BY id DESC LIMIT ?", params).fetchall()
        return [
            RunRecord(
                r[0],
                r[1],
                r[2],
                r[3],
                "interrupted" if r[4] == "running" and not _alive(r[6]) else r[4],
                json.loads(r[5]) if r[5] else None,
                json.loads(r[7]) if r[7] else None,
                r[8],
            )
            for r in rows
        ]

    def start_run(self, kind: str = "sync") -> int:
        """Open a run in the history and return its id.

        Runs left ``running`` by a process that died (SIGKILL, power cut), or by this one
        when a pass crashed before it could close its run, are closed as ``interrupted``.
        """
        with self._translated():
            stale = self._db.execute("SELECT id, pid FROM runs WHERE status = 'running'")
            ended = [(r[0],) for r in stale.fetchall() if r[1] == os.getpid() or not _alive(r[1])]
            self._db.executemany("UPDATE runs SET status = 'interrupted' WHERE id = ?", ended)
            cur = self._db.execute(
                "INSERT INTO runs (kind, started_at, status, pid) VALUES (?, ?, 'running', ?)",
                (kind, _now(), os.getpid()),
            )
        assert cur.lastrowid is not None
        self._open_run = cur.lastrowid
        return cur.lastrowid

    def note_progress(self, stream: str, count: int) -> None:
        """Add ``count`` records read by ``stream`` to the open run, for ``status``."""
        if self._open_run is None:
            return
        path = f'$."{stream}"'
        with self._translated():
            self._db.execute(
                "UPDATE runs SET progress = json_set(coalesce(progress, '{}'), ?,"
                " coalesce(json_extract(progress, ?), 0) + ?) WHERE id = ?",
                (path, path, count, self._open_run),
            )

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        """Close a run with its status and per-stream figures."""
        with self._translated():
            self._db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
                (_now(), status, json.dumps(report), run_id),
            )
        self._open_run = None

    def crash_run(self, reason: str) -> None:
        """Close the open run, if any, as crashed with its (French) reason."""
        if self._open_run is None:
            return
        run_id, self._open_run = self._open_run, None
        with self._translated():
            self._db.execute(
                "UPDATE runs SET finished_at = ?, status = 'crashed', error = ? WHERE id = ?",
                (_now(), reason, run_id),
            )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._translated)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's and the file system's errors become a :class:`StateError` in French."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise state_error(self._path, exc) from exc


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; SQLite's errors translated."""

    def __init__(
        self,
        db: sqlite3.Connection,
        translated: Callable[[], contextlib.AbstractContextManager[None]],
    ) -> None:
        self._db = db
        self._translated = translated

    def __enter__(self) -> None:
        with self._translated():
            self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, *rest: object) -> None:
        with self._translated():
            if exc_type is None:
                self._db.execute("COMMIT")
                return
            if self._db.in_transaction:  # SQLite rolls back by itself on a full disk
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OSError):
                raise exc


def state_error(path: Path, exc: sqlite3.Error | OSError) -> StateError:
    """The French sentence for a state file that cannot be opened or written.

    SQLite reports a full disk as ``SQLITE_FULL`` or, when the file may not grow further
    (a quota, a size limit), as a failed write; a folder the service may not write to as
    ``SQLITE_READONLY`` or ``SQLITE_CANTOPEN``.
    """
    folder = path.parent
    name = getattr(exc, "sqlite_errorname", "")
    code = exc.errno if isinstance(exc, OSError) else None
    reason = _reason(exc)
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")) or code in (errno.ENOSPC, errno.EFBIG):
        return StateError(msg.STATE_DISK_FULL.format(path=folder, reason=reason))
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or code in (
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
    ):
        return StateError(msg.STATE_READ_ONLY.format(path=folder, reason=reason))
    return StateError(msg.STATE_UNUSABLE.format(file=path, path=folder, reason=reason))


def _reason(exc: sqlite3.Error | OSError) -> str:
    """The reason in French (``accès refusé``, ``disque plein``…), without paths or SQL."""
    name = getattr(exc, "sqlite_errorname", "")
    for prefix, reason in msg.SQLITE_REASONS.items():
        if name.startswith(prefix):
            return reason
    if isinstance(exc, OSError) and exc.errno in msg.OS_REASONS:
        return msg.OS_REASONS[exc.errno]
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _alive(pid: int | None) -> bool:
    """Whether the process that opened a run still exists (unknown pid: assume it does).

    A pid reused by an unrelated process makes a dead run look alive until the next run
    starts; the other way round never happens, so a live run is never called interrupted.
    """
    if pid is None:
        return True
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _now() -> str:
    return _stamp(datetime.now(UTC))


def _stamp(moment: datetime) -> str:
    """An instant as the state stores it: UTC ISO to the second, ordered as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


RETRY_FIRST = timedelta(seconds=30)
"""How long after a first refusal that may go away the record is tried again."""
RETRY_MAX = timedelta(hours=1)
"""The longest wait between two attempts: a parent refused for good costs one try an hour."""


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th refusal: 30 s, doubling each time, at most 1 h."""
    return min(RETRY_FIRST * (1 << min(max(attempts, 1) - 1, 20)), RETRY_MAX)


def _minutes(offset: timedelta | None) -> int | None:
    """A cursor's UTC offset as stored: whole minutes, as servers give it."""
    return None if offset is None else int(offset.total_seconds()) // 60


def _json_rows(rows: Sequence[object]) -> str | None:
    """Rows (or keys) as one JSON array for ``json_each``; None if a text holds a NUL.

    One statement reading a JSON array costs a chunk of 200 keys less than half the CPU
    of ``executemany`` row by row (issue 14). SQLite's JSON functions cut a text at an
    escaped NUL, so such a chunk takes the row-by-row statement. A text holding a
    backslash then ``u0000`` matches too: only slower, never wrong.
    """
    payload = json.dumps(rows, ensure_ascii=False)
    return None if "\\u0000" in payload else payload
