"""Accounts of one instance: list, get, create, update and bulk upsert by ``extId``.

Every query filters on the caller's ``instance_id``: that filter is the tenant isolation, so
a record of another instance is indistinguishable from a missing one.

The upsert is built for throughput (the connector pushes whole Sage tables through it): one
``SELECT`` of the existing rows by ``extId IN (...)``, one multi-row ``INSERT``, one
executemany ``UPDATE``, one transaction; no round trip per item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Row, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ssm.cloud import _messages
from ssm.cloud._db import Database
from ssm.cloud._models import Account as AccountRow
from ssm.cloud.errors import InvalidRequestError, NotFoundError
from ssm.cloud.schemas.accounts import (
    WRITABLE_FIELDS,
    Account,
    AccountCreate,
    AccountPatch,
    AccountUpsertItem,
    ItemError,
    UpsertResult,
)

MAX_UPSERT_ITEMS = 200
"""Largest upsert batch, as the v4 bulk endpoints."""

_COLUMNS = [getattr(AccountRow, name) for name in ("id", *WRITABLE_FIELDS)] + [
    AccountRow.date_created,
    AccountRow.date_updated,
    AccountRow.deleted,
    AccountRow.date_deleted,
]
_TABLE = cast(Table, AccountRow.__table__)
_UPDATED_COLUMNS = (*WRITABLE_FIELDS, "date_updated", "deleted", "date_deleted")
_UPDATE_BY_ID = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values({name: bindparam(name) for name in _UPDATED_COLUMNS})
)
"""One executemany statement that rewrites a whole row, whatever changed in it."""
_DEFAULTS: dict[str, object] = {name: None for name in WRITABLE_FIELDS} | {
    "account_type": "prospect",
    "sleeping": False,
    "read_only": False,
}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, with what the paging headers need."""

    items: list[Account]
    page: int
    size: int
    total: int

    @property
    def next_page(self) -> int:
        """The next page number, or -1 when this is the last one."""
        return self.page + 1 if (self.page + 1) * self.size < self.total else -1


def _to_account(row: Row[Any]) -> Account:
    return Account.model_validate(row._mapping)


def list_accounts(db: Database, instance_id: int, *, page: int, size: int) -> Page:
    """One page of the instance's accounts, deleted ones included, ordered by ``id``."""
    with db.read() as session:
        total = session.execute(
            select(func.count())
            .select_from(AccountRow)
            .where(AccountRow.instance_id == instance_id)
        ).scalar_one()
        rows = session.execute(
            select(*_COLUMNS)
            .where(AccountRow.instance_id == instance_id)
            .order_by(AccountRow.id)
            .offset(page * size)
            .limit(size)
        ).all()
    return Page(items=[_to_account(row) for row in rows], page=page, size=size, total=total)


def get_account(db: Database, instance_id: int, account_id: int) -> Account:
    """The account ``account_id`` of the instance.

    Raises:
        NotFoundError: no such account in this instance.
    """
    with db.read() as session:
        row = session.execute(
            select(*_COLUMNS).where(
                AccountRow.instance_id == instance_id, AccountRow.id == account_id
            )
        ).one_or_none()
    if row is None:
        raise NotFoundError()
    return _to_account(row)


