"""One database: its engine, its schema and two kinds of transactions (read and write).

The service keeps no state in process memory, so several workers (or hosts) can share one
database. Two dialects are supported, and every difference between them stays here:

- **SQLite** (the default): WAL, so readers never wait for the writer, and a busy timeout,
  so writers queue instead of failing. Write transactions start with ``BEGIN IMMEDIATE``: a
  deferred transaction that reads and then writes can fail at once with "database is
  locked" when another writer committed in between, whereas an immediate one takes the write
  lock first and waits its turn. Every connection also registers the ``fr-x-icu`` collation
  (``in_french_order``), as PostgreSQL's ICU names it, so names sort the French way.
- **PostgreSQL** (production, through psycopg 3; ``postgresql://`` means
  ``postgresql+psycopg://``): ``READ COMMITTED``, PostgreSQL's default. Writers do not
  serialise, so correctness comes from the statements: a conditional ``UPDATE`` whose
  row count decides (activation keys, single-use tokens: the second writer waits for the
  row lock, then sees the first one's change), ``SELECT … FOR UPDATE`` where a row is read
  then changed, and unique constraints plus one retry for a batch that races another on a
  new ``extId``. Connections are pooled (``pool_size`` + ``max_overflow`` per worker
  process), checked before use (``pool_pre_ping``) and recycled after an hour.

The schema is brought to the head revision with Alembic (``ssm.cloud.migrations``), never
with ``create_all``, so a database made by one version is upgraded in place by the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Dialect,
    Engine,
    Insert,
    String,
    Table,
    TypeDecorator,
    Update,
    bindparam,
    create_engine,
    event,
    make_url,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType
from sqlalchemy.types import TypeEngine

from ssm.cloud import messages
from ssm.cloud.errors import DatabaseError
from ssm.cloud.settings import CloudSettings
from ssm.i18n import FRENCH_COLLATION, french_compare

_IMMEDIATE = "ssm_begin_immediate"


def normalise_url(url: str) -> str:
    """Map ``postgresql://`` and ``postgres://`` to psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    """Set WAL, the busy timeout and explicit transaction control on every new connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            _use_wal(cursor, busy_timeout_ms)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()
        dbapi_connection.create_collation(FRENCH_COLLATION, french_compare)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> None:
    """Switch the file to WAL, waiting out workers that open the same new file at once.

    SQLite answers "database is locked" at once, without its busy handler, when another
    connection holds the file while the journal mode changes; WAL is then usually already
    set by that other connection, and the mode persists in the file.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


SQLITE_MINIMUM = (3, 35, 0)
"""``RETURNING`` (``insert_returning``) came with SQLite 3.35; ``OneOf`` reads ``json_each``."""


def check_sqlite(
    probe: sqlite3.Connection, version: tuple[int, int, int] = sqlite3.sqlite_version_info
) -> None:
    """Refuse at start-up a SQLite library that lacks what the service's statements use.

    Without it every bulk write would fail later, one request at a time, with SQLite's
    own message; ``probe`` is any connection of the same library.

    Raises:
        DatabaseError: older than ``SQLITE_MINIMUM``, or built without its JSON functions.
    """
    try:
        probe.execute("SELECT value FROM json_each(json_array(1))").fetchall()
    except sqlite3.Error:
        has_json = False
    else:
        has_json = True
    if version < SQLITE_MINIMUM or not has_json:
        raise DatabaseError(messages.SQLITE_TOO_OLD.format(version=".".join(map(str, version))))


def _create_private(path: str | None) -> None:
    """Create a new SQLite file as the owner's alone (0600): it holds every tenant's data.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's mode. An existing
    file keeps the mode its owner chose.
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    # An existing file, or a folder that cannot be written: SQLite says so, in context.
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def upsert_insert(session: Session, table: Table) -> sqlite.Insert | postgresql.Insert:
    """An ``INSERT`` into ``table`` that takes ``on_conflict_do_update`` and ``returning``.

    SQLite and PostgreSQL spell ``INSERT … ON CONFLICT DO UPDATE`` alike, but SQLAlchemy
    builds it from each dialect's own ``insert``; this picks the session's.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def in_code_point_order(session: Session, column: ColumnElement[str]) -> ColumnElement[str]:
    """``column`` compared by code point, as Python compares ``str``, on either database.

    SQLite's default ``BINARY`` collation already compares UTF-8 bytes, which is code-point
    order; PostgreSQL compares by the database's locale unless told ``COLLATE "C"``.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column.collate("C")
    return column


