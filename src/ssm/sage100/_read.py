"""Incremental readers: keyset-paged reads of a Sage table by ``(cbModification, cbMarq)``.

``cbModification`` has minute precision and no index, so a reader cannot trust ``>`` on
it: with ``since``, :func:`read_changes` re-reads from ``since.cbModification - overlap``
*inclusive*, and the caller skips unchanged rows by content hash. Each chunk is one
SQLAlchemy Core select::

    SELECT <columns> FROM <table>
    WHERE <spec.where> AND (cbModification > :m OR (cbModification = :m AND cbMarq > :k))
    ORDER BY cbModification, cbMarq LIMIT :chunk_size

so memory stays constant whatever the table size, and ties on ``cbModification`` are
broken by ``cbMarq``, never skipped nor repeated across chunk boundaries.

Rows are plain dicts keyed by Sage column names: amounts are :class:`~decimal.Decimal`
(six places, like ``numeric(24,6)``), dates naive :class:`~datetime.datetime` in server
local time, text ``str``, flags and ids ``int``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, Table, and_, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import _messages as msg
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.schema import METADATA

__all__ = ["Batch", "Cursor", "TableSpec", "count_rows", "read_changes"]


@dataclass(frozen=True)
class Cursor:
    """A position in a table's change order: the last row's ``cbModification`` and ``cbMarq``."""

    cbModification: datetime
    cbMarq: int


@dataclass(frozen=True, eq=False)
class TableSpec:
    """What to read from one Sage table.

    Example::

        TableSpec(table="F_ARTICLE", key="AR_Ref", columns=("AR_Ref", "AR_Design"),
                  where=F_ARTICLE.c.AR_Sommeil == 0, chunk_size=500)

    ``cbMarq`` and ``cbModification`` are always read, listed or not. Specs compare by
    identity: SQL clauses have no value equality.
    """

    table: str
    key: str
    columns: tuple[str, ...]
    where: ColumnElement[bool] | None = None
    chunk_size: int = 1000

    def __post_init__(self) -> None:
        table = METADATA.tables.get(self.table)
        if table is None:
            raise ValueError(msg.TABLE_UNKNOWN.format(table=self.table))
        unknown = [c for c in (self.key, *self.columns) if c not in table.c]
        if unknown:
            raise ValueError(
                msg.COLUMNS_UNKNOWN.format(table=self.table, columns=", ".join(unknown))
            )
        if self.chunk_size < 1:
            raise ValueError(msg.CHUNK_SIZE_INVALID.format(chunk_size=self.chunk_size))

    @property
    def sa_table(self) -> Table:
        """The declared SQLAlchemy table."""
        return METADATA.tables[self.table]


@dataclass(frozen=True)
class Batch:
    """One chunk of rows, in cursor order, and the cursor of its last row."""

    rows: list[dict[str, object]]
    cursor: Cursor


def _select(spec: TableSpec) -> Select[Any]:
    table = spec.sa_table
    names = list(dict.fromkeys((*spec.columns, "cbMarq", "cbModification")))
    query = select(*(table.c[n] for n in names))
    if spec.where is not None:
        query = query.where(spec.where)
    return query


def read_changes(
    engine: Engine,
    spec: TableSpec,
    since: Cursor | None = None,
    overlap: timedelta = timedelta(minutes=2),
) -> Iterator[Batch]:
    """Yield the rows of ``spec`` changed since ``since``, in chunks, oldest first.

    Args:
        engine: an engine on one company (``Sage100Server.engine``).
        spec: the table, columns, filter and chunk size.
        since: the cursor of the last row already handled, or None for everything.
        overlap: how far before ``since.cbModification`` to start again (inclusive).

    Yields:
        Batches of at most ``spec.chunk_size`` rows ordered by (cbModification, cbMarq).

    Raises:
        SageConnectionError: the database could not be read.
    """
    table = spec.sa_table
    modified, marq = table.c.cbModification, table.c.cbMarq
    base = _select(spec).order_by(modified, marq).limit(spec.chunk_size)
    after: Cursor | None = None
    while True:
        query = base
        if after is not None:
            query = query.where(
                or_(
                    modified > after.cbModification,
                    and_(modified == after.cbModification, marq > after.cbMarq),
                )
            )
        elif since is not None:
            query = query.where(modified >= since.cbModification - overlap)
        try:
            with engine.connect() as conn:
                rows = [dict(r._mapping) for r in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise SageConnectionError(
                msg.TABLE_UNREADABLE.format(table=spec.table, detail=msg.db_reason(exc))
            ) from exc
        if not rows:
            return
        last = rows[-1]
        after = Cursor(cbModification=last["cbModification"], cbMarq=last["cbMarq"])
        yield Batch(rows=rows, cursor=after)
        if len(rows) < spec.chunk_size:
            return


def count_rows(engine: Engine, spec: TableSpec) -> int:
    """Count the rows ``spec`` selects (its ``where``, not its cursor).

    Raises:
        SageConnectionError: the database could not be read.
    """
    query = select(func.count()).select_from(spec.sa_table)
    if spec.where is not None:
        query = query.where(spec.where)
    try:
        with engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
    except SQLAlchemyError as exc:
        raise SageConnectionError(
            msg.TABLE_UNCOUNTABLE.format(table=spec.table, detail=msg.db_reason(exc))
        ) from exc
