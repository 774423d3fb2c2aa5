"""Dialect differences between the emulated server (SQLite) and SQL Server, in one place.

Sage declares amounts as ``numeric(24,6)`` and dates as ``datetime`` or ``smalldatetime``.
SQL Server drivers return :class:`~decimal.Decimal` and :class:`~datetime.datetime`;
SQLite stores REAL and text. The column types below make both dialects give the readers
the same Python values: amounts are always ``Decimal`` (6 decimal places), dates naive
``datetime`` in the server's local time, binary columns ``bytes``.

The few statements whose SQL differs by dialect (the server's clock, the column catalogue,
Sage's computed ``cb*`` key columns) are SQLAlchemy constructs compiled here for each
dialect, never ``text()`` chosen at run time: a statement run on the emulator compiles
unchanged for SQL Server, which is how the tests check every statement the readers emit.

The server's clock is SQL Server's own functions on both dialects: SQL Server has
``GETDATE()`` (local time) and ``GETUTCDATE()``; the emulator registers functions of the
same names on each of its SQLite connections (``emulator/_clock.py``), so that its
triggers, its column defaults and these statements all read one clock, which tests
replace (SQLite's own ``'now'`` cannot be).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    Numeric,
    String,
    case,
    select,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable, FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = [
    "SQLITE_NOW_MINUTE",
    "SQLITE_NOW_SECOND",
    "BinaryKey",
    "ColumnCatalog",
    "InsertStamp",
    "NowMinute",
    "NowSecond",
    "SageBinary",
    "SageDateTime",
    "SageGuid",
    "SageNumeric",
    "SageNumericJson",
    "ServerClock",
    "TriggerCount",
    "UtcOffset",
    "decimal_text",
    "decode_columns",
    "server_clock",
    "server_now",
    "to_decimal",
    "unindexed",
]

#: SQLite expression for ``getdate()`` to the second (the emulator's ``GETDATE()``).
SQLITE_NOW_SECOND = "GETDATE()"
#: SQLite expression for ``getdate()`` rounded down to the minute, as a smalldatetime.
SQLITE_NOW_MINUTE = f"strftime('%Y-%m-%d %H:%M:00', {SQLITE_NOW_SECOND})"

#: SQL Server expression for ``getdate()`` rounded down to the minute.
MSSQL_NOW_MINUTE = "DATEADD(minute, DATEDIFF(minute, 0, GETDATE()), 0)"

#: SQLite text format for dates: seconds precision, no fraction, so text order = time order.
_SQLITE_DATETIME_FORMAT = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
_SIX_PLACES = Decimal("0.000001")
#: Past this share of distinct values, ``decode_columns`` calls the processor per value.
_MOSTLY_DISTINCT = 0.75

#: How Sage derives a ``cb*`` key column from its source (``sage100-schema.md`` §2):
#: ``copy`` ``CONVERT(varbinary(n), X)``, ``isnull`` with NULL as '', ``upper`` for
#: case-insensitive logins, ``pad`` right-aligned so that piece numbers sort by length
#: first (``FA9`` before ``FA10``), ``z`` with a ``'z'`` appended (family codes).
KeyKind = Literal["copy", "isnull", "upper", "pad", "z"]


def to_decimal(value: float | int | str | Decimal) -> Decimal:
    """Return ``value`` as a Decimal with the six decimal places of ``numeric(24,6)``."""
    if isinstance(value, float):
        # One formatting instead of repr + quantize: this runs for every amount read.
        return Decimal(f"{value:.6f}")
    return Decimal(value).quantize(_SIX_PLACES)


def decimal_text(value: float | int | Decimal) -> str:
    """``value`` as ``numeric(24,6)`` holds it, written as its exact decimal text.

    Fixed point, without trailing zeros and never ``-0`` (``1.500000`` gives ``1.5``,
    ``-0.000000`` gives ``0``): one text per amount, whichever driver read it (SQLite's
    float, SQL Server's Decimal), which is the JSON number the connector writes for it
    (its ``json_default`` gives the same text for the Decimal).
    """
    # A float's digits are those to_decimal keeps, without building the Decimal.
    text = f"{value:.6f}" if type(value) is float else format(to_decimal(value), "f")
    text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def decode_columns(
    dialect: Dialect,
    types: Sequence[TypeEngine[Any]],
    description: Sequence[Sequence[Any]],
    rows: Sequence[Sequence[Any]],
) -> list[Sequence[Any]]:
    """The driver's ``rows`` as columns of the values SQLAlchemy's result would hold.

    Each column goes through its type's result processor for ``dialect`` (as SQLAlchemy
    applies it, with the driver's type code from ``description``), called once per
    *distinct* value: amounts, dates and codes repeat across rows, the values they decode
    to (Decimal, datetime, str, bytes) are immutable, and equal driver values decode
    alike, so rows share them (no negative zero comes back: SQLite stores ``-0.0`` as
    ``0.0``, SQL Server's ``numeric`` has none). A dict look-up per value, not a call.
    A column whose values nearly all differ (a line's total, a header's) is decoded a
    call per value: there the dict cost more than it saved (issue 14).
    """
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    if len(columns) != len(types):
        raise ValueError(f"{len(columns)} columns read, {len(types)} selected")
    for i, (type_, values) in enumerate(zip(types, columns, strict=True)):
        process = type_.dialect_impl(dialect).result_processor(dialect, description[i][1])
        if process is None:
            continue
        try:
            distinct = set(values)
        except TypeError:  # an unhashable driver value (a bytearray)
            columns[i] = list(map(process, values))
            continue
        if len(distinct) > _MOSTLY_DISTINCT * len(values):
            columns[i] = list(map(process, values))
            continue
        decoded = {value: process(value) for value in distinct}
        columns[i] = list(map(decoded.__getitem__, values))
    return columns


def unindexed(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    """``clause`` in a form no index can answer, so a scan follows the primary key.

    A chunk of a ``cbMarq`` scan (``cbMarq > :after AND DO_Type IN (6, 7) ORDER BY
    cbMarq LIMIT n``) must walk the primary key from ``:after``. Offered an index on
    ``DO_Type``, SQLite takes it and sorts every match on each chunk: quadratic on a big
    table. ``CASE WHEN clause THEN 1 ELSE 0 END = 1`` is the same filter, unindexable on
    both SQLite and SQL Server.
    """
    return case((clause, 1), else_=0) == 1


class NowMinute(FunctionElement[datetime]):
    """The server's ``getdate()`` rounded down to the minute, as ``cbModification`` is."""

    inherit_cache = True
    name = "now_minute"

    @property
    def type(self) -> TypeEngine[datetime]:  # type: ignore[override]
        """Read back as a naive datetime on every dialect."""
        return SageDateTime()


@compiles(NowMinute, "sqlite")
def _now_sqlite(_element: NowMinute, _compiler: SQLCompiler, **_kw: Any) -> str:
    return SQLITE_NOW_MINUTE


@compiles(NowMinute, "mssql")
def _now_mssql(_element: NowMinute, _compiler: SQLCompiler, **_kw: Any) -> str:
    return MSSQL_NOW_MINUTE


class UtcOffset(FunctionElement[int]):
    """How far the server's local time is ahead of UTC, in minutes (``+60`` in Paris in winter).

    SQL Server reads it from ``SYSDATETIMEOFFSET()``, one instant: ``DATEDIFF(minute,
    GETUTCDATE(), GETDATE())`` would read two clocks and count a minute boundary crossed
    between them. The emulator rounds the difference of its two functions.
    """

    inherit_cache = True
    name = "utc_offset"
    type = Integer()


@compiles(UtcOffset, "sqlite")
def _offset_sqlite(_element: UtcOffset, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "CAST(round((julianday(GETDATE()) - julianday(GETUTCDATE())) * 1440) AS INTEGER)"


@compiles(UtcOffset, "mssql")
def _offset_mssql(_element: UtcOffset, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "DATEPART(tzoffset, SYSDATETIMEOFFSET())"


@dataclass(frozen=True)
class ServerClock:
    """The server's minute (local time, as ``cbModification``) and its offset from UTC."""

    minute: datetime
    utc_offset: timedelta


def server_clock(bind: Engine | Connection) -> ServerClock:
    """The server's minute and UTC offset, as a reader's cursor records them.

    The offset is read once before the minute and once with it, and the larger kept: when
    the clock falls back (offset decreasing) between two statements, or within one, whose
    functions SQL Server may read at different instants, the cursor then records the
    offset of its minute or a larger one. A larger one only makes the next change read
    start earlier (``_read.lower_bound``); a smaller one would lose edits.
    """

    def read(conn: Connection) -> ServerClock:
        before = conn.execute(select(UtcOffset())).scalar_one()
        minute, offset = conn.execute(select(NowMinute(), UtcOffset())).one()
        assert isinstance(minute, datetime)
        return ServerClock(
            minute.replace(second=0, microsecond=0), timedelta(minutes=max(before, offset))
        )

    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return read(conn)
    return read(bind)


def server_now(bind: Engine | Connection) -> datetime:
    """The database server's clock, rounded down to the minute, as ``cbModification`` is.

    Sage stamps ``cbModification`` with the *server's* local time (``getdate()`` into a
    ``smalldatetime``), so a reader's cursor must come from the same clock, never from
    the machine the connector runs on: the two may differ by minutes or time zones.
    """
    return server_clock(bind).minute


class NowSecond(FunctionElement[datetime]):
    """The server's ``getdate()`` to the second, local time: what ``cbCreation`` holds."""

    inherit_cache = True
    name = "now_second"

    @property
    def type(self) -> TypeEngine[datetime]:  # type: ignore[override]
        """Read back as a naive datetime on every dialect."""
        return SageDateTime()


@compiles(NowSecond, "sqlite")
def _now_second_sqlite(_element: NowSecond, _compiler: SQLCompiler, **_kw: Any) -> str:
    return SQLITE_NOW_SECOND


@compiles(NowSecond, "mssql")
def _now_second_mssql(_element: NowSecond, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "GETDATE()"


class TriggerCount(Executable, ClauseElement):
    """How many triggers the database has: does anything but the writer stamp rows?"""

    inherit_cache = True


@compiles(TriggerCount, "sqlite")
def _triggers_sqlite(_element: TriggerCount, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"


@compiles(TriggerCount, "mssql")
def _triggers_mssql(_element: TriggerCount, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "SELECT count(*) FROM sys.triggers WHERE parent_class = 1"


class InsertStamp(ColumnElement[datetime]):
    """``cbModification``'s server default, ``getdate()``: the time of the insert.

    A ``smalldatetime`` keeps the minute on SQL Server; SQLite, which has no such type,
    gets the minute itself (rounded down, where SQL Server rounds to the nearest).
    """

    inherit_cache = True


@compiles(InsertStamp, "sqlite")
def _stamp_sqlite(_element: InsertStamp, _compiler: SQLCompiler, **_kw: Any) -> str:
    return f"({SQLITE_NOW_MINUTE})"


@compiles(InsertStamp, "mssql")
def _stamp_mssql(_element: InsertStamp, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "getdate()"


class ColumnCatalog(Executable, ClauseElement):
    """``(table, column)`` of ``tables``, in each table's column order: what a company has.

    SQLite answers from ``pragma_table_xinfo`` (computed columns included), SQL Server
    from ``INFORMATION_SCHEMA.COLUMNS``. Table names are the package's declared ones,
    never user input, so they are written into the statement.
    """

    inherit_cache = False

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = tuple(tables)

    def _names(self) -> str:
        return ", ".join("'" + t.replace("'", "''") + "'" for t in self.tables)


@compiles(ColumnCatalog, "sqlite")
def _catalog_sqlite(element: ColumnCatalog, _compiler: SQLCompiler, **_kw: Any) -> str:
    return (
        "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS p"
        f" WHERE m.type = 'table' AND m.name IN ({element._names()}) ORDER BY m.name, p.cid"
    )


@compiles(ColumnCatalog, "mssql")
def _catalog_mssql(element: ColumnCatalog, _compiler: SQLCompiler, **_kw: Any) -> str:
    return (
        "SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
        f" WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME IN ({element._names()})"
        " ORDER BY TABLE_NAME, ORDINAL_POSITION"
    )


class BinaryKey(ColumnElement[bytes]):
    """The expression of one of Sage's computed ``cb*`` key columns (``cbCT_Num``…).

    Sage indexes these binary copies rather than the ``varchar`` columns, so that an
    index orders keys byte by byte whatever the collation. The declaration keeps the
    kind of copy; each dialect writes its own expression (``CONVERT`` on SQL Server,
    ``CAST … AS BLOB`` on SQLite, which orders UTF-8 bytes like Python's ``str``).
    """

    inherit_cache = False

    def __init__(self, kind: KeyKind, source: str, length: int) -> None:
        self.kind, self.source, self.length = kind, source, length
        self.type = LargeBinary()


@compiles(BinaryKey, "sqlite")
def _key_sqlite(element: BinaryKey, _compiler: SQLCompiler, **_kw: Any) -> str:
    column = '"' + element.source + '"'
    inner = {
        "copy": column,
        "isnull": f"COALESCE({column}, '')",
        "upper": f"UPPER({column})",
        "pad": f"printf('%{element.length - 1}s', {column})",
        "z": f"{column} || 'z'",
    }[element.kind]
    if element.kind == "pad":  # SPACE(...) + NULL is NULL on SQL Server
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE CAST({inner} AS BLOB) END"
    return f"CAST({inner} AS BLOB)"


@compiles(BinaryKey, "mssql")
def _key_mssql(element: BinaryKey, _compiler: SQLCompiler, **_kw: Any) -> str:
    column, n = f"[{element.source}]", element.length
    inner = {
        "copy": column,
        "isnull": f"ISNULL({column}, '')",
        "upper": f"UPPER({column})",
        "pad": f"SPACE(({n}) - (LEN({column}) + (1))) + {column}",
        "z": f"{column} + 'z'",
    }[element.kind]
    return f"CONVERT(varbinary({n}), {inner}, 0)"


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


class SageNumericJson(TypeDecorator[orjson.Fragment]):
    """``numeric(24,6)`` read as its exact JSON number (:func:`decimal_text`), not a Decimal.

    For amounts a reader's caller writes to JSON untouched: decoded once per distinct value
    (:func:`decode_columns`), an ``orjson.Fragment`` is written as it is, where a Decimal
    costs a conversion per row and a call back from the encoder per value (issue 14).
    """

    impl = Numeric(24, 6)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQLite's REAL as float, as :class:`SageNumeric` reads it; Decimal elsewhere."""
        return SageNumeric().load_dialect_impl(dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> orjson.Fragment | None:
        """The canonical text as a JSON fragment, or None."""
        return _json_number(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """On SQLite, one plain function per value, as :class:`SageNumeric`'s."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        return _json_number


def _json_number(value: float | int | Decimal | None) -> orjson.Fragment | None:
    return None if value is None else orjson.Fragment(decimal_text(value))


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
            from sqlalchemy.dialects import mssql  # SQL Server only: not at every start-up

            small: TypeEngine[Any] = mssql.SMALLDATETIME() if self.small else mssql.DATETIME()
            return dialect.type_descriptor(small)
        return dialect.type_descriptor(DateTime())


class SageBinary(TypeDecorator[bytes]):
    """``varbinary(n)`` / ``binary(n)``: ``bytes`` on every dialect (a BLOB on SQLite)."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, length: int, fixed: bool = False) -> None:
        super().__init__()
        self.length, self.fixed = length, fixed

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQL Server's own sized binary types; a plain BLOB elsewhere."""
        if dialect.name == "mssql":
            from sqlalchemy.dialects import mssql  # SQL Server only: not at every start-up

            sized: TypeEngine[Any] = (
                mssql.BINARY(self.length) if self.fixed else mssql.VARBINARY(self.length)  # type: ignore[no-untyped-call]
            )
            return dialect.type_descriptor(sized)
        return dialect.type_descriptor(LargeBinary())


class SageGuid(TypeDecorator[str]):
    """``uniqueidentifier``: the GUID as text (``8-4-4-4-12`` hex digits) on every dialect."""

    impl = String(36)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQL Server's ``uniqueidentifier``; 36 characters elsewhere."""
        if dialect.name == "mssql":
            from sqlalchemy.dialects import mssql  # SQL Server only: not at every start-up

            return dialect.type_descriptor(mssql.UNIQUEIDENTIFIER(as_uuid=False))
        return dialect.type_descriptor(String(36))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Lower-case text, whatever the driver returns."""
        return None if value is None else str(value).lower()
