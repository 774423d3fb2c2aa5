"""What the « Connecteur » page shows: the connector's state from its heartbeat, its errors.

**Running or stopped.** The connector sends a heartbeat every 30 seconds by default
(``[service] heartbeat_interval``) and a last one saying ``stopped`` when it stops. It is
« En cours » when its last heartbeat says ``running`` and arrived less than
``integration.STALE_AFTER`` (5 minutes, ten default intervals) ago; else « Arrêté ». The
« Connecté à : Sage » indicator warns after the same 5 minutes, so the two agree.

**Last pass per stream.** Each stream's figures are those of its last pass, as the
heartbeat carries them; ``finished_at`` (ISO 8601, UTC) says when that pass ended (a
connector older than this page does not send it: the time stays empty).

**Records in error** are the records the connector's last report refused
(``services.sync_status``), with the reason it gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ssm.cloud.db import Database
from ssm.cloud.errors import NotFoundError
from ssm.cloud.services.integration import STALE_AFTER, last_heartbeat
from ssm.cloud.services.sync_status import TABLES

MAX_ERRORS_SHOWN = 200
"""Most records in error the page lists (the count says how many there are)."""


@dataclass(frozen=True, slots=True)
class StreamPass:
    """One stream's last pass: when it ended, how it went and its counts."""

    stream: str
    finished_at: datetime | None
    status: str | None
    read: int
    created: int
    updated: int
    deleted: int
    failed: int


@dataclass(frozen=True, slots=True)
class RecordInError:
    """A record the connector refused: its resource, CRM id, Sage key and the reason."""

    resource: str
    record_id: int
    ext_id: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class ConnectorState:
    """The connector as the page shows it (``received_at`` None: never heard from)."""

    running: bool
    received_at: datetime | None
    version: str | None
    streams: list[StreamPass]
    errors: list[RecordInError]
    error_count: int


def _finished_at(figures: dict[str, Any]) -> datetime | None:
    value = figures.get("finished_at")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _count(figures: dict[str, Any], name: str) -> int:
    value = figures.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _stream(name: str, figures: dict[str, Any]) -> StreamPass:
    status = figures.get("status")
    return StreamPass(
        stream=name,
        finished_at=_finished_at(figures),
        status=status if isinstance(status, str) else None,
        read=_count(figures, "read"),
        created=_count(figures, "created"),
        updated=_count(figures, "updated"),
        deleted=_count(figures, "deleted"),
        failed=_count(figures, "failed"),
    )


def records_in_error(db: Database, instance_id: int) -> tuple[list[RecordInError], int]:
    """The first ``MAX_ERRORS_SHOWN`` records in error (by resource, then Sage key), and all."""
    found: list[RecordInError] = []
    total = 0
    with db.read() as session:
        for resource, model in TABLES.items():
            table: Any = model
            where = (table.instance_id == instance_id, table.sync_status == "error")
            total += session.execute(select(func.count()).where(*where)).scalar_one()
            room = MAX_ERRORS_SHOWN - len(found)
            if room <= 0:
                continue
            rows = session.execute(
                select(table.id, table.ext_id, table.sync_detail)
                .where(*where)
                .order_by(table.ext_id, table.id)
                .limit(room)
            ).all()
            found += [RecordInError(resource, id_, ext_id, why) for id_, ext_id, why in rows]
    return found, total


def connector_state(db: Database, instance_id: int, *, now: datetime) -> ConnectorState:
    """The connector's state for ``instance_id`` at ``now``."""
    errors, error_count = records_in_error(db, instance_id)
    try:
        beat = last_heartbeat(db, instance_id)
    except NotFoundError:
        return ConnectorState(False, None, None, [], errors, error_count)
    return ConnectorState(
        running=beat.status == "running" and now - beat.received_at <= STALE_AFTER,
        received_at=beat.received_at,
        version=beat.connector_version,
        streams=[_stream(name, figures) for name, figures in beat.streams.items()],
        errors=errors,
        error_count=error_count,
    )