def in_french_order(column: ColumnElement[Any] | QueryableAttribute[Any]) -> ColumnElement[str]:
    """``column`` compared as a French dictionary does (« Bénin » before « Burkina Faso »).

    Both databases know the collation by one name: PostgreSQL's ICU ``"fr-x-icu"``, and on
    SQLite the Python function ``ssm.i18n.french_compare`` that every connection registers
    under that name, so a query reads the same on either.
    """
    return column.collate(FRENCH_COLLATION)


class _ValueList(TypeDecorator[Sequence[Any]]):
    """A list bound as one parameter: a JSON array on SQLite, an array on PostgreSQL."""

    impl = String
    cache_ok = True

    def __init__(self, item: TypeEngine[Any]) -> None:
        """A list of values of type ``item`` (PostgreSQL casts the array to it)."""
        super().__init__()
        self.item = item

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """An array of ``item`` on PostgreSQL; text (JSON) elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(self.item))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Sequence[Any] | None, dialect: Dialect) -> Any:
        """The JSON text ``json_each`` reads on SQLite; a list for PostgreSQL's array."""
        if value is None:
            return None
        return json.dumps(list(value)) if dialect.name == "sqlite" else list(value)


class OneOf(ColumnElement[bool]):
    """``column`` equals one of the values of a list bound, whatever its length, as ONE parameter.

    ``column.in_(bindparam(name, expanding=True))`` has one parameter per value: SQLAlchemy
    renders the SQL anew on every call, and SQLite's statement cache misses whenever a
    batch's count differs. Here the SQL text never changes: SQLite reads the list as a
    JSON array (``IN (SELECT value FROM json_each(?))``, still answered by the column's
    index), PostgreSQL as an array (``= ANY(%s)``).

    Usage::

        statement = select(table.c.id).where(OneOf(table.c.ext_id, "ext_ids"))
        session.execute(statement, {"ext_ids": ["C1", "C2"]})
    """

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it is, not ``… = 1`` on SQLite
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 (SQLAlchemy's own type)
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], name: str) -> None:
        """Compare ``column`` with the list given as the parameter ``name``."""
        self.column = column
        self.values = bindparam(name, type_=_ValueList(column.type))


