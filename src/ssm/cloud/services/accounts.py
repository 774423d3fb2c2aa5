"""Accounts of one instance: the bulk resource, plus create and update of one account.

Bulk upsert, delete, list and get are the shared mechanism of ``services.bulk``; this
module declares the resource and keeps the v4 single-record ``POST``/``PUT``, which resolve
the owner the same way (``salesRepExtId`` → that user, else the administrator).

An account created or changed here is not yet in Sage: its sync status becomes
``pending`` when it has an ``extId`` (the connector will confirm it by an upsert) and
``not_synced`` when it has none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import InvalidRequestError, NotFoundError
from ssm.cloud.models import Account as AccountRow
from ssm.cloud.schemas.accounts import FIELDS, WRITABLE_FIELDS, AccountCreate, AccountPatch
from ssm.cloud.services.bulk import Pending, Resource, resolve_owners


class Accounts(Resource):
    """Customer and prospect companies (Sage ``F_COMPTET``), keyed by ``CT_Num``."""

    name = "accounts"
    model = AccountRow
    fields = FIELDS
    label = "un compte"
    computed = ("owner_id",)
    has_owner = True


ACCOUNTS = Accounts()


def crm_edit_status(ext_id: str | None) -> dict[str, Any]:
    """The sync columns of a record written through the CRM API, not by the connector."""
    return {"sync_status": "pending" if ext_id else "not_synced", "sync_detail": None}


def create_account(db: Database, instance_id: int, body: AccountCreate, *, now: datetime) -> int:
    """Create one account and return its id.

    Raises:
        InvalidRequestError: another account of the instance has this ``extId``.
    """
    values: dict[str, Any] = ACCOUNTS.defaults | body.changes()
    pending = Pending(0, body.ext_id or "", values, row=values)
    try:
        with db.write() as session:
            resolve_owners(session, instance_id, [pending])
            return session.execute(
                insert(AccountRow).returning(AccountRow.id),
                pending.row
                | {"instance_id": instance_id, "date_created": now}
                | crm_edit_status(pending.row.get("ext_id")),
            ).scalar_one()
    except IntegrityError as exc:
        raise InvalidRequestError(
            messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
        ) from exc


def update_account(
    db: Database, instance_id: int, account_id: int, body: AccountPatch, *, now: datetime
) -> None:
    """Apply a partial update; ``dateUpdated`` moves only if a value really changed.

    Raises:
        NotFoundError: no such account in this instance.
        InvalidRequestError: the new ``extId`` belongs to another account.
    """
    try:
        with db.write() as session:
            stored = (
                session.execute(
                    select(*ACCOUNTS.stored_columns).where(
                        AccountRow.instance_id == instance_id, AccountRow.id == account_id
                    )
                )
                .mappings()
                .one_or_none()
            )
            if stored is None:
                raise NotFoundError()
            row = {name: stored[name] for name in WRITABLE_FIELDS} | body.changes()
            pending = Pending(0, row["ext_id"] or "", body.changes(), row=row)
            resolve_owners(session, instance_id, [pending])
            changed = {k: v for k, v in pending.row.items() if stored[k] != v}
            if changed:
                session.execute(
                    update(AccountRow)
                    .where(AccountRow.id == account_id)
                    .values(**changed, date_updated=now, **crm_edit_status(pending.row["ext_id"]))
                )
    except IntegrityError as exc:
        raise InvalidRequestError(
            messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
        ) from exc
