"""The shared mechanism of bulk resources: upsert and delete by ``extId``, list, get.

A resource (accounts, users, contacts, products, invoices) is a ``Resource``: its table, its
writable fields (``schemas.fields.Writable``), the columns it computes at write time
(``owner_id`` from ``salesRepExtId``, ``account_id`` from ``accountExtId``) and a few hooks a
subclass overrides. Everything else is here, once.

Every query filters on the caller's ``instance_id``: that filter is the tenant isolation, so
a record of another instance is indistinguishable from a missing one.

A 200-item upsert batch costs, in one transaction: one ``SELECT`` of the stored rows by
``extId`` (the batch's list as one parameter, ``db.OneOf``), one query per reference to
resolve (owners: one query for the whole batch), one multi-row ``INSERT … RETURNING`` that
gives the new ids, one executemany ``UPDATE``; no statement per item. Results and rows are
plain dicts: the API renders them with orjson, without a pydantic model per record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from pydantic.alias_generators import to_camel
from sqlalchemy import (
    Column,
    Date,
    RowMapping,
    Table,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud._text import NUL
from ssm.cloud.db import Database, OneOf, executemany, insert_returning
from ssm.cloud.errors import InvalidRequestError, NotFoundError
from ssm.cloud.models import Account, Base, User, UTCDateTime
from ssm.cloud.schemas.fields import ColumnCheck, ItemProblem, ItemValidator, Writable, defaults
from ssm.cloud.services.scoped_reads import counted_slice, scope
from ssm.cloud.types import format_utc

MAX_BATCH_ITEMS = 200
"""Largest upsert or delete batch, as the v4 bulk endpoints."""

_AUDIT = ("date_created", "date_updated", "deleted", "date_deleted")

SYNC_COLUMNS = ("sync_status", "synced_at", "sync_detail")
"""What a connector's upsert sets on a sync-tracked record: ``synced``, now, no detail."""

_USERS = cast(Table, User.__table__)
_ACCOUNTS = cast(Table, Account.__table__)
"""Lookups select the tables' Core columns: with the ORM's attributes, SQLAlchemy loads
each fetched row through the ORM's machinery, which costs more than the query itself.
They fetch with ``.all()``: iterating a result fetches one row per driver call."""
_ACCOUNT_IDS = select(_ACCOUNTS.c.ext_id, _ACCOUNTS.c.id).where(
    _ACCOUNTS.c.instance_id == bindparam("instance_id"),
    OneOf(_ACCOUNTS.c.ext_id, "ext_ids"),
)
"""Built once: an ``in_`` of a list coerces each of its values every time it is built."""
_OWNERS = (
    select(_USERS.c.ext_id, _USERS.c.id, _USERS.c.role)
    .where(
        _USERS.c.instance_id == bindparam("instance_id"),
        or_(
            _USERS.c.role == "administrator",
            OneOf(_USERS.c.ext_id, "reps") & _USERS.c.deleted.is_(False),
        ),
    )
    .order_by(_USERS.c.id)
)
"""The administrators and the live users of the ``reps`` extIds (none: an empty list)."""

Result = dict[str, Any]
"""One per-item result: ``{"extId", "id", "status", "error"}``."""


