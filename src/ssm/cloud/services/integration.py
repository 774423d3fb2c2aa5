"""The connector's heartbeat (the last one per instance) and the instance's Sage company.

An instance serves exactly one Sage company. ``bind_company`` is one conditional ``UPDATE
… WHERE company_id IS NULL OR company_id = :new``: the row count decides, so two
connectors binding two companies at once cannot both win, on any database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import NotFoundError, SecondCompanyError
from ssm.cloud.models import Instance, IntegrationStatus
from ssm.cloud.schemas.integration import Company, CompanyBinding, Heartbeat, IntegrationState


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
            raise NotFoundError(messages.NO_HEARTBEAT)
        return IntegrationState(
            connector_version=row.connector_version,
            status=row.status,
            streams=row.streams,
            received_at=row.received_at,
        )


def _company(instance: Instance) -> Company:
    return Company(
        instance_id=instance.id, company_id=instance.company_id, company_name=instance.name
    )


def get_company(db: Database, instance_id: int) -> Company:
    """The instance's display name and the Sage company it is bound to (if any)."""
    with db.read() as session:
        instance = session.get_one(Instance, instance_id)
        return _company(instance)


def bind_company(db: Database, instance_id: int, binding: CompanyBinding) -> Company:
    """Bind the instance to ``binding.company_id`` and rename it ``binding.company_name``.

    Binding again to the same company only updates the name.

    Raises:
        SecondCompanyError: the instance is already bound to another company.
    """
    with db.write() as session:
        changed = session.execute(
            update(Instance)
            .where(
                Instance.id == instance_id,
                or_(Instance.company_id.is_(None), Instance.company_id == binding.company_id),
            )
            .values(company_id=binding.company_id, name=binding.company_name)
            .execution_options(synchronize_session=False)
        )
        instance = session.get_one(Instance, instance_id, populate_existing=True)
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            assert instance.company_id is not None
            raise SecondCompanyError(instance.company_id)
        return _company(instance)


STALE_AFTER = timedelta(minutes=5)
"""A heartbeat older than this shows the indicator as a warning."""


@dataclass(frozen=True, slots=True)
class Connection:
    """The connector's last heartbeat as the indicator shows it."""

    received_at: datetime | None
    status: str | None
    stale: bool


def connection_state(db: Database, instance_id: int, now: datetime) -> Connection:
    """The indicator's state: the last heartbeat, stale when older than 5 minutes or none."""
    try:
        beat = last_heartbeat(db, instance_id)
    except NotFoundError:
        return Connection(received_at=None, status=None, stale=True)
    return Connection(
        received_at=beat.received_at,
        status=beat.status,
        stale=now - beat.received_at > STALE_AFTER,
    )
