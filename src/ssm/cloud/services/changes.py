"""The change feed: prospects, contacts and quotes changed in the CRM, for the connector.

Every create or update made through the CRM API adds one ``crm_changes`` row in the same
transaction as the record (``record_change``); the connector reads them in sequence order
(``list_changes``, or ``wait_for_changes`` to be told within a fraction of a second), writes
them into Sage 100, stores the last sequence, and binds a CRM-created record to its new Sage
key (``confirm_ext_id``), which lists again the contacts that waited for their prospect's
key; a quote has its own answers (``services.quotes``). The connector's own upserts
(Sage → CRM) go through ``services.bulk``, which never records a change: no echo.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, Final, NamedTuple

import anyio
from pydantic.alias_generators import to_camel
from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import ConflictError, NotFoundError
from ssm.cloud.models import Account, Contact, CrmChange, Instance, Quote
from ssm.cloud.schemas.changes import (
    Change,
    ChangeAction,
    ChangeEntity,
    ChangesPage,
    ExtIdBinding,
)

CHANGED_MODELS: Final[dict[ChangeEntity, type[Account] | type[Contact] | type[Quote]]] = {
    "accounts": Account,
    "contacts": Contact,
    "quotes": Quote,
}
"""The tables whose CRM writes feed the connector, by their feed name."""

WAIT_CHECK_INTERVAL: Final = 0.25
"""Seconds between two looks at the feed while a long-poll waits: the CRM → Sage latency it
adds is at most this, and an idle connector costs the service four small queries a second."""


class Author(NamedTuple):
    """Who made a CRM change: an API key, or a person in the web app (one of the two)."""

    api_key_id: int | None = None
    user_id: int | None = None


CRM_EDIT_STATUS: Final[dict[str, Any]] = {"sync_status": "pending", "sync_detail": None}
"""The sync columns of a record written through the CRM API, until the connector confirms."""
NO_ACCOUNT_KEY_YET: Final = ""
"""``account_ext_id`` of a contact made at a prospect Sage 100 does not hold yet."""


def record_change(
    session: Session,
    instance_id: int,
    entity: ChangeEntity,
    record_id: int,
    action: ChangeAction,
    *,
    author: Author,
    now: datetime,
    previous: dict[str, Any] | None = None,
) -> None:
    """Add one feed entry, in the caller's transaction.

    ``previous`` is what an update's changed fields held before it, by API name.

    The instance's row is locked first (PostgreSQL; SQLite has one writer anyway) so two
    writers of one instance commit their sequences in order: a reader that saw sequence 8
    can never later find a 7 it skipped.
    """
    session.execute(select(Instance.id).where(Instance.id == instance_id).with_for_update())
    session.execute(
        insert(CrmChange).values(
            instance_id=instance_id,
            entity=entity,
            record_id=record_id,
            action=action,
            api_key_id=author.api_key_id,
            user_id=author.user_id,
            changed_at=now,
            previous=previous,
        )
    )


def record_edit(
    session: Session,
    instance_id: int,
    entity: ChangeEntity,
    record_id: int,
    changed: dict[str, Any],
    *,
    before: Mapping[Any, Any],
    author: Author,
    now: datetime,
) -> None:
    """Write the fields a CRM edit really changed and list it in the feed (nothing if none).

    In the caller's transaction: the record turns pending and the feed gets its entry
    together, so the connector never misses an edit nor sees one that was rolled back.
    The entry keeps the changed fields' values from ``before`` (the stored row): what
    the connector expects Sage to hold still, unless a Sage user changed them too.
    """
    if not changed:
        return
    model = CHANGED_MODELS[entity]
    session.execute(
        update(model)
        .where(model.id == record_id)
        .values(**changed, date_updated=now, **CRM_EDIT_STATUS)
    )
    previous = {to_camel(name): before[name] for name in changed}
    record_change(
        session,
        instance_id,
        entity,
        record_id,
        "updated",
        author=author,
        now=now,
        previous=previous,
    )


def list_changes(db: Database, instance_id: int, *, after: int, limit: int) -> ChangesPage:
    """The instance's changes after sequence ``after``, oldest first, at most ``limit``.

    ``extId`` is the record's current one, so a change read again after a restart names
    the Sage key the connector bound it to in between.
    """
    ext_id = func.coalesce(Account.ext_id, Contact.ext_id, Quote.ext_id)
    statement = (
        select(CrmChange, ext_id)
        .outerjoin(Account, and_(CrmChange.entity == "accounts", Account.id == CrmChange.record_id))
        .outerjoin(Contact, and_(CrmChange.entity == "contacts", Contact.id == CrmChange.record_id))
        .outerjoin(Quote, and_(CrmChange.entity == "quotes", Quote.id == CrmChange.record_id))
        .where(CrmChange.instance_id == instance_id, CrmChange.id > after)
        .order_by(CrmChange.id)
        .limit(limit)
    )
    with db.read() as session:
        changes = [
            Change(
                seq=row.id,
                entity=row.entity,
                action=row.action,
                id=row.record_id,
                ext_id=bound,
                api_key_id=row.api_key_id,
                user_id=row.user_id,
                changed_at=row.changed_at,
                previous=row.previous,
            )
            for row, bound in session.execute(statement)
        ]
    return ChangesPage(changes=changes, last=changes[-1].seq if changes else after)


async def wait_for_changes(
    db: Database,
    instance_id: int,
    *,
    after: int,
    limit: int,
    wait: float,
    gone: Callable[[], Awaitable[bool]] | None = None,
) -> ChangesPage:
    """The changes after ``after`` as soon as there are some, or an empty page after ``wait`` s.

    A long-poll, so a change made in the CRM reaches the connector at once without the
    connector asking every second. Each look is one indexed query in the thread pool; in
    between, the request holds no thread, so waiting connectors do not starve the workers.
    Any worker sees a change another one committed: the database is the only signal.
    ``gone`` (the client hung up) ends the wait early: nobody would read the answer.
    """
    deadline = time.monotonic() + wait
    while True:
        page = await anyio.to_thread.run_sync(
            lambda: list_changes(db, instance_id, after=after, limit=limit)
        )
        if page.changes:
            return page
        while not await anyio.to_thread.run_sync(_has_newer, db, instance_id, after):
            left = deadline - time.monotonic()
            if left <= 0 or (gone is not None and await gone()):
                return page
            await anyio.sleep(min(WAIT_CHECK_INTERVAL, left))


def _has_newer(db: Database, instance_id: int, after: int) -> bool:
    """Whether the instance has a change after ``after``: one index probe, no ORM session.

    What a waiting long-poll asks four times a second, so it is kept as cheap as it gets;
    the page, with its joins, is read only once this says there is one.
    """
    statement = (
        select(CrmChange.id)
        .where(CrmChange.instance_id == instance_id, CrmChange.id > after)
        .limit(1)
    )
    with db.engine.connect() as connection:
        return connection.execute(statement).first() is not None


def confirm_ext_id(
    db: Database,
    instance_id: int,
    entity: ChangeEntity,
    record_id: int,
    binding: ExtIdBinding,
    *,
    now: datetime,
) -> None:
    """Bind a CRM-created record to the key Sage 100 gave it; the same binding again is safe.

    The record becomes ``synced``, unless the CRM changed it after ``binding.through``:
    then it stays ``pending`` until the connector confirms that later change too. An
    account's first binding also releases its waiting contacts (:func:`_release_contacts`).

    Raises:
        NotFoundError: no such record in the instance.
        ConflictError: the record is bound to another key, or another record has this one.
    """
    model = CHANGED_MODELS[entity]
    try:
        with db.write() as session:
            bound = session.execute(
                select(model.ext_id).where(model.instance_id == instance_id, model.id == record_id)
            ).one_or_none()
            if bound is None:
                raise NotFoundError()
            if bound.ext_id not in (None, binding.ext_id):
                raise ConflictError(
                    messages.EXT_ID_ALREADY_BOUND.format(bound=bound.ext_id, ext_id=binding.ext_id)
                )
            later = session.execute(
                select(
                    exists().where(
                        CrmChange.instance_id == instance_id,
                        CrmChange.entity == entity,
                        CrmChange.record_id == record_id,
                        CrmChange.id > binding.through,
                    )
                )
            ).scalar_one()
            session.execute(
                update(model)
                .where(model.id == record_id)
                .values(
                    ext_id=binding.ext_id,
                    sync_status="pending" if later else "synced",
                    synced_at=now,
                    sync_detail=None,
                )
            )
            if entity == "accounts" and bound.ext_id is None:
                _release_contacts(session, instance_id, record_id, binding.ext_id, now)
    except IntegrityError as exc:
        raise ConflictError(messages.EXT_ID_TAKEN.format(ext_id=binding.ext_id)) from exc


def _release_contacts(
    session: Session, instance_id: int, account_id: int, ext_id: str, now: datetime
) -> None:
    """Give a newly bound account's waiting contacts its key, and list them in the feed again.

    A contact made while its prospect had no ``extId`` could not be written into Sage (its
    row needs the account's ``CT_Num``): the connector let its change pass. Listed again,
    after the account's binding, it is written now; in the binding's transaction, so a
    crash cannot bind the account and lose its contacts.
    """
    waiting = session.scalars(
        select(Contact.id).where(
            Contact.instance_id == instance_id,
            Contact.account_id == account_id,
            Contact.account_ext_id == NO_ACCOUNT_KEY_YET,
        )
    ).all()
    if not waiting:
        return
    session.execute(update(Contact).where(Contact.id.in_(waiting)).values(account_ext_id=ext_id))
    for contact_id in waiting:  # no author: the service lists it, nobody edited it
        record_change(
            session, instance_id, "contacts", contact_id, "updated", author=Author(), now=now
        )
