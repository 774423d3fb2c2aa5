"""Contacts written through the CRM API: create and edit, never delete (Sage 100 does).

A contact takes its account's ``CT_Num``, rep and owner. Sage's ``F_CONTACTT`` row needs
that ``CT_Num``: a contact made at a prospect still waiting for its key (through the API or
the web app's form alike) is kept with none (``NO_ACCOUNT_KEY_YET``) and the connector lets
it wait; the account's binding gives it the key and lists it in the feed again
(``changes.confirm_ext_id``). Each write adds
an entry to the change feed (``services.changes``) and makes the contact ``pending``;
its ``author`` is the API key or the person in the web app who wrote it.
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

from sqlalchemy import insert, select

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import InvalidRequestError, MasteredBySageError, NotFoundError
from ssm.cloud.models import Account, Contact
from ssm.cloud.schemas.contacts import ContactCreate, ContactPatch
from ssm.cloud.services.changes import (
    CRM_EDIT_STATUS,
    NO_ACCOUNT_KEY_YET,
    Author,
    record_change,
    record_edit,
)

_EDITABLE = tuple(ContactPatch.model_fields)


def create_contact(
    db: Database,
    instance_id: int,
    body: ContactCreate,
    *,
    author: Author,
    now: datetime,
) -> int:
    """Create one contact at ``body.account_id`` and return its id.

    A prospect Sage 100 does not hold yet takes the contact, which waits for it: refusing
    would make a person come back after the next sync to type it again.

    Raises:
        InvalidRequestError: the instance has no such live account.
    """
    with db.write() as session:
        account = session.execute(
            select(Account.ext_id, Account.sales_rep_ext_id, Account.owner_id).where(
                Account.instance_id == instance_id,
                Account.id == body.account_id,
                Account.deleted.is_(False),
            )
        ).one_or_none()
        if account is None:
            raise InvalidRequestError(
                messages.UNKNOWN_ACCOUNT_ID.format(account_id=body.account_id)
            )
        new_id = session.execute(
            insert(Contact).returning(Contact.id),
            body.changes()
            | {
                "instance_id": instance_id,
                "account_id": body.account_id,
                "account_ext_id": account.ext_id or NO_ACCOUNT_KEY_YET,
                "sales_rep_ext_id": account.sales_rep_ext_id,
                "owner_id": account.owner_id,
                "date_created": now,
            }
            | CRM_EDIT_STATUS,
        ).scalar_one()
        record_change(session, instance_id, "contacts", new_id, "created", author=author, now=now)
        return new_id


def update_contact(
    db: Database,
    instance_id: int,
    contact_id: int,
    body: ContactPatch,
    *,
    author: Author,
    now: datetime,
) -> None:
    """Apply a partial update; ``dateUpdated`` moves, and the feed grows, on a real change.

    Raises:
        NotFoundError: no such live contact in this instance.
    """
    with db.write() as session:
        stored = (
            session.execute(
                select(*(getattr(Contact, name) for name in _EDITABLE)).where(
                    Contact.instance_id == instance_id,
                    Contact.id == contact_id,
                    Contact.deleted.is_(False),
                )
            )
            .mappings()
            .one_or_none()
        )
        if stored is None:
            raise NotFoundError()
        changed = {name: value for name, value in body.changes().items() if stored[name] != value}
        record_edit(
            session,
            instance_id,
            "contacts",
            contact_id,
            changed,
            before=stored,
            author=author,
            now=now,
        )


def refuse_delete(db: Database, instance_id: int, contact_id: int) -> NoReturn:
    """Always raise: a contact is deleted in Sage 100, and the deletion flows to the CRM.

    Raises:
        NotFoundError: no such contact in this instance.
        MasteredBySageError: it exists; Sage 100 deletes it.
    """
    with db.read() as session:
        found = session.execute(
            select(Contact.id).where(Contact.instance_id == instance_id, Contact.id == contact_id)
        ).one_or_none()
    if found is None:
        raise NotFoundError()
    raise MasteredBySageError(messages.CONTACT_DELETED_IN_SAGE)