@dataclass(slots=True)
class Pending:
    """One valid item of a batch on its way to the database."""

    index: int
    ext_id: str
    values: dict[str, Any]
    stored: RowMapping | None = None
    row: dict[str, Any] = field(default_factory=dict)
    error: ItemProblem | None = None
    status: str = "unchanged"
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, with what the paging headers need."""

    items: list[dict[str, Any]]
    page: int
    size: int
    total: int

    @property
    def next_page(self) -> int:
        """The next page number, or -1 when this is the last one."""
        return self.page + 1 if (self.page + 1) * self.size < self.total else -1


def error_result(ext_id: object, problem: ItemProblem) -> Result:
    """The result of a refused item."""
    return {
        "extId": ext_id if isinstance(ext_id, str) else None,
        "id": None,
        "status": "error",
        "error": {"code": problem.code, "message": problem.message},
    }


def check_batch_size(items: Sequence[object]) -> None:
    """Refuse a batch of more than ``MAX_BATCH_ITEMS`` (422)."""
    if len(items) > MAX_BATCH_ITEMS:
        raise InvalidRequestError(
            messages.TOO_MANY_ITEMS.format(limit=MAX_BATCH_ITEMS, count=len(items))
        )


def _renderer(column: Column[Any]) -> Any:
    if isinstance(column.type, UTCDateTime):
        return lambda value: None if value is None else format_utc(value)
    if isinstance(column.type, Date):
        return lambda value: None if value is None else value.isoformat()
    return None


class Resource:
    """One bulk resource: a plain instance, or a subclass that overrides hooks.

    A resource the shared mechanism serves as it is needs no class of its own: it is an
    instance built with its attributes, ``Resource("notes", Note, fields=FIELDS,
    label="une note")``. A resource that needs more subclasses this, sets the same
    attributes on the class and overrides the hooks, each called once per batch inside
    the write transaction:

    - ``load_existing``: the stored row of each item (default: by ``extId IN (...)``);
    - ``resolve``: fill computed columns of ``pending.row`` or set ``pending.error``;
    - ``children_changed`` / ``write_children``: nested records (invoice lines);
    - ``after_write`` / ``after_delete``: what other tables owe to a write (users: owners).
    """

    name: str
    """URL name (``accounts``)."""
    model: type[Base]
    fields: tuple[Writable, ...]
    label: str
    """French noun with its article, for messages ("un compte")."""
    computed: tuple[str, ...] = ()
    """Columns the cloud computes at write time, read-only for clients."""
    read_only: tuple[str, ...] = ()
    """Further columns returned but never written by an upsert."""
    has_owner: bool = False
    """``owner_id`` is resolved from ``sales_rep_ext_id``."""
    has_account: bool = False
    """``account_id`` is resolved from ``account_ext_id``; an unknown one refuses the item."""

    def __init__(
        self,
        name: str | None = None,
        model: type[Base] | None = None,
        *,
        fields: tuple[Writable, ...] | None = None,
        label: str | None = None,
        computed: tuple[str, ...] | None = None,
        read_only: tuple[str, ...] | None = None,
        has_owner: bool | None = None,
        has_account: bool | None = None,
    ) -> None:
        """Set the attributes given (a plain resource), keep the class's for the others."""
        given = {
            "name": name,
            "model": model,
            "fields": fields,
            "label": label,
            "computed": computed,
            "read_only": read_only,
            "has_owner": has_owner,
            "has_account": has_account,
        }
        for attribute, value in given.items():
            if value is not None:
                setattr(self, attribute, value)
        self.table = cast(Table, self.model.__table__)
        self.validator = ItemValidator(self.fields, self.label, self.nested_checks())
        self.writable = tuple(spec.name for spec in self.fields)
        self.defaults = defaults(self.fields)
        self.compared = (*self.writable, *self.computed)
        read = ("id", *self.writable, *self.computed, *self.read_only, *_AUDIT)
        columns = self.table.c
        self.read_columns = [columns[name] for name in read]
        self.renderers = [(to_camel(name), name, _renderer(columns[name])) for name in read]
        self.tracks_sync = "sync_status" in columns
        """The table has the sync status columns (``models.SyncTracked``)."""
        sync = SYNC_COLUMNS if self.tracks_sync else ()
        stored = ("id", *self.compared, "deleted", *sync[:1])
        self.stored_columns = [columns[name] for name in stored]
        self._stored_statement = select(*self.stored_columns, columns.ext_id).where(
            columns.instance_id == bindparam("instance_id"),
            OneOf(columns.ext_id, "ext_ids"),
        )
        self._insert_statement = insert(self.table)
        self._deleted_statement = select(columns.ext_id, columns.id, columns.deleted).where(
            columns.instance_id == bindparam("instance_id"),
            OneOf(columns.ext_id, "ext_ids"),
        )
        self._insert_keys = (*self.compared, "instance_id", "date_created", *sync)
        self._update_keys = (
            *self.compared,
            "row_id",
            "date_updated",
            "deleted",
            "date_deleted",
            *sync,
        )
        self.update_statement = (
            update(self.table)
            .where(columns.id == bindparam("row_id"))
            .values({name: bindparam(name) for name in self._update_keys if name != "row_id"})
        )
        self._confirm_keys = ("row_id", *sync)
        self._confirm_statement = (
            update(self.table)
            .where(columns.id == bindparam("row_id"))
            .values({name: bindparam(name) for name in sync})
        )

    # --- hooks -------------------------------------------------------------------------

    def nested_checks(self) -> dict[str, ColumnCheck]:
        """Extra JSON keys of an item and their column checks (invoice ``lines``)."""
        return {}

    def prepare(self, pendings: list[Pending]) -> None:
        """Batch-level checks before the database (e.g. one e-mail twice in a batch)."""

    def load_existing(
        self, session: Session, instance_id: int, pendings: list[Pending]
    ) -> dict[str, RowMapping]:
        """The stored row of each pending item, by the item's ``extId``."""
        rows = session.execute(
            self._stored_statement,
            {"instance_id": instance_id, "ext_ids": [pending.ext_id for pending in pendings]},
        ).mappings()
        return {row["ext_id"]: row for row in rows.all()}

    def resolve(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Compute ``account_id``, then ``owner_id`` of the items still valid, for the batch.

        A subclass with more references calls this first (invoice lines' products).
        """
        if self.has_account:
            resolve_accounts(session, instance_id, pendings)
        if self.has_owner:
            resolve_owners(session, instance_id, [p for p in pendings if p.error is None])

    def children_changed(self, pending: Pending) -> bool:
        """Whether nested records of a stored item differ from the sent ones."""
        return False

    def load_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Read what ``children_changed`` compares, for the whole batch."""

    def write_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Write nested records of created and changed items (ids are set)."""

    def after_write(
        self, session: Session, instance_id: int, written: list[Pending], now: datetime
    ) -> None:
        """Follow-up of the created and updated items (ids set), in the same transaction."""

    def after_delete(
        self, session: Session, instance_id: int, record_ids: list[int], now: datetime
    ) -> None:
        """Follow-up of the records this call soft-deleted, in the same transaction."""

    def render_one(self, session: Session, instance_id: int, record: dict[str, Any]) -> None:
        """Add nested records to one record read by ``get`` (invoice lines)."""

    # --- reads -------------------------------------------------------------------------

    def render(self, row: RowMapping) -> dict[str, Any]:
        """A stored row as API JSON (camelCase keys, ISO timestamps)."""
        return {
            key: (value if render is None or value is None else render(value))
            for key, name, render in self.renderers
            for value in (row[name],)
        }

    def list_records(
        self, db: Database, instance_id: int, *, page: int, size: int, deleted: bool | None = None
    ) -> Page:
        """One page of the instance's records ordered by ``id``; ``deleted`` filters if given."""
        columns = self.table.c
        query = select(*self.read_columns).order_by(columns.id)
        with db.read() as session:
            rows, total = counted_slice(
                session,
                query,
                scope(columns, instance_id, deleted=deleted),
                offset=page * size,
                limit=size,
            )
            items = [self.render(row) for row in rows]
        return Page(items=items, page=page, size=size, total=total)

    def get_record(self, db: Database, instance_id: int, record_id: int) -> dict[str, Any]:
        """One record of the instance.

        Raises:
            NotFoundError: no such record in this instance.
        """
        columns = self.table.c
        with db.read() as session:
            row = (
                session.execute(
                    select(*self.read_columns).where(
                        columns.id == record_id, *scope(columns, instance_id)
                    )
                )
                .mappings()
                .one_or_none()
            )
            if row is None:
                raise NotFoundError()
            record = self.render(row)
            self.render_one(session, instance_id, record)
        return record

    # --- upsert ------------------------------------------------------------------------

    def upsert(
        self, db: Database, instance_id: int, raw_items: Sequence[object], *, now: datetime
    ) -> list[Result]:
        """Create or update records by ``extId``; one result per item, in order.

        Each item is validated on its own: an invalid one gets ``status="error"`` and the
        others still go through. A second item with the same ``extId`` in one batch is an
        error (``duplicate_ext_id``); the first occurrence is applied. Fields an item omits
        keep their stored value (default on create); ``null`` clears an optional field. An
        item equal to what is stored is ``unchanged`` and not written. Upserting a deleted
        record restores it (``updated``).

        Raises:
            InvalidRequestError: more than ``MAX_BATCH_ITEMS`` items.
        """
        check_batch_size(raw_items)
        results: list[Result | None] = [None] * len(raw_items)
        pendings: list[Pending] = []
        seen: set[str] = set()
        for index, (raw, values) in enumerate(
            zip(raw_items, self.validator.validate_all(raw_items), strict=True)
        ):
            if isinstance(values, ItemProblem):
                results[index] = error_result(
                    raw.get("extId") if isinstance(raw, dict) else None, values
                )
                continue
            ext_id = values["ext_id"]
            if ext_id in seen:
                problem = ItemProblem(
                    "duplicate_ext_id", messages.DUPLICATE_EXT_ID.format(ext_id=ext_id)
                )
                results[index] = error_result(ext_id, problem)
                continue
            seen.add(ext_id)
            pendings.append(Pending(index, ext_id, values))
        self.prepare(pendings)
        live = [pending for pending in pendings if pending.error is None]
        if live:
            try:
                self._write_batch(db, instance_id, live, now)
            except IntegrityError:
                # Another worker created one of these extIds between our SELECT and INSERT
                # (possible on PostgreSQL; SQLite serialises writers). Once more sees it.
                for pending in live:
                    pending.error, pending.status, pending.id = None, "unchanged", None
                self._write_batch(db, instance_id, live, now)
        for pending in pendings:
            if pending.error is not None:
                results[pending.index] = error_result(pending.ext_id, pending.error)
            else:
                results[pending.index] = {
                    "extId": pending.ext_id,
                    "id": pending.id,
                    "status": pending.status,
                    "error": None,
                }
        return [result for result in results if result is not None]

    def _write_batch(
        self, db: Database, instance_id: int, pendings: list[Pending], now: datetime
    ) -> None:
        with db.write() as session:
            existing = self.load_existing(session, instance_id, pendings)
            writable, base = self.writable, self.defaults
            for pending in pendings:
                if pending.error is not None:
                    continue
                stored = existing.get(pending.ext_id)
                pending.stored = stored
                if stored is None:
                    pending.row = base | pending.values
                else:
                    pending.row = {name: stored[name] for name in writable} | pending.values
            valid = [pending for pending in pendings if pending.error is None]
            self.resolve(session, instance_id, valid)
            valid = [pending for pending in valid if pending.error is None]
            self.load_children(session, instance_id, valid)
            # Rows go to ``executemany`` as tuples named by the ``*_keys`` of ``__init__``.
            inserts: list[tuple[Any, ...]] = []
            created: list[Pending] = []
            updates: list[tuple[Any, ...]] = []
            changed: list[Pending] = []
            compared = self.compared
            synced = ("synced", now, None) if self.tracks_sync else ()
            inserted = (instance_id, now, *synced)
            restored = (now, False, None, *synced)
            confirms: list[tuple[Any, ...]] = []
            for pending in valid:
                stored, row = pending.stored, pending.row
                if stored is None:
                    inserts.append((*map(row.get, compared), *inserted))
                    created.append(pending)
                    pending.status = "created"
                    continue
                pending.id = stored["id"]
                if (
                    stored["deleted"]
                    or any(stored[name] != row.get(name) for name in compared)
                    or self.children_changed(pending)
                ):
                    updates.append((*map(row.get, compared), stored["id"], *restored))
                    pending.status = "updated"
                    changed.append(pending)
                elif synced and stored["sync_status"] != "synced":
                    # Unchanged, but the connector now confirms a pending or refused record.
                    confirms.append((stored["id"], *synced))
            if inserts:
                new_ids = dict(
                    insert_returning(
                        session,
                        self.table,
                        self._insert_statement,
                        list(zip(*inserts, strict=True)),
                        keys=self._insert_keys,
                        returning=("ext_id", "id"),
                    )
                )
                for pending in created:
                    pending.id = new_ids[pending.ext_id]
            if updates:
                executemany(
                    session, self.table, self.update_statement, updates, keys=self._update_keys
                )
            if confirms:
                executemany(
                    session, self.table, self._confirm_statement, confirms, keys=self._confirm_keys
                )
            if created or changed:
                self.write_children(session, instance_id, created + changed)
                self.after_write(session, instance_id, created + changed, now)

    # --- delete ------------------------------------------------------------------------

    def delete(
        self, db: Database, instance_id: int, raw_ext_ids: Sequence[object], *, now: datetime
    ) -> list[Result]:
        """Soft-delete records by ``extId``; one result per item, in order.

        ``deleted`` for a record now (or already) deleted, ``missing`` for an ``extId`` the
        instance does not have, ``error`` for an item that is not an ``extId`` or repeats
        one. A later upsert of the ``extId`` restores the record.

        Raises:
            InvalidRequestError: more than ``MAX_BATCH_ITEMS`` items.
        """
        check_batch_size(raw_ext_ids)
        results: list[Result | None] = [None] * len(raw_ext_ids)
        wanted: dict[str, int] = {}
        for index, raw in enumerate(raw_ext_ids):
            if type(raw) is not str or not raw.strip() or len(raw.strip()) > 100:
                problem = ItemProblem("invalid_field", messages.EXT_ID_NOT_TEXT)
                results[index] = error_result(raw, problem)
                continue
            if NUL in raw:
                detail = messages.NUL_CHARACTER
                problem = ItemProblem(
                    "invalid_field", messages.FIELD_INVALID.format(field="extId", detail=detail)
                )
                results[index] = error_result(None, problem)
                continue
            ext_id = raw.strip()
            if ext_id in wanted:
                problem = ItemProblem(
                    "duplicate_ext_id", messages.DUPLICATE_EXT_ID.format(ext_id=ext_id)
                )
                results[index] = error_result(ext_id, problem)
                continue
            wanted[ext_id] = index
        if wanted:
            columns = self.table.c
            with db.write() as session:
                stored = {
                    row.ext_id: row
                    for row in session.execute(
                        self._deleted_statement,
                        {"instance_id": instance_id, "ext_ids": list(wanted)},
                    )
                }
                to_delete = [{"row_id": row.id} for row in stored.values() if not row.deleted]
                if to_delete:
                    session.execute(
                        update(self.table)
                        .where(columns.id == bindparam("row_id"))
                        .values(deleted=True, date_deleted=now),
                        to_delete,
                    )
                    self.after_delete(session, instance_id, [r["row_id"] for r in to_delete], now)
            for ext_id, index in wanted.items():
                found = stored.get(ext_id)
                results[index] = {
                    "extId": ext_id,
                    "id": None if found is None else found.id,
                    "status": "missing" if found is None else "deleted",
                    "error": None,
                }
        return [result for result in results if result is not None]


def resolve_owners(session: Session, instance_id: int, pendings: list[Pending]) -> None:
    """Set ``owner_id`` of every row, with one query for the whole batch.

    The owner is the live user whose ``extId`` is the row's ``salesRepExtId``, else the
    instance's administrator. ``users.reresolve_owners`` applies the same rule to stored
    records when a rep arrives or leaves: keep the two in step.
    """
    reps = {rep for pending in pendings if (rep := pending.row.get("sales_rep_ext_id")) is not None}
    by_rep: dict[str | None, int] = {}
    admin: int | None = None
    for ext_id, user_id, role in session.execute(
        _OWNERS, {"instance_id": instance_id, "reps": list(reps)}
    ).all():
        if role == "administrator" and admin is None:
            admin = user_id
        if ext_id is not None and ext_id in reps:
            by_rep[ext_id] = user_id
    for pending in pendings:
        pending.row["owner_id"] = by_rep.get(pending.row.get("sales_rep_ext_id"), admin)


def resolve_accounts(session: Session, instance_id: int, pendings: list[Pending]) -> None:
    """Set ``account_id`` from ``account_ext_id``; unknown → ``unknown_account``. One query."""
    wanted = {pending.row["account_ext_id"] for pending in pendings}
    found = dict(
        session.execute(_ACCOUNT_IDS, {"instance_id": instance_id, "ext_ids": list(wanted)}).all()
    )
    for pending in pendings:
        ext_id = pending.row["account_ext_id"]
        account_id = found.get(ext_id)
        if account_id is None:
            pending.error = ItemProblem(
                "unknown_account", messages.UNKNOWN_ACCOUNT.format(ext_id=ext_id)
            )
        else:
            pending.row["account_id"] = account_id
