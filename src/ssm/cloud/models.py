"""The cloud's tables, declared once with SQLAlchemy's typed ORM mapping.

Every table lives here so that ``Base.metadata`` is the whole schema: ``create_all`` uses it
today and Alembic's autogenerate will use it tomorrow. Nothing here is SQLite-specific;
timestamps are stored as naive UTC and come back aware (``UTCDateTime``) so that SQLite,
which has no time zones, and PostgreSQL behave the same.

Every row that belongs to a tenant carries ``instance_id``; services filter on it in every
query, which is what isolates one instance from another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from itertools import repeat
from typing import Any, ClassVar, Final, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as naive UTC and return them aware, on every dialect."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to naive UTC before writing."""
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark values read back as UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base: ``Base.metadata`` is the complete schema."""


class SyncTracked:
    """The per-record sync status columns, on every record the connector sends.

    ``sync_status`` is ``"synced"`` (the connector's upsert stored it), ``"pending"`` (created
    or edited through the CRM API and not yet confirmed by the connector), ``"not_synced"``
    (the default, before any write classified it) or ``"error"`` (the connector reported it
    refused, the reason in ``sync_detail``). ``synced_at`` is when the connector last stored it.

    The table's name is the resource's name in the connector's reports (``SYNC_NAMES``);
    ``resync`` says whether « Resynchroniser » resends its records (``RESYNC_NAMES``).
    Schemas and services read these names here, below them, not from ``resources``.
    """

    resync: ClassVar[bool] = False

    sync_status: Mapped[str] = mapped_column(
        String(20), default="not_synced", server_default="not_synced"
    )
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sync_detail: Mapped[str | None] = mapped_column(Text, default=None)


class Instance(Base):
    """A tenant: one customer company with its own users, keys and records.

    ``name`` is the company's display name; ``company_id`` the one Sage 100 company (its
    database name) the instance is bound to, ``NULL`` until the connector binds it. An
    instance serves one Sage company only, as the installation guide says.
    """

    __tablename__ = "instances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    company_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    plan: Mapped[str] = mapped_column(String(20), default="starter", server_default="starter")


class Amount(TypeDecorator[Decimal]):
    """An exact decimal, as Sage's amounts: ``NUMERIC(24, 6)`` declared, ``Decimal`` in Python.

    PostgreSQL's ``NUMERIC`` is exact, and so are its ``SUM``s. SQLite has no exact decimal
    (its ``NUMERIC`` keeps a ``REAL``, a float), so there the value is stored as a whole
    number of millionths (``0.123456`` → ``123456``): SQLite's integers are exact, and its
    ``SUM`` over them too, up to ±9.2·10¹² (beyond, SQLite raises « integer overflow »,
    never rounds). Sums computed by the database therefore come back exact on both, as
    ``Decimal`` through this type. Values are validated to 6 decimals and below 10¹² first
    (``schemas.fields.number``).
    """

    impl = Numeric(24, 6)
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        """Millionths on SQLite; elsewhere the column's own (psycopg sends Decimal as is)."""
        if dialect.name == "sqlite":
            return _to_millionths
        return self.impl_instance.dialect_impl(dialect).bind_processor(dialect)

    def bind_column_processor(self, dialect: Dialect) -> Any:
        """What ``bind_processor`` does to one value, done to a column of them (``None``: as is)."""
        return millionths if dialect.name == "sqlite" else None

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """Decimal from millionths on SQLite; elsewhere the column's own (a Decimal)."""
        if dialect.name == "sqlite":
            return _from_millionths
        return self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)


MILLIONTHS: Final = 6
"""Decimal places of an ``Amount``: SQLite stores ``value × 10⁶``."""


