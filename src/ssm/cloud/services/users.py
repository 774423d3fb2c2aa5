"""Users of an instance as a bulk resource: Sage sales reps, matched by e-mail.

A rep whose e-mail belongs to a user without ``extId`` (the administrator created at
activation, or a user created in the CRM) binds to that user instead of creating a second
one. An e-mail already used by another user, or twice in one batch, is refused with
``duplicate_email``: the table has one address per user and instance.

Records follow their rep: when a rep appears (created, bound by e-mail, or restored) the
records carrying their ``salesRepExtId`` move to them, and when reps are deleted their
records fall back to the administrator, in the upsert's or delete's transaction
(``reresolve_owners``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Table, func, or_, select, update
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud.models import Base, User
from ssm.cloud.schemas.fields import ItemProblem
from ssm.cloud.schemas.users import FIELDS
from ssm.cloud.services.bulk import Pending, Resource

OWNED_TABLES: tuple[Table, ...] = tuple(
    table
    for table in Base.metadata.sorted_tables
    if "sales_rep_ext_id" in table.c and "owner_id" in table.c
)
"""The tables whose ``owner_id`` is resolved from ``sales_rep_ext_id``.

They are the tables of the ``has_owner`` resources of ``RESOURCES``
(``test_owners_follow_reps`` checks it), read from the models: services cannot import
``resources.py``, which imports them.
"""


def _duplicate(email: str) -> ItemProblem:
    return ItemProblem("duplicate_email", messages.DUPLICATE_EMAIL.format(email=email))


class Users(Resource):
    """Sales reps (Sage ``F_COLLABORATEUR``), keyed by ``CO_No``, matched by e-mail."""

    name = "users"
    model = User
    fields = FIELDS
    label = "un utilisateur"
    read_only = ("invited",)

    def prepare(self, pendings: list[Pending]) -> None:
        """The later of two items with one e-mail is ``duplicate_email``."""
        seen: set[str] = set()
        for pending in pendings:
            email = pending.values.get("email")
            if email is None:
                continue
            if email in seen:
                pending.error = _duplicate(email)
            seen.add(email)

    def load_existing(
        self, session: Session, instance_id: int, pendings: list[Pending]
    ) -> dict[str, RowMapping]:
        """Stored users by ``extId``, else by e-mail when that user has no ``extId`` yet."""
        ext_ids = [pending.ext_id for pending in pendings]
        emails = [p.values["email"] for p in pendings if p.values.get("email") is not None]
        rows = list(
            session.execute(
                select(*self.stored_columns).where(
                    User.instance_id == instance_id,
                    or_(User.ext_id.in_(ext_ids), func.lower(User.email).in_(emails)),
                )
            ).mappings()
        )
        by_ext_id = {row["ext_id"]: row for row in rows if row["ext_id"] is not None}
        by_email = {row["email"].lower(): row for row in rows if row["email"] is not None}
        existing: dict[str, RowMapping] = {}
        for pending in pendings:
            email = pending.values.get("email")
            holder = None if email is None else by_email.get(email)
            stored = by_ext_id.get(pending.ext_id)
            if stored is None and holder is not None and holder["ext_id"] is None:
                stored = holder
            elif holder is not None and (stored is None or holder["id"] != stored["id"]):
                pending.error = _duplicate(str(email))
                continue
            if stored is not None:
                existing[pending.ext_id] = stored
        return existing

    def after_write(
        self, session: Session, instance_id: int, written: list[Pending], now: datetime
    ) -> None:
        """Records of the reps who just appeared (new, bound by e-mail, restored) move to them."""
        arrived = [
            pending.ext_id
            for pending in written
            if pending.stored is None
            or pending.stored["deleted"]
            or pending.stored["ext_id"] != pending.ext_id
        ]
        reresolve_owners(session, instance_id, now=now, reps=arrived)

    def after_delete(
        self, session: Session, instance_id: int, record_ids: list[int], now: datetime
    ) -> None:
        """Records of the deleted users fall back to the administrator."""
        reresolve_owners(session, instance_id, now=now, owners=record_ids)


def reresolve_owners(
    session: Session,
    instance_id: int,
    *,
    now: datetime,
    reps: Collection[str] = (),
    owners: Collection[int] = (),
) -> None:
    """Resolve again the owner of stored records whose rep is in ``reps`` or owner in ``owners``.

    The rule is ``bulk.resolve_owners``'s (the live user whose ``extId`` is the
    record's ``salesRepExtId``, else the first administrator), written as one set-based
    ``UPDATE`` per owned table that touches only the records whose owner changes (their
    ``dateUpdated`` moves, as for any change of ``ownerId``).

    Why: an owner is computed when its record is written, and the connector never re-sends
    a record it already sent unchanged. Without this, accounts sent before their rep (a
    users stream that failed on the first sync) would stay with the administrator, and
    those of a deleted rep with a user who can no longer sign in, until a resync.
    """
    if not reps and not owners:
        return
    admin = session.execute(
        select(User.id)
        .where(User.instance_id == instance_id, User.role == "administrator")
        .order_by(User.id)
        .limit(1)
    ).scalar_one_or_none()
    for table in OWNED_TABLES:
        columns = table.c
        rep_user = (
            select(User.id)
            .where(
                User.instance_id == instance_id,
                User.ext_id == columns.sales_rep_ext_id,
                User.deleted.is_(False),
            )
            .scalar_subquery()
        )
        owner: ColumnElement[Any] = rep_user if admin is None else func.coalesce(rep_user, admin)
        concerned: list[ColumnElement[bool]] = []
        if reps:
            concerned.append(columns.sales_rep_ext_id.in_(sorted(reps)))
        if owners:
            concerned.append(columns.owner_id.in_(sorted(owners)))
        session.execute(
            update(table)
            .where(
                columns.instance_id == instance_id,
                or_(*concerned),
                columns.owner_id.is_distinct_from(owner),
            )
            .values(owner_id=owner, date_updated=now)
        )


USERS = Users()
