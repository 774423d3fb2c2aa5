"""Streams Sage 100 → Sales Management, one small declarative class each.

A stream is the one declaration of a synced entity on the connector's side: its name,
the CRM resource that receives it, its Sage ``spec`` (whose key is sent as ``extId``, whose
keys reconciliation reads and whose rows retries read again by key) and its mapper.
Everything else that lists entities (the CLI's ``--entity``, status, resync,
``docs/sync.md``'s field tables, the contract tests) derives from :data:`STREAMS`. Most
streams read their spec's table; products and invoices are made of several tables and
use the composite readers of ``ssm.sage100``, which re-read a record whole when any of
its parts changed. The engine (``_engine.py``) owns cursors, batching, retries and figures.

``parents`` names the streams whose records a stream's records point to and that the CRM
refuses them without (``unknown_account``): when a parent fails in a pass, the runner
defers the child to the next pass rather than send records bound to be refused. Users
are no such parent: an account sent before its rep goes to the administrator, and the
CRM moves it to the rep when he arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import ClassVar

from sqlalchemy import Engine

from ssm.connector.sync._mapper import (
    AccountMapper,
    ContactMapper,
    InvoiceMapper,
    Mapper,
    ProductMapper,
    UserMapper,
)
from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    INVOICES,
    USERS,
    Batch,
    Cursor,
    TableSpec,
    read_articles,
    read_changes,
    read_documents,
)


class SageStream:
    """A stream read incrementally from Sage 100.

    ``spec`` selects the stream's rows and names their key; a composite stream reads more
    tables, but its spec is the root whose keys reconciliation and retries read.
    """

    name: ClassVar[str]
    resource: ClassVar[str]
    spec: ClassVar[TableSpec]
    mapper: ClassVar[Mapper]
    parents: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        """The Sage column sent as ``extId``: the spec's key."""
        return self.spec.key

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Rows changed since ``since``, in batches carrying the cursor to commit after each."""
        raise NotImplementedError


class SageTableStream(SageStream):
    """A stream read from one table described by a ``TableSpec``."""

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Rows of the spec's table changed since ``since``."""
        return read_changes(sage, self.spec, since, overlap)


class UsersStream(SageTableStream):
    """Sales reps (F_COLLABORATEUR, CO_Vendeur = 1) → users, matched by e-mail."""

    name = resource = "users"
    spec = USERS
    mapper = UserMapper()


class AccountsStream(SageTableStream):
    """Clients and prospects (F_COMPTET, CT_Type = 0) → accounts."""

    name = resource = "accounts"
    spec = CLIENTS
    mapper = AccountMapper()


class ContactsStream(SageTableStream):
    """Contacts of tiers (F_CONTACTT) → contacts."""

    name = resource = "contacts"
    spec = CONTACTS
    mapper = ContactMapper()
    parents = ("accounts",)


class ProductsStream(SageStream):
    """Items with family, price and stock (F_ARTICLE, F_FAMILLE, F_ARTSTOCK) → products."""

    name = resource = "products"
    spec = ARTICLES
    mapper = ProductMapper()

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Items whose row, stock or family changed."""
        return read_articles(sage, since, overlap)


class InvoicesStream(SageStream):
    """Invoices and credit notes with their lines (F_DOCENTETE DO_Type 6/7, F_DOCLIGNE)."""

    name = resource = "invoices"
    spec = INVOICES
    mapper = InvoiceMapper()
    parents = ("accounts", "products")  # products: so lines are linked when sent

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Documents whose header or any line changed."""
        return read_documents(sage, since, overlap)


# Parents first: users own accounts, accounts hold contacts and invoices, invoices use products.
STREAMS: tuple[SageStream, ...] = (
    UsersStream(),
    AccountsStream(),
    ContactsStream(),
    ProductsStream(),
    InvoicesStream(),
)
STREAM_NAMES: tuple[str, ...] = tuple(s.name for s in STREAMS)