_EXACT: Final = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Unbounded precision: ``scaleb`` never rounds, so ``value × 10⁶`` is rounded once, half up."""
_SHIFT: Final = Decimal(MILLIONTHS)
_MILLION: Final = 10**MILLIONTHS


def _to_millionths(value: Decimal | int | float | None) -> int | None:
    return None if value is None else millionths((value,))[0]


def millionths(values: Sequence[Decimal | int | float | None]) -> list[int | None]:
    """Each value × 10⁶ rounded half up (``None`` stays), the Decimals and ints by C loops.

    A batch's column of amounts at once (``db.executemany``): a pme initial sync writes over
    a million of them. A column of ints (whole quantities) is one multiplication each. A
    float counts as its shortest text, as ever.
    """
    kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(_MILLION.__mul__, cast(Sequence[int], values)))
    present = cast(Sequence[Decimal | int], values)
    if not kinds <= {Decimal, int}:
        present = [
            value if type(value) is Decimal or type(value) is int else Decimal(str(value))
            for value in values
            if value is not None
        ]
    scaled: list[int | None] = list(
        map(int, map(_EXACT.to_integral_value, map(_EXACT.scaleb, present, repeat(_SHIFT))))
    )
    if present is values:
        return scaled
    rest = iter(scaled)
    return [None if value is None else next(rest) for value in values]


def _from_millionths(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-MILLIONTHS)


def unlinked_lines_index(table: str) -> Index:
    """Lines that name a product the CRM does not have yet, found when it arrives.

    Partial: a line is in it only while unlinked, so it stays tiny and costs the initial
    sync nothing, where products come before invoices.
    """
    unlinked = text("product_id IS NULL AND product_ext_id IS NOT NULL")
    return Index(
        f"ix_{table}_unlinked",
        "instance_id",
        "product_ext_id",
        sqlite_where=unlinked,
        postgresql_where=unlinked,
    )


class User(Base):
    """A person of an instance; the activation creates its administrator.

    ``ext_id`` is the Sage sales rep (``CO_No``) the user is bound to, ``NULL`` for users
    created in the CRM (the administrator until a rep with the same e-mail arrives).
    ``role`` is ``"administrator"``, ``"manager"`` or ``"user"`` (a sales rep; the web app
    says admin, manager, rep); ``manager_id`` is the manager whose team the rep is in.
    ``active`` comes from Sage; ``deactivated_at`` is set by « Désactiver » in the web app,
    which the connector never overwrites. Either one keeps the user from signing in.
    """

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("instance_id", "email", name="uq_users_instance_email"),
        UniqueConstraint("instance_id", "ext_id", name="uq_users_instance_ext_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    first_name: Mapped[str | None] = mapped_column(String(100), default=None)
    last_name: Mapped[str | None] = mapped_column(String(100), default=None)
    email: Mapped[str | None] = mapped_column(String(255), default=None)
    phone: Mapped[str | None] = mapped_column(String(50), default=None)
    job_title: Mapped[str | None] = mapped_column(String(100), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    invited: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(20), default="user")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ApiKey(Base):
    """An API key pair: the public key in clear, the private key as a SHA-256 hash."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    private_key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ActivationKey(Base):
    """A single-use activation key, stored as a SHA-256 hash; redeemed at most once.

    ``request_id_hash`` is the SHA-256 of the ``requestId`` the redeeming connector chose, so
    that connector, and only it, can retry a redemption whose answer it never received;
    ``api_key_id`` is the key pair the activation (or its last retry) handed out.
    """

    __tablename__ = "activation_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("instances.id"), default=None)
    request_id_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), default=None)


