"""« Resynchroniser »: requests for the connector to resend a sales rep's records.

After inviting a rep, an administrator asks for their accounts, invoices and quotes to be
sent again, so the records reach their new owner. The request is a row of
``resync_requests``; the connector, which only makes outbound connections, lists its
instance's pending requests (``GET /api/v4/integration/requests``), does the work and
reports ``done`` or ``failed`` (``POST /api/v4/integration/requests/{id}/done``). Every
query is filtered on the caller's instance.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ssm.cloud.db import Database
from ssm.cloud.errors import ConflictError, NotFoundError
from ssm.cloud.models import RESYNC_NAMES, ResyncRequest
from ssm.cloud.schemas.resync import ResyncOutcome, ResyncRequestOut
from ssm.cloud.services.user_admin import find_user
from ssm.cloud.services.web_sessions import WebUser


def request_resync(db: Database, admin: WebUser, user_id: int, *, now: datetime) -> int:
    """Store a pending request for ``user_id``'s records; return its id.

    A pending request for the same user is reused, so a double click asks once.

    Raises:
        UserAdminError: ``not_found`` when ``user_id`` is not a user of the admin's instance.
    """
    with db.write() as session:
        user = find_user(session, admin.instance_id, user_id)
        pending = session.scalars(
            select(ResyncRequest.id).where(
                ResyncRequest.instance_id == admin.instance_id,
                ResyncRequest.user_id == user.id,
                ResyncRequest.status == "pending",
            )
        ).first()
        if pending is not None:
            return pending
        row = ResyncRequest(
            instance_id=admin.instance_id,
            user_id=user.id,
            user_ext_id=user.ext_id,
            user_email=user.email,
            entities=list(RESYNC_NAMES),
            requested_by=admin.user_id,
            requested_at=now,
            status="pending",
        )
        session.add(row)
        session.flush()
        return row.id


def _out(row: ResyncRequest) -> ResyncRequestOut:
    return ResyncRequestOut(
        id=row.id,
        entities=list(row.entities),
        user_email=row.user_email,
        user_ext_id=row.user_ext_id,
        requested_at=row.requested_at,
        status=row.status,
        done_at=row.done_at,
        detail=row.detail,
    )


def pending_requests(db: Database, instance_id: int) -> list[ResyncRequestOut]:
    """The instance's pending requests, oldest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ResyncRequest)
            .where(ResyncRequest.instance_id == instance_id, ResyncRequest.status == "pending")
            .order_by(ResyncRequest.id)
        ).all()
        return [_out(row) for row in rows]


def latest_by_user(db: Database, instance_id: int) -> dict[int, ResyncRequestOut]:
    """Per user of the instance, their latest request (the users page shows its state)."""
    with db.read() as session:
        rows = session.scalars(
            select(ResyncRequest)
            .where(ResyncRequest.instance_id == instance_id)
            .order_by(ResyncRequest.id)
        ).all()
        return {row.user_id: _out(row) for row in rows}


def complete(
    db: Database, instance_id: int, request_id: int, outcome: ResyncOutcome, *, now: datetime
) -> ResyncRequestOut:
    """Record the connector's outcome on a pending request of ``instance_id``.

    Reporting the same outcome again answers the stored request (a retried call is safe).

    Raises:
        NotFoundError: no such request in the instance.
        ConflictError: the request already ended with another status.
    """
    with db.write() as session:
        row = session.scalars(
            select(ResyncRequest).where(
                ResyncRequest.id == request_id, ResyncRequest.instance_id == instance_id
            )
        ).one_or_none()
        if row is None:
            raise NotFoundError()
        if row.status != "pending":
            if row.status != outcome.status:
                raise ConflictError()
            return _out(row)
        row.status = outcome.status
        row.detail = outcome.detail
        row.done_at = now
        session.flush()
        return _out(row)
