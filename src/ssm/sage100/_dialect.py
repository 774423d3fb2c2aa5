"""Dialect differences between the emulated server (SQLite) and SQL Server, in one place.

Sage declares amounts as ``numeric(24,6)`` and dates as ``datetime`` or ``smalldatetime``.
SQL Server drivers return :class:`~decimal.Decimal` and :class:`~datetime.datetime`;
SQLite stores REAL and text. The two column types below make both dialects give the
readers the same Python values: amounts are always ``Decimal`` (6 decimal places) and
dates are always naive ``datetime`` in the server's local time, as Sage stores them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, DateTime, Engine, Numeric, case, text
from sqlalchemy.dialects import mssql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = [
    "SQLITE_NOW_MINUTE",
    "SageDateTime",
    "SageNumeric",
    "server_now",
    "to_decimal",
    "unindexed",
]

#: SQLite expression for ``getdate()`` rounded down to the minute, as a smalldatetime.
SQLITE_NOW_MINUTE = "strftime('%Y-%m-%d %H:%M:00','now','localtime')"

#: SQL Server expression for ``getdate()`` rounded down to the minute.
MSSQL_NOW_MINUTE = "DATEADD(minute, DATEDIFF(minute, 0, GETDATE()), 0)"

#: SQLite text format for dates: seconds precision, no fraction, so text order = time order.
_SQLITE_DATETIME_FORMAT = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
_SIX_PLACES = Decimal("0.000001")


def to_decimal(value: float | int | str | Decimal) -> Decimal:
    """Return ``value`` as a Decimal with the six decimal places of ``numeric(24,6)``."""
    if isinstance(value, float):
        # One formatting instead of repr + quantize: this runs for every amount read.
        return Decimal(f"{value:.6f}")
    return Decimal(value).quantize(_SIX_PLACES)


def unindexed(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    """``clause`` in a form no index can answer, so a scan follows the primary key.

    A chunk of a ``cbMarq`` scan (``cbMarq > :after AND DO_Type IN (6, 7) ORDER BY
    cbMarq LIMIT n``) must walk the primary key from ``:after``. Offered an index on
    ``DO_Type``, SQLite takes it and sorts every match on each chunk: quadratic on a big
    table. ``CASE WHEN clause THEN 1 ELSE 0 END = 1`` is the same filter, unindexable on
    both SQLite and SQL Server.
    """
    return case((clause, 1), else_=0) == 1


def server_now(bind: Engine | Connection) -> datetime:
    """The database server's clock, rounded down to the minute, as ``cbModification`` is.

    Sage stamps ``cbModification`` with the *server's* local time (``getdate()`` into a
    ``smalldatetime``), so a reader's cursor must come from the same clock, never from
    the machine the connector runs on: the two may differ by minutes or time zones.
    """
    expression = MSSQL_NOW_MINUTE if bind.dialect.name == "mssql" else SQLITE_NOW_MINUTE
    query = text(f"SELECT {expression}")
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            value = conn.execute(query).scalar_one()
    else:
        value = bind.execute(query).scalar_one()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(second=0, microsecond=0)


class SageNumeric(TypeDecorator[Decimal]):
    """``numeric(24,6)``: Decimal on every dialect (SQLite keeps REAL, converted on read)."""

    impl = Numeric(24, 6)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Read SQLite's REAL as float (then Decimal here), avoiding SQLAlchemy's warning."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(24, 6, asdecimal=False))
        return dialect.type_descriptor(Numeric(24, 6))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Send Decimals to SQLite as floats, its native storage."""
        if value is not None and dialect.name == "sqlite":
            return float(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Return a Decimal with six decimal places, or None."""
        if value is None:
            return None
        return to_decimal(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """On SQLite, one plain function per value: readers convert millions of amounts."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: Any) -> Decimal | None:
            if value is None:
                return None
            if type(value) is float:
                return Decimal(f"{value:.6f}")
            if type(value) is int:
                return Decimal(f"{value}.000000")
            return to_decimal(value)

        return process


class SageDateTime(TypeDecorator[datetime]):
    """``datetime`` / ``smalldatetime``: naive local datetimes on every dialect."""

    impl = DateTime
    cache_ok = True

    def __init__(self, small: bool = False) -> None:
        super().__init__()
        self.small = small

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Store SQLite dates as ``YYYY-MM-DD HH:MM:SS`` so text order is time order."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(
                sqlite.DATETIME(storage_format=_SQLITE_DATETIME_FORMAT)  # type: ignore[no-untyped-call]
            )
        if dialect.name == "mssql":
            small: TypeEngine[Any] = mssql.SMALLDATETIME() if self.small else mssql.DATETIME()
            return dialect.type_descriptor(small)
        return dialect.type_descriptor(DateTime())
