"""``/api/v4/contacts``: the shared bulk routes; an unknown ``accountExtId`` is an item error."""

from __future__ import annotations

from ssm.cloud.api._resource import resource_router
from ssm.cloud.schemas.contacts import ContactRecord
from ssm.cloud.services.contacts import CONTACTS

router = resource_router(CONTACTS, ContactRecord, noun="contacts")
