"""The synced resources of the service, declared once: ``RESOURCES``.

Everything that lists resources is derived from this tuple, as singer-sdk derives a tap's
catalog from its stream classes: the bulk API routers (``api.bulk.resource_routers``),
their OpenAPI tags (``app.openapi_tags``), and the record pages' routes and navigation. What the
layers below need (the sync-status map, the names of the connector's error reports, what
« Resynchroniser » resends) is a fact of the model (``models.SyncTracked``), so schemas and
services never import this module: it imports them. Adding a
resource means a model, its migration, its schema and one declaration here; its service
is a plain ``services.bulk.Resource`` built in the declaration, unless it needs hooks
(then a subclass in its own ``services/`` module, as products or invoices).

Example:
    A resource whose service needs no hook, as ``tests/cloud/test_declared_resource.py``
    declares its dummy, here with a record page::

        ResourceDeclaration(
            "notes",
            Note,
            "Notes.",
            service=Resource("notes", Note, fields=NOTE_FIELDS, label="une note"),
            schema=NoteRecord,
            page="/notes",
        )
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ssm.cloud.models import Account, Base, Contact, Invoice, Product, Quote, SyncTracked, User
from ssm.cloud.schemas.accounts import Account as AccountRecord
from ssm.cloud.schemas.contacts import FIELDS as CONTACT_FIELDS
from ssm.cloud.schemas.contacts import ContactRecord
from ssm.cloud.schemas.invoices import InvoiceRecord
from ssm.cloud.schemas.products import ProductRecord
from ssm.cloud.schemas.quotes import QuoteRecord
from ssm.cloud.schemas.users import UserRecord
from ssm.cloud.services.accounts import ACCOUNTS
from ssm.cloud.services.bulk import Resource
from ssm.cloud.services.invoices import INVOICES
from ssm.cloud.services.products import PRODUCTS
from ssm.cloud.services.quotes import QUOTES
from ssm.cloud.services.users import USERS

EXTENSION = "**Extension**: not part of the real Sales Management API v4."
"""The end of the OpenAPI description of what the real v4 API does not have."""


@dataclass(frozen=True, slots=True)
class ResourceDeclaration:
    """One synced resource: its name, table and what the service offers for it.

    ``service`` and ``schema`` give it the bulk API under ``/api/v4/{name}`` with the tag
    ``name`` described by ``description``; ``page`` is its record pages' path in the web
    app (``/comptes``). A model with the sync columns (``models.SyncTracked``) makes it part
    of the connector's error reports under its table's name, which must be ``name``.
    """

    name: str
    model: type[Base]
    description: str
    service: Resource | None = None
    schema: type[BaseModel] | None = None
    page: str | None = None

    def __post_init__(self) -> None:
        if (self.service is None) != (self.schema is None):
            raise ValueError(f"{self.name}: a served resource needs both service and schema")
        if self.service is not None and self.service.name != self.name:
            raise ValueError(f"{self.name}: its service is named {self.service.name}")
        if self.tracks_sync and self.model.__tablename__ != self.name:
            raise ValueError(f"{self.name}: its sync-tracked table is {self.model.__tablename__}")

    @property
    def tracks_sync(self) -> bool:
        """Whether the connector reports its refused records (``models.SyncTracked``)."""
        return issubclass(self.model, SyncTracked)


RESOURCES: tuple[ResourceDeclaration, ...] = (
    ResourceDeclaration(
        "users", User, "Users: the Sage sales reps (as v4).", service=USERS, schema=UserRecord
    ),
    ResourceDeclaration(
        "accounts",
        Account,
        "Customer and prospect companies (as v4).",
        service=ACCOUNTS,
        schema=AccountRecord,
        page="/comptes",
    ),
    ResourceDeclaration(
        "contacts",
        Contact,
        "People at accounts (as v4).",
        service=Resource(  # no hook: the shared mechanism as it is
            "contacts",
            Contact,
            fields=CONTACT_FIELDS,
            label="un contact",
            computed=("account_id", "owner_id"),
            has_owner=True,
            has_account=True,
        ),
        schema=ContactRecord,
        page="/contacts",
    ),
    ResourceDeclaration(
        "products",
        Product,
        "Articles with price and stock (as v4).",
        service=PRODUCTS,
        schema=ProductRecord,
        page="/produits",
    ),
    ResourceDeclaration(
        "invoices",
        Invoice,
        f"Invoices and credit notes with lines. {EXTENSION}",
        service=INVOICES,
        schema=InvoiceRecord,
        page="/factures",
    ),
    ResourceDeclaration(
        "quotes",
        Quote,
        f"Quotes with lines: Sage's, and the reps' priced by Sage 100. {EXTENSION}",
        service=QUOTES,
        schema=QuoteRecord,
        page="/devis",
    ),
)
"""Every synced resource, in the order of the URL map, the tags and the navigation."""