@compiles(OneOf, "sqlite")
def _one_of_on_sqlite(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(OneOf)  # PostgreSQL's, and what ``str(statement)`` shows
@compiles(OneOf, "postgresql")
def _one_of_as_array(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} = ANY({values})"


@dataclass(frozen=True, slots=True)
class _Plan:
    """One statement compiled for one dialect and one set of parameter names, reused."""

    sql: str
    names: tuple[str, ...]
    """Parameter names in the driver's order."""
    positional: bool
    """The driver takes tuples (``?``), not dicts (psycopg's named style)."""
    missing: tuple[Any, ...]
    """Python-side defaults of the columns the rows omit, in ``names`` order after theirs."""
    indexes: tuple[int, ...]
    """Where each parameter, in ``names`` order, is in ``row + missing``."""
    pick: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    """From ``row + missing`` to the parameters in ``names`` order."""
    processors: tuple[tuple[int, Callable[[Sequence[Any]], Sequence[Any]]], ...]
    """Bind processing (timestamps, amounts on SQLite) of a column, by parameter index."""


def _underlying(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    """The type a ``TypeDecorator`` (``UTCDateTime``, ``Amount``) wraps, else ``kind``."""
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _column_processor(
    kind: TypeEngine[Any], dialect: Dialect
) -> Callable[[Sequence[Any]], Sequence[Any]] | None:
    """The bind processing of a column of ``kind``'s values, or None when they go as they are.

    A type's own column processor first (``models.Amount``: millionths by C loops). A
    timestamp's or date's processor runs once per distinct value (one ``now`` for every row
    of a batch); hashing other values to find theirs would cost more than converting each.
    """
    by_column = getattr(kind, "bind_column_processor", None)
    if by_column is not None and (processor := by_column(dialect)) is not None:
        return cast(Callable[[Sequence[Any]], Sequence[Any]], processor)
    # The dialect's own implementation of the type, as SQLAlchemy itself uses: the generic
    # Numeric would turn an exact Decimal back into a float for psycopg.
    each = kind.dialect_impl(dialect).bind_processor(dialect)
    if each is None:
        return None
    if isinstance(_underlying(kind), (Date, DateTime)):

        def recurring(column: Sequence[Any]) -> Sequence[Any]:
            done = {value: each(value) for value in set(column)}
            return tuple(map(done.__getitem__, column))

        return recurring

    def one_by_one(column: Sequence[Any]) -> Sequence[Any]:
        return tuple(map(each, column))

    return one_by_one


_plans: dict[tuple[object, ...], _Plan] = {}
"""Plans by statement, dialect and row keys: a handful of statements serve every batch."""


def _plan(
    dialect: Dialect, table: Table, statement: Insert | Update, keys: tuple[str, ...]
) -> _Plan:
    cache_key = (statement, dialect, keys)
    plan = _plans.get(cache_key)
    if plan is not None:
        return plan
    if isinstance(statement, Insert):
        # No implicit RETURNING (PostgreSQL adds one for the primary key): nothing reads it.
        statement = statement.inline()
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    positional = compiled.positiontup is not None
    names = tuple(
        compiled.positiontup
        if compiled.positiontup is not None
        else dict.fromkeys(compiled.bind_names.values())
    )
    # Columns the rows omit but whose Python-side default SQLAlchemy would have filled in.
    omitted = [name for name in names if name not in keys]
    missing = tuple(
        table.columns[name].default.arg  # type: ignore[union-attr]
        for name in omitted
    )
    source = (*keys, *omitted)
    indexes = tuple(source.index(name) for name in names)
    pick = itemgetter(*indexes) if len(indexes) > 1 else (lambda row: (row[indexes[0]],))
    processors = tuple(
        (index, processor)
        for index, name in enumerate(names)
        if (column := table.columns.get(name)) is not None
        and (processor := _column_processor(column.type, dialect)) is not None
    )
    plan = _Plan(str(compiled), names, positional, missing, indexes, pick, processors)
    _plans[cache_key] = plan
    return plan


def executemany(
    session: Session,
    table: Table,
    statement: Insert | Update,
    rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
    *,
    keys: tuple[str, ...] | None = None,
) -> None:
    """Run ``statement`` (on ``table``) once per row of ``rows`` with one DBAPI executemany.

    SQLAlchemy's own executemany builds and type-processes a parameter set per row, which
    is about a quarter of the cost of a 200-invoice batch with its 800 lines. Here the
    statement is compiled once per dialect and set of keys (and kept), the bind processor
    of each of ``table``'s columns that has one (timestamps, amounts) is applied to that
    column's values only (a timestamp's once per distinct value of the batch: every row's
    ``now`` is one), and the rows go to the driver as tuples, or as dicts for named
    parameter styles. Rows are dicts with the keys of the first one, or tuples whose
    values are named by ``keys``; parameter names are column names (plus others, passed
    unprocessed).
    """
    if not rows:
        return
    connection = session.connection()
    if keys is None:
        keys = tuple(cast(dict[str, Any], rows[0]))
        tuples: Iterable[tuple[Any, ...]] = map(
            itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],)),
            cast(Sequence[dict[str, Any]], rows),
        )
    else:
        tuples = cast(Sequence[tuple[Any, ...]], rows)
    plan = _plan(connection.dialect, table, statement, keys)
    if plan.processors:
        # Column by column: the rows turned into columns once (``_rows_of``).
        _run(connection, plan, _rows_of(plan, list(zip(*tuples, strict=True)), len(rows)))
        return
    if plan.missing:
        tuples = (row + plan.missing for row in tuples)
    _run(connection, plan, list(map(plan.pick, tuples)))


