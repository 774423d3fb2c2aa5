"""The cloud's tables, declared once with SQLAlchemy's typed ORM mapping.

Every table lives here so that ``Base.metadata`` is the whole schema: ``create_all`` uses it
today and Alembic's autogenerate will use it tomorrow. Nothing here is SQLite-specific;
timestamps are stored as naive UTC and come back aware (``UTCDateTime``) so that SQLite,
which has no time zones, and PostgreSQL behave the same.

Every row that belongs to a tenant carries ``instance_id``; services filter on it in every
query, which is what isolates one instance from another.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
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


class Instance(Base):
    """A tenant: one customer company with its own users, keys and records."""

    __tablename__ = "instances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class User(Base):
    """A person of an instance; the activation creates its administrator."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("instance_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
    """A single-use activation key, stored as a SHA-256 hash; redeemed at most once."""

    __tablename__ = "activation_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("instances.id"), default=None)


class ApiSession(Base):
    """A login session: the token's SHA-256 hash, its instance and a fixed expiry."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Account(Base):
    """A customer or prospect company of an instance; ``ext_id`` is the Sage account code."""

    __tablename__ = "accounts"
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
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