class ApiSession(Base):
    """A login session: the token's SHA-256 hash, its instance and a fixed expiry."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Account(SyncTracked, Base):
    """A customer or prospect company of an instance; ``ext_id`` is the Sage account code."""

    __tablename__ = "accounts"
    resync = True
    __table_args__ = (
        UniqueConstraint("instance_id", "ext_id", name="uq_accounts_instance_ext_id"),
        Index("ix_accounts_instance_id_id", "instance_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    name: Mapped[str] = mapped_column(String(255))
    account_type: Mapped[str] = mapped_column(String(20), default="prospect")
    address1: Mapped[str | None] = mapped_column(String(255), default=None)
    address2: Mapped[str | None] = mapped_column(String(255), default=None)
    postcode: Mapped[str | None] = mapped_column(String(20), default=None)
    city: Mapped[str | None] = mapped_column(String(100), default=None)
    region: Mapped[str | None] = mapped_column(String(100), default=None)
    country: Mapped[str | None] = mapped_column(String(100), default=None)
    phone: Mapped[str | None] = mapped_column(String(50), default=None)
    fax: Mapped[str | None] = mapped_column(String(50), default=None)
    email: Mapped[str | None] = mapped_column(String(255), default=None)
    website: Mapped[str | None] = mapped_column(String(255), default=None)
    siret: Mapped[str | None] = mapped_column(String(20), default=None)
    naf: Mapped[str | None] = mapped_column(String(10), default=None)
    vat_number: Mapped[str | None] = mapped_column(String(30), default=None)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    sleeping: Mapped[bool] = mapped_column(Boolean, default=False)
    sales_rep_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[int | None] = mapped_column(Integer, default=None)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Contact(SyncTracked, Base):
    """A person at an account (Sage ``F_CONTACTT``); ``ext_id`` is ``CT_No``."""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("instance_id", "ext_id", name="uq_contacts_instance_ext_id"),
        Index("ix_contacts_instance_id_id", "instance_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    account_ext_id: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[int | None] = mapped_column(Integer, default=None)
    first_name: Mapped[str | None] = mapped_column(String(100), default=None)
    last_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(50), default=None)
    job_title: Mapped[str | None] = mapped_column(String(100), default=None)
    phone: Mapped[str | None] = mapped_column(String(50), default=None)
    mobile: Mapped[str | None] = mapped_column(String(50), default=None)
    fax: Mapped[str | None] = mapped_column(String(50), default=None)
    email: Mapped[str | None] = mapped_column(String(255), default=None)
    sales_rep_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    owner_id: Mapped[int | None] = mapped_column(Integer, default=None)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Product(SyncTracked, Base):
    """An article (Sage ``F_ARTICLE`` with family, price and stock); ``ext_id`` is ``AR_Ref``."""

    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("instance_id", "ext_id", name="uq_products_instance_ext_id"),
        Index("ix_products_instance_id_id", "instance_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    model: Mapped[str] = mapped_column(String(255))
    family: Mapped[str | None] = mapped_column(String(255), default=None)
    family_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    price: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    price_includes_tax: Mapped[bool] = mapped_column(Boolean, default=False)
    cost: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    stock: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    stock_available: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    barcode: Mapped[str | None] = mapped_column(String(100), default=None)
    not_available: Mapped[bool] = mapped_column(Boolean, default=False)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Invoice(SyncTracked, Base):
    """A sales invoice or credit note (Sage ``F_DOCENTETE``); ``ext_id`` is its ``cbMarq``."""

    __tablename__ = "invoices"
    resync = True
    __table_args__ = (
        UniqueConstraint("instance_id", "ext_id", name="uq_invoices_instance_ext_id"),
        Index("ix_invoices_instance_id_id", "instance_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    number: Mapped[str | None] = mapped_column(String(50), default=None)
    account_ext_id: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[int | None] = mapped_column(Integer, default=None)
    sales_rep_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    owner_id: Mapped[int | None] = mapped_column(Integer, default=None)
    date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    kind: Mapped[str] = mapped_column(String(20), default="invoice")
    posted: Mapped[bool] = mapped_column(Boolean, default=False)
    total_excl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    total_incl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    reference: Mapped[str | None] = mapped_column(String(100), default=None)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class InvoiceLine(Base):
    """One line of an invoice (Sage ``F_DOCLIGNE``); the invoice's lines are replaced whole."""

    __tablename__ = "invoice_lines"
    __table_args__ = (unlinked_lines_index("invoice_lines"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    product_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    product_id: Mapped[int | None] = mapped_column(Integer, default=None)
    description: Mapped[str | None] = mapped_column(String(255), default=None)
    quantity: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    unit_price: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    discount: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    total_excl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)


class Quote(SyncTracked, Base):
    """A quote (Sage ``F_DOCENTETE`` with ``DO_Type=0``); ``ext_id`` is its ``cbMarq``.

    Made in Sage (``origin="sage"``, read-only) or in the CRM (``origin="crm"``), where
    Sage 100 prices it before the rep asks for it to be written into Sage. ``status`` holds
    one of ``QUOTE_STATUSES``' codes; ``revision`` counts the rep's edits, so the connector's
    prices of an older revision are refused. ``internal_comment`` gathers the system
    comments, ``comment`` is the rep's own text. A refusal by Sage is the sync columns'
    ``error`` with Sage's reason.
    """

    __tablename__ = "quotes"
    resync = True
    __table_args__ = (
        UniqueConstraint("instance_id", "ext_id", name="uq_quotes_instance_ext_id"),
        Index("ix_quotes_instance_id_id", "instance_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    number: Mapped[str | None] = mapped_column(String(50), default=None)
    order_number: Mapped[str | None] = mapped_column(String(50), default=None)
    reference: Mapped[str | None] = mapped_column(String(100), default=None)
    origin: Mapped[str] = mapped_column(String(10), default="sage", server_default="sage")
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    read_only: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    account_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    account_id: Mapped[int | None] = mapped_column(Integer, default=None)
    contact_id: Mapped[int | None] = mapped_column(Integer, default=None)
    sales_rep_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    owner_id: Mapped[int | None] = mapped_column(Integer, default=None)
    date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    status: Mapped[str | None] = mapped_column(String(50), default=None)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    internal_comment: Mapped[str | None] = mapped_column(Text, default=None)
    total_excl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    total_incl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class QuoteLine(Base):
    """One line of a quote (Sage ``F_DOCLIGNE``); the quote's lines are replaced whole.

    ``discounts`` is Sage's list of up to three discounts, ``[{"value": "5", "type":
    "percent"}]`` (``amount`` per unit, ``free`` units); prices are null until Sage priced
    the line.
    """

    __tablename__ = "quote_lines"
    __table_args__ = (unlinked_lines_index("quote_lines"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    product_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    product_id: Mapped[int | None] = mapped_column(Integer, default=None)
    description: Mapped[str | None] = mapped_column(String(255), default=None)
    quantity: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    unit_price: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    discounts: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, default=None)
    net_unit_price: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    total_excl_tax: Mapped[Decimal | None] = mapped_column(Amount(), default=None)
    stock: Mapped[Decimal | None] = mapped_column(Amount(), default=None)


class IntegrationStatus(Base):
    """The last heartbeat of an instance's connector (one row per instance)."""

    __tablename__ = "integration_status"

    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), primary_key=True)
    connector_version: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    streams: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """An e-mail the service sent or tried to send: stored first, then delivered.

    ``transport`` is ``"file"`` (an ``.eml`` in the mail folder) or ``"smtp"``; ``sent_at``
    stays ``NULL`` and ``error`` says why when delivery failed. A body holding a secret link
    is stored with the secret masked (the secret exists only in the delivered e-mail).
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    transport: Mapped[str | None] = mapped_column(String(10), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)


class PasswordToken(Base):
    """A single-use, expiring password-change link, stored as the SHA-256 of its token."""

    __tablename__ = "password_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class WebSession(Base):
    """A person's login in the web app: the cookie token's SHA-256, its user, a fixed expiry."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResyncRequest(Base):
    """« Resynchroniser »: an administrator asks the connector to resend a rep's records.

    The connector lists the pending requests of its instance (``status == "pending"``),
    resends the ``entities`` (a list of ``"accounts"``, ``"invoices"``, ``"quotes"``) owned
    by the rep of ``user_ext_id``/``user_email``, then reports ``done`` or ``failed``.
    """

    __tablename__ = "resync_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user_ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    user_email: Mapped[str | None] = mapped_column(String(255), default=None)
    entities: Mapped[list[str]] = mapped_column(JSON)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    detail: Mapped[str | None] = mapped_column(Text, default=None)


class CrmChange(Base):
    """One change made in the CRM to a prospect or a contact: an entry of the change feed.

    ``id`` is the feed's sequence: the connector asks for the changes ``after`` the last one
    it applied and stores that number, so nothing is missed across restarts. Only writes
    through the CRM (API or web app) add entries; the connector's own upserts never do (no
    echo). ``entity`` is the table (``accounts`` or ``contacts``), ``record_id`` the CRM id,
    and ``api_key_id`` or ``user_id`` who made the change (a key, or a person in the web
    app). ``previous`` holds, for an update, the values the changed fields had before it, by
    their API names: the connector compares them with Sage's row to tell a field only the
    CRM changed from one both sides changed.
    """

    __tablename__ = "crm_changes"
    __table_args__ = (Index("ix_crm_changes_instance_id_id", "instance_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class RateLimit(Base):
    """One rate-limit counter: how many hits ``key`` took in its window ending ``expires_at``.

    ``key`` names what is counted, such as ``login:ip:203.0.113.7`` or
    ``login:email:<SHA-256 of the address>``. The window is fixed and starts at the first hit
    after the previous one expired; ``services/rate_limits.py`` increments it with one
    ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, so workers sharing the database agree.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


SYNC_TRACKED: Final[tuple[type[SyncTracked], ...]] = tuple(SyncTracked.__subclasses__())
"""The tables the connector sends, in the order they are declared above."""

SYNC_NAMES: Final[tuple[str, ...]] = tuple(
    model.__tablename__  # type: ignore[attr-defined]
    for model in SYNC_TRACKED
)
"""The resources whose records carry a sync status, as the connector's reports name them."""

RESYNC_NAMES: Final[tuple[str, ...]] = tuple(
    name for name, model in zip(SYNC_NAMES, SYNC_TRACKED, strict=True) if model.resync
)
"""What « Resynchroniser » resends, in this order."""
