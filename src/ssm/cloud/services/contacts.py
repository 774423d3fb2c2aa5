"""Contacts of an instance as a bulk resource: each belongs to an account given by extId."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ssm.cloud._models import Contact
from ssm.cloud.schemas.contacts import FIELDS
from ssm.cloud.services._resource import Pending, Resource, resolve_accounts, resolve_owners


class Contacts(Resource):
    """People at accounts (Sage ``F_CONTACTT``), keyed by ``CT_No``."""

    name = "contacts"
    model = Contact
    fields = FIELDS
    label = "un contact"
    computed = ("account_id", "owner_id")
    has_owner = True

    def resolve(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """``account_id`` (unknown account → ``unknown_account``), then ``owner_id``."""
        resolve_accounts(session, instance_id, pendings)
        resolve_owners(session, instance_id, [p for p in pendings if p.error is None])


CONTACTS = Contacts()
