"""Accounts of one instance: the bulk resource, plus create and update of one account.

Bulk upsert, delete, list and get are the shared mechanism of ``services.bulk``; this
module declares the resource and keeps the v4 single-record ``POST``/``PUT``, which resolve
the owner the same way (``salesRepExtId`` → that user, else the administrator).

These are the CRM's writes, so Sage's rules apply: only prospects are created or changed
here (Sage 100 masters clients and alone converts a prospect into one), and every write adds
an entry to the change feed (``services.changes``) for the connector to take to Sage. An
account created or changed here is not yet in Sage: its sync status becomes ``pending``
until the connector confirms it (an upsert, or ``PUT /accounts/{id}/extId`` for a new one).
The web app's pages call the same functions with the signed-in person as ``author``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import InvalidRequestError, MasteredBySageError, NotFoundError
from ssm.cloud.models import Account as AccountRow
from ssm.cloud.models import User
from ssm.cloud.schemas.accounts import FIELDS, WRITABLE_FIELDS, AccountCreate, AccountPatch
from ssm.cloud.services.bulk import Pending, Resource, resolve_owners
from ssm.cloud.services.changes import CRM_EDIT_STATUS, Author, record_change, record_edit


class Accounts(Resource):
    """Customer and prospect companies (Sage ``F_COMPTET``), keyed by ``CT_Num``."""

    name = "accounts"
    model = AccountRow
    fields = FIELDS
    label = "un compte"
    computed = ("owner_id",)
    has_owner = True


ACCOUNTS = Accounts()


def sales_rep_of(db: Database, instance_id: int, user_id: int) -> str | None:
    """The Sage rep (``CO_No``) a user is bound to, ``None`` for a user made in the CRM.

    A prospect a person creates in the web app gets this as its ``salesRepExtId``, so
    Sage 100 files it under their name and ``resolve_owners`` makes them its owner, as
    for every record Sage sends.
    """
    with db.read() as session:
        return session.execute(
            select(User.ext_id).where(User.instance_id == instance_id, User.id == user_id)
        ).scalar_one_or_none()


def create_account(
    db: Database, instance_id: int, body: AccountCreate, *, author: Author, now: datetime
) -> int:
    """Create one prospect and return its id.

    Raises:
        MasteredBySageError: the body asks for a client.
        InvalidRequestError: another account of the instance has this ``extId``.
    """
    if body.account_type == "client":
        raise MasteredBySageError(messages.CLIENT_CREATED_IN_SAGE)
    values: dict[str, Any] = ACCOUNTS.defaults | body.changes()
    pending = Pending(0, body.ext_id or "", values, row=values)
    try:
        with db.write() as session:
            resolve_owners(session, instance_id, [pending])
            new_id = session.execute(
                insert(AccountRow).returning(AccountRow.id),
                pending.row | {"instance_id": instance_id, "date_created": now} | CRM_EDIT_STATUS,
            ).scalar_one()
            record_change(
                session, instance_id, "accounts", new_id, "created", author=author, now=now
            )
            return new_id
    except IntegrityError as exc:
        raise InvalidRequestError(
            messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
        ) from exc


def update_account(
    db: Database,
    instance_id: int,
    account_id: int,
    body: AccountPatch,
    *,
    author: Author,
    now: datetime,
) -> None:
    """Apply a partial update to a prospect; ``dateUpdated`` moves only on a real change.

    Raises:
        NotFoundError: no such account in this instance.
        MasteredBySageError: the account is a client, or the body makes the prospect one.
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
            if stored["account_type"] == "client":
                raise MasteredBySageError(messages.CLIENT_MASTERED_BY_SAGE)
            if body.account_type == "client":
                raise MasteredBySageError(messages.PROSPECT_CONVERTED_IN_SAGE)
            row = {name: stored[name] for name in WRITABLE_FIELDS} | body.changes()
            pending = Pending(0, row["ext_id"] or "", body.changes(), row=row)
            resolve_owners(session, instance_id, [pending])
            changed = {k: v for k, v in pending.row.items() if stored[k] != v}
            record_edit(
                session,
                instance_id,
                "accounts",
                account_id,
                changed,
                before=stored,
                author=author,
                now=now,
            )
    except IntegrityError as exc:
        raise InvalidRequestError(
            messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
        ) from exc
