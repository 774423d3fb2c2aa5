"""The connector's heartbeat: the last one per instance, in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ssm.cloud import _messages
from ssm.cloud._db import Database
from ssm.cloud._models import IntegrationStatus
from ssm.cloud.errors import NotFoundError
from ssm.cloud.schemas.integration import Heartbeat, IntegrationState


def record_heartbeat(db: Database, instance_id: int, beat: Heartbeat, *, now: datetime) -> None:
    """Store ``beat`` as the instance's last heartbeat, received ``now``."""
    with db.write() as session:
        row = session.get(IntegrationStatus, instance_id)
        if row is None:
            row = IntegrationStatus(instance_id=instance_id)
            session.add(row)
        row.connector_version = beat.connector_version
        row.status = beat.status
        row.streams = beat.streams
        row.received_at = now


def last_heartbeat(db: Database, instance_id: int) -> IntegrationState:
    """The instance's last heartbeat.

    Raises:
        NotFoundError: no heartbeat was ever received for this instance.
    """
    with db.read() as session:
        row = session.execute(
            select(IntegrationStatus).where(IntegrationStatus.instance_id == instance_id)
        ).scalar_one_or_none()
        if row is None:
            raise NotFoundError(_messages.NO_HEARTBEAT)
        return IntegrationState(
            connector_version=row.connector_version,
            status=row.status,
            streams=row.streams,
            received_at=row.received_at,
        )