def executemany_columns(
    session: Session,
    table: Table,
    statement: Insert | Update,
    columns: Sequence[Sequence[Any]],
    *,
    keys: tuple[str, ...],
) -> None:
    """``executemany`` of rows given as columns: one sequence of values per name of ``keys``.

    For a caller that holds its values by column (a batch's invoice lines): the rows are
    built once, by the last ``zip``.
    """
    count = len(columns[0]) if columns else 0
    if not count:
        return
    connection = session.connection()
    plan = _plan(connection.dialect, table, statement, keys)
    _run(connection, plan, _rows_of(plan, list(columns), count))


def _rows_of(plan: _Plan, source: list[Sequence[Any]], count: int) -> list[tuple[Any, ...]]:
    """The parameter rows of ``count`` rows given as columns in ``keys`` order.

    The omitted columns' defaults added, the columns picked in the driver's order and
    processed (``_column_processor``), then the rows built by ``zip``.
    """
    source = source + [(value,) * count for value in plan.missing]
    columns = [source[index] for index in plan.indexes]
    for index, processor in plan.processors:
        columns[index] = processor(columns[index])
    return list(zip(*columns, strict=True))


_MAX_PARAMETERS = 32_766
"""Parameters of one statement at most: SQLite's limit since 3.32 (PostgreSQL's: 65,535)."""

_values_sql: dict[tuple[object, ...], str] = {}
"""Multi-row ``INSERT`` texts by dialect, table, columns, row count and returned columns."""


def insert_returning(
    session: Session,
    table: Table,
    statement: Insert,
    columns: Sequence[Sequence[Any]],
    *,
    keys: tuple[str, ...],
    returning: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """Insert rows given as columns (as ``executemany_columns``), returning ``returning``.

    One ``INSERT … VALUES (…), (…), … RETURNING`` per chunk of rows hands back the ids of
    the new rows (new invoices, for their lines) without another look-up; an executemany
    cannot return them (SQLAlchemy then runs one statement per row). Rows come back in no
    promised order: return a key (``ext_id``) with the id. Invoice lines, which need no
    ids, stay an executemany: one multi-row statement for them measured no cheaper for
    the whole service (a pme sync, 3 alternated runs).
    """
    count = len(columns[0]) if columns else 0
    if not count:
        return []
    connection = session.connection()
    dialect = connection.dialect
    plan = _plan(dialect, table, statement, keys)
    rows = _rows_of(plan, list(columns), count)
    per_statement = max(1, _MAX_PARAMETERS // len(plan.names))
    returned: list[tuple[Any, ...]] = []
    for start in range(0, count, per_statement):
        chunk = rows[start : start + per_statement]
        sql = _multi_row_sql(dialect, table, plan.names, len(chunk), returning)
        result = connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))
        returned += map(tuple, result.all())
    return returned


def _multi_row_sql(
    dialect: Dialect, table: Table, names: tuple[str, ...], count: int, returning: tuple[str, ...]
) -> str:
    """``INSERT INTO table (names) VALUES (…) × count RETURNING …``, positional, kept."""
    cache_key = (dialect, table, names, count, returning)
    sql = _values_sql.get(cache_key)
    if sql is None:
        preparer = dialect.identifier_preparer
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        row = f"({', '.join([marker] * len(names))})"
        sql = (
            f"INSERT INTO {preparer.format_table(table)} ({', '.join(map(preparer.quote, names))})"
            f" VALUES {', '.join([row] * count)}"
            f" RETURNING {', '.join(map(preparer.quote, returning))}"
        )
        _values_sql[cache_key] = sql
    return sql


