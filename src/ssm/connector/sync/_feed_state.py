"""The CRM → Sage part of the state: feed position, reservations and refusals.

Kept apart from the bindings and cursors of the Sage → CRM streams: its tables are written
only by the ``crm_to_sage`` step (``_export``), and read by the streams too, to skip the
Sage rows still waiting for their CRM binding. The one write into the streams' part is a
retry made due when such a row is released. ``StateStore`` inherits it, so both parts
share one SQLite file and one transaction per change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import NamedTuple

FEED_SCHEMA = """
CREATE TABLE IF NOT EXISTS feed (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    after INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reservations (
    resource TEXT NOT NULL,
    crm_id INTEGER NOT NULL,
    CT_Num TEXT NOT NULL,
    CT_Nom TEXT NOT NULL DEFAULT '',
    CT_Prenom TEXT NOT NULL DEFAULT '',
    sage_key TEXT,
    PRIMARY KEY (resource, crm_id)
);
CREATE TABLE IF NOT EXISTS crm_errors (
    resource TEXT NOT NULL,
    crm_id INTEGER NOT NULL,
    ext_id TEXT,
    message TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (resource, crm_id)
);
"""
"""The tables of the CRM → Sage step (``sage_key`` added after them: see ``state``)."""


class Reservation(NamedTuple):
    """What a record made in the CRM will be in Sage: its account, and a contact's name.

    Written before the Sage row, so that after a crash the row can be looked for (a
    prospect by ``CT_Num``, a contact by account and name) rather than written twice.
    """

    CT_Num: str
    CT_Nom: str = ""
    CT_Prenom: str = ""


class FeedState:
    """Feed position, reservations and refusals of the CRM's records, on ``StateStore``'s file."""

    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]

    def feed_position(self) -> int:
        """The ``seq`` of the last CRM change written into Sage (0 before the first)."""
        row = self._db.execute("SELECT after FROM feed WHERE id = 1").fetchone()
        return 0 if row is None else int(row[0])

    def reservation(self, resource: str, crm_id: int) -> Reservation | None:
        """The Sage key reserved for a record made in the CRM, if a write was begun."""
        row = self._db.execute(
            "SELECT CT_Num, CT_Nom, CT_Prenom FROM reservations WHERE resource = ? AND crm_id = ?",
            (resource, crm_id),
        ).fetchone()
        return None if row is None else Reservation(*row)

    def reserved_codes(self) -> list[str]:
        """Account codes reserved for prospects not yet bound: no other may take them."""
        rows = self._db.execute("SELECT CT_Num FROM reservations WHERE resource = 'accounts'")
        return [r[0] for r in rows.fetchall()]

    def reserved_resources(self) -> set[str]:
        """Resources with a record being created whose Sage row may exist, its key unnoted."""
        rows = self._db.execute("SELECT DISTINCT resource FROM reservations WHERE sage_key IS NULL")
        return {r[0] for r in rows.fetchall()}

    def reserve(self, resource: str, crm_id: int, reservation: Reservation) -> None:
        """Record, before writing into Sage, what the CRM record will be there."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO reservations VALUES (?, ?, ?, ?, ?, NULL)",
                (resource, crm_id, *reservation),
            )

    def written(self, resource: str, crm_id: int, sage_key: str) -> None:
        """Record, before binding it, the Sage key of the row written for a reservation.

        From then on the streams skip that key (:meth:`unconfirmed_keys`) until the CRM
        has confirmed the binding, whatever happens to the step in between.
        """
        with self._transaction():
            self._db.execute(
                "UPDATE reservations SET sage_key = ? WHERE resource = ? AND crm_id = ?",
                (sage_key, resource, crm_id),
            )

    def written_key(self, resource: str, crm_id: int) -> str | None:
        """The Sage key written for a record's reservation, None if none was written."""
        row = self._db.execute(
            "SELECT sage_key FROM reservations WHERE resource = ? AND crm_id = ?",
            (resource, crm_id),
        ).fetchone()
        return None if row is None else row[0]

    def unconfirmed_keys(self, resource: str) -> frozenset[str]:
        """Sage keys written by the connector whose CRM binding is not confirmed.

        The Sage → CRM stream of ``resource`` must not send them: the CRM would make a
        second record of a row that belongs to one of its own.
        """
        rows = self._db.execute(
            "SELECT sage_key FROM reservations WHERE resource = ? AND sage_key IS NOT NULL",
            (resource,),
        )
        return frozenset(r[0] for r in rows.fetchall())

    def applied(
        self,
        seq: int,
        resource: str,
        crm_id: int,
        ext_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Move the feed past a change, in one transaction with its outcome.

        The record's reservation ends (it is bound, refused, or gone from the CRM), and its
        error is set or, on a success, cleared. A Sage row the streams skipped while it
        waited for its binding is due for them at once, so its stream sends it after all.
        """
        with self._transaction():
            self._release(resource, crm_id)
            self._set_error(resource, crm_id, ext_id, error)
            self._move_feed(seq)

    def unconfirmed(self, seq: int, resource: str, crm_id: int, sage_key: str, error: str) -> None:
        """Move the feed past a change whose Sage row the CRM refused to bind.

        The reservation stays, so the streams keep skipping the row and a later change of
        the record binds it; the refusal is listed meanwhile.
        """
        with self._transaction():
            self._set_error(resource, crm_id, sage_key, error)
            self._move_feed(seq)

    def crm_errors(self) -> list[tuple[str, int, str | None, str, str]]:
        """CRM records Sage refused: (resource, CRM id, Sage key if bound, reason, since)."""
        rows = self._db.execute(
            "SELECT resource, crm_id, ext_id, message, since FROM crm_errors"
            " ORDER BY resource, crm_id"
        )
        return [tuple(r) for r in rows.fetchall()]

    def clear_crm_error(self, resource: str, crm_id: int) -> None:
        """Drop a record's refusal that is no longer true."""
        with self._transaction():
            self._set_error(resource, crm_id, None, None)

    def _release(self, resource: str, crm_id: int) -> None:
        key = self.written_key(resource, crm_id)
        self._db.execute(
            "DELETE FROM reservations WHERE resource = ? AND crm_id = ?", (resource, crm_id)
        )
        if key is not None:  # a retry due now: read again by key in the stream's next run
            now = _now()
            self._db.execute(
                "INSERT INTO bindings (stream, sage_key, synced_at, status, attempts, retry_at)"
                " VALUES (?, ?, ?, 'sending', 1, ?)"
                " ON CONFLICT (stream, sage_key) DO UPDATE SET retry_at = excluded.retry_at",
                (resource, key, now, now),
            )

    def _set_error(self, resource: str, crm_id: int, ext_id: str | None, error: str | None) -> None:
        self._db.execute(
            "DELETE FROM crm_errors WHERE resource = ? AND crm_id = ?", (resource, crm_id)
        )
        if error is not None:
            self._db.execute(
                "INSERT INTO crm_errors VALUES (?, ?, ?, ?, ?)",
                (resource, crm_id, ext_id, error, _now()),
            )

    def _move_feed(self, seq: int) -> None:
        self._db.execute(
            "INSERT INTO feed (id, after) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET after = excluded.after",
            (seq,),
        )


def _now() -> str:
    """This instant as the state stores it: UTC ISO to the second, ordered as text."""
    return datetime.now(UTC).isoformat(timespec="seconds")