def create_account(db: Database, instance_id: int, body: AccountCreate, *, now: datetime) -> int:
    """Create one account and return its id.

    Raises:
        InvalidRequestError: another account of the instance has this ``extId``.
    """
    values = _DEFAULTS | body.changes() | {"instance_id": instance_id, "date_created": now}
    try:
        with db.write() as session:
            return session.execute(insert(AccountRow).returning(AccountRow.id), values).scalar_one()
    except IntegrityError as exc:
        raise InvalidRequestError(
            _messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
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
            row = session.execute(
                select(*_COLUMNS).where(
                    AccountRow.instance_id == instance_id, AccountRow.id == account_id
                )
            ).one_or_none()
            if row is None:
                raise NotFoundError()
            changed = {k: v for k, v in body.changes().items() if row._mapping[k] != v}
            if changed:
                session.execute(
                    update(AccountRow)
                    .where(AccountRow.id == account_id)
                    .values(**changed, date_updated=now)
                )
    except IntegrityError as exc:
        raise InvalidRequestError(
            _messages.DUPLICATE_EXT_ID_EXISTS.format(ext_id=body.ext_id)
        ) from exc


def _item_error(raw: object, exc: ValidationError) -> UpsertResult:
    """Turn the first validation problem of an item into a stable code and French message."""
    ext_id = raw.get("extId") if isinstance(raw, dict) else None
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "?"
    kind = first["type"]
    ctx = first.get("ctx", {})
    if kind == "missing":
        error = ItemError(code="missing_field", message=_messages.FIELD_MISSING.format(field=field))
    elif kind == "string_too_long":
        message = _messages.FIELD_TOO_LONG.format(field=field, limit=ctx.get("max_length"))
        error = ItemError(code="field_too_long", message=message)
    elif kind == "string_too_short":
        message = _messages.FIELD_TOO_SHORT.format(field=field)
        error = ItemError(code="field_empty", message=message)
    elif kind == "extra_forbidden":
        error = ItemError(code="unknown_field", message=_messages.FIELD_UNKNOWN.format(field=field))
    elif kind == "model_type":
        error = ItemError(code="invalid_item", message=_messages.ITEM_NOT_OBJECT)
    else:
        message = _messages.FIELD_INVALID.format(field=field, detail=first["msg"])
        error = ItemError(code="invalid_field", message=message)
    return UpsertResult(
        ext_id=ext_id if isinstance(ext_id, str) else None, id=None, status="error", error=error
    )


def upsert_accounts(
    db: Database, instance_id: int, raw_items: Sequence[object], *, now: datetime
) -> list[UpsertResult]:
    """Create or update accounts by ``extId``; one result per item, in order.

    Each item is validated on its own: an invalid one gets ``status="error"`` and the others
    still go through. A second item with the same ``extId`` in one batch is an error
    (``duplicate_ext_id``); the first occurrence is applied. Fields an item omits keep their
    stored value; ``null`` clears an optional field. An item whose values all equal the
    stored ones is ``unchanged`` and not written (``dateUpdated`` does not move). Upserting a
    deleted account restores it (``updated``).

    Raises:
        InvalidRequestError: more than ``MAX_UPSERT_ITEMS`` items.
    """
    if len(raw_items) > MAX_UPSERT_ITEMS:
        raise InvalidRequestError(
            _messages.TOO_MANY_ITEMS.format(limit=MAX_UPSERT_ITEMS, count=len(raw_items))
        )
    results: list[UpsertResult | None] = [None] * len(raw_items)
    wanted: dict[str, tuple[int, dict[str, object]]] = {}
    for index, raw in enumerate(raw_items):
        try:
            item = AccountUpsertItem.model_validate(raw)
        except ValidationError as exc:
            results[index] = _item_error(raw, exc)
            continue
        if item.ext_id in wanted:
            message = _messages.DUPLICATE_EXT_ID.format(ext_id=item.ext_id)
            error = ItemError(code="duplicate_ext_id", message=message)
            results[index] = UpsertResult(ext_id=item.ext_id, id=None, status="error", error=error)
            continue
        wanted[item.ext_id] = (index, item.changes())
    if wanted:
        try:
            _write_batch(db, instance_id, wanted, results, now)
        except IntegrityError:
            # Another worker created one of these extIds between our SELECT and INSERT
            # (possible on PostgreSQL; SQLite serialises writers). Once more sees it.
            _write_batch(db, instance_id, wanted, results, now)
    return [result for result in results if result is not None]


def _write_batch(
    db: Database,
    instance_id: int,
    wanted: dict[str, tuple[int, dict[str, object]]],
    results: list[UpsertResult | None],
    now: datetime,
) -> None:
    """Compare with stored rows, then insert and update in one transaction."""
    with db.write() as session:
        existing = {
            row.ext_id: row
            for row in session.execute(
                select(*_COLUMNS).where(
                    AccountRow.instance_id == instance_id, AccountRow.ext_id.in_(list(wanted))
                )
            )
        }
        inserts: list[dict[str, object]] = []
        insert_indexes: list[tuple[int, str]] = []
        updates: list[dict[str, object]] = []
        for ext_id, (index, values) in wanted.items():
            row = existing.get(ext_id)
            if row is None:
                inserts.append(
                    _DEFAULTS | values | {"instance_id": instance_id, "date_created": now}
                )
                insert_indexes.append((index, ext_id))
                continue
            stored = row._mapping
            changed = any(stored[name] != value for name, value in values.items())
            if changed or stored["deleted"]:
                new_row = {name: stored[name] for name in WRITABLE_FIELDS} | values
                new_row |= {"row_id": stored["id"], "date_updated": now}
                new_row |= {"deleted": False, "date_deleted": None}
                updates.append(new_row)
                status = "updated"
            else:
                status = "unchanged"
            results[index] = UpsertResult(ext_id=ext_id, id=stored["id"], status=status)
        if inserts:
            # A plain executemany, then one SELECT for the new ids: INSERT ... RETURNING
            # in parameter order makes SQLAlchemy fall back to one statement per row.
            session.execute(insert(_TABLE), inserts)
            new_ids = {
                ext_id: new_id
                for ext_id, new_id in session.execute(
                    select(AccountRow.ext_id, AccountRow.id).where(
                        AccountRow.instance_id == instance_id,
                        AccountRow.ext_id.in_([ext_id for _, ext_id in insert_indexes]),
                    )
                )
            }
            for index, ext_id in insert_indexes:
                results[index] = UpsertResult(ext_id=ext_id, id=new_ids[ext_id], status="created")
        if updates:
            session.execute(_UPDATE_BY_ID, updates)