def _run(connection: Connection, plan: _Plan, params: list[Any]) -> None:
    """One DBAPI executemany of ``plan``'s SQL; dicts for a driver with named parameters."""
    if not plan.positional:
        params = [dict(zip(plan.names, values, strict=True)) for values in params]
    connection.exec_driver_sql(plan.sql, params)


class Database:
    """The engine of one database URL, with read and write transaction helpers.

    Usage::

        db = Database("postgresql+psycopg://ssm@db.example.fr/ssm")
        db.create_schema()
        with db.write() as session:
            session.add(...)
        db.dispose()
    """

    def __init__(
        self,
        url: str,
        *,
        sqlite_busy_timeout_ms: int = 10_000,
        pool_size: int = 5,
        max_overflow: int = 10,
        pool_timeout_seconds: float = 30,
    ) -> None:
        url = normalise_url(url)
        self.url = url
        try:
            backend = make_url(url).get_backend_name()
            if backend == "sqlite":
                with contextlib.closing(sqlite3.connect(":memory:")) as probe:
                    check_sqlite(probe)
            options: dict[str, Any] = {}
            if backend == "postgresql":
                options = {
                    "pool_size": pool_size,
                    "max_overflow": max_overflow,
                    "pool_timeout": pool_timeout_seconds,
                    "pool_pre_ping": True,
                    "pool_recycle": 3600,
                }
            engine = create_engine(url, **options)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise DatabaseError(messages.DATABASE_URL_INVALID.format(url=url, reason=exc)) from exc
        self.is_sqlite = engine.dialect.name == "sqlite"
        if self.is_sqlite:
            _create_private(engine.url.database)
            _sqlite_pragmas(engine, sqlite_busy_timeout_ms)
        self.engine = engine
        self._writer = engine
        if self.is_sqlite and engine.url.database not in (None, "", ":memory:"):
            # One connection writes, under the lock below: its page cache stays valid from
            # one transaction to the next. Rotating through the pool, each writer found the
            # file changed by another connection and read its pages again.
            self._writer = create_engine(engine.url, pool_size=1, max_overflow=0)
            _sqlite_pragmas(self._writer, sqlite_busy_timeout_ms)
        self.write_engine = self._writer.execution_options(**{_IMMEDIATE: True})
        # SQLite has one writer at a time: threads of this process queue here, and the next
        # one starts the moment the last commits. Left to SQLite's busy handler, a waiting
        # writer sleeps in steps of up to 100 ms, and the database idles meanwhile.
        self._writers = threading.Lock() if self.is_sqlite else contextlib.nullcontext()

    @classmethod
    def from_settings(cls, settings: CloudSettings) -> Database:
        """The database ``settings`` name, with their pool and busy-timeout values."""
        return cls(
            settings.database_url,
            sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_timeout_seconds=settings.database_pool_timeout_seconds,
        )

    @classmethod
    def migrated(cls, settings: CloudSettings) -> Database:
        """The database ``settings`` name, its schema brought to the head revision.

        Disposed of when the migration fails, so a caller owns an engine only on success.

        Raises:
            DatabaseError: the database cannot be opened or its schema migrated.
        """
        database = cls.from_settings(settings)
        try:
            database.create_schema()
        except BaseException:
            database.dispose()
            raise
        return database

    def create_schema(self) -> None:
        """Bring the schema to the head revision (Alembic); "cannot open" → ``DatabaseError``."""
        from ssm.cloud import migrations  # here: Alembic loads only when a schema is needed

        try:
            migrations.upgrade(self.write_engine)
        except OperationalError as exc:
            raise DatabaseError(
                messages.DATABASE_UNAVAILABLE.format(url=self.engine.url, reason=exc.orig)
            ) from exc

    def ping(self) -> None:
        """Run ``SELECT 1``, so health checks prove the database answers."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; its transaction is rolled back at the end."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits on success (SQLite: takes the write lock first)."""
        with (
            self._writers,
            Session(self.write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def dispose(self) -> None:
        """Close every pooled connection (tests and shutdown)."""
        self.engine.dispose()
        self._writer.dispose()
