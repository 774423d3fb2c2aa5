"""Contacts of an instance as a bulk resource: each belongs to an account given by extId."""

from __future__ import annotations

from ssm.cloud.models import Contact
from ssm.cloud.schemas.contacts import FIELDS
from ssm.cloud.services.bulk import Resource


class Contacts(Resource):
    """People at accounts (Sage ``F_CONTACTT``), keyed by ``CT_No``."""

    name = "contacts"
    model = Contact
    fields = FIELDS
    label = "un contact"
    computed = ("account_id", "owner_id")
    has_owner = True
    has_account = True


CONTACTS = Contacts()
