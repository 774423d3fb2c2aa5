"""Key reads for reconciliation: every live key of a table spec, in order, from an index.

Sage keeps no tombstones, so the connector finds deletions by comparing key sets. Each
chunk is one keyset select (``key > :last ORDER BY key``) that one of Sage's indexes
answers. A filtered spec whose key has a binary copy (``CLIENTS``: ``CT_Type = 0`` and
``cbCT_Num``) pages on that copy, which Sage indexes with the filter's column
(``ICT_TYPE`` is ``CT_Type, cbCT_Num``), and reads the key back from it
(``CAST(cbCT_Num AS VARCHAR(17))``): the index alone answers, no row is looked up.
Otherwise ``UKA_F_ARTICLE_AR_Ref``, ``ICT_NO``, ``ICO_CONO`` and, for ``INVOICES``, the
primary key ``cbMarq``. The caller names the spec: which spec backs which of its streams
is the connector's business, not Sage's.

Keys are strings, as the connector sends them as ``extId``. The order is the index's:
numeric for integer keys (``CO_No``, ``CT_No``, ``cbMarq``: ``"9"`` before ``"10"``),
bytes of the binary copy for clients, the column's collation for items (binary on the
emulator, case-insensitive French on SQL Server, where Sage's unique index forbids two
references differing only in case). The connector compares key sets without caring for
their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Engine, String, cast, select

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import unindexed
from ssm.sage100._probe import company_schema
from ssm.sage100._read import TableSpec, fetch_columns
from ssm.sage100.schema import declared_columns

__all__ = ["read_keys"]


def read_keys(engine: Engine, spec: TableSpec, *, chunk_size: int = 10_000) -> Iterator[list[str]]:
    """Yield every key of the rows ``spec`` selects, in chunks.

    Keys come ordered by the spec's key (see the module docstring for the order) and
    as strings; NULL keys are skipped. Each chunk is a separate statement, so a slow
    consumer holds no connection between chunks.

    Raises:
        ValueError: a chunk size below 1.
        SageSchemaError: the company lacks a column the spec requires.
        SageConnectionError: the database could not be read.
    """
    if chunk_size < 1:
        raise ValueError(msg.CHUNK_SIZE_INVALID.format(chunk_size=chunk_size))
    schema = company_schema(engine)
    schema.require(spec.table, spec.required)
    key = spec.sa_table.c[spec.key]
    binary = _binary_copy(spec) if spec.where is not None else None
    if binary is not None and schema.has(spec.table, binary.name):
        # Sage indexes the binary copy (ICT_TYPE is CT_Type, cbCT_Num): page on it, and
        # read the key back from it, so the index alone answers, without a row lookup.
        order: Any = binary
        text = cast(binary, String(key.type.length))  # type: ignore[attr-defined]
        base = select(order, text)
    else:
        order = key
        base = select(order)
    base = base.where(order.is_not(None)).order_by(order).limit(chunk_size)
    if spec.where is not None:
        # On cbMarq the primary key is the index: keep the filter from luring the planner.
        base = base.where(unindexed(spec.where) if spec.key == "cbMarq" else spec.where)
    last: Any = None
    while True:
        query = base if last is None else base.where(order > last)
        columns = fetch_columns(engine, query, spec.table)
        if not columns:
            return
        last = columns[0][-1]
        yield list(map(str, columns[-1]))
        if len(columns[0]) < chunk_size:
            return


def _binary_copy(spec: TableSpec) -> Column[Any] | None:
    """Sage's computed binary copy of the spec's key (``cbCT_Num`` for ``CT_Num``), if any."""
    for decl in declared_columns(spec.sa_table):
        if decl.key == ("copy", spec.key):
            return spec.sa_table.c[decl.name]
    return None
