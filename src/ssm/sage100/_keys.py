"""Key reads for reconciliation: every live key of a stream, in order, from an index.

Sage keeps no tombstones, so the connector finds deletions by comparing key sets. Each
chunk is one keyset select (``key > :last ORDER BY key``) that one of Sage's indexes
answers: ``UKA_F_COMPTET_CT_Num`` for accounts, ``ICT_NO``, ``UKA_F_ARTICLE_AR_Ref``,
``ICO_CONO``, and the primary key ``cbMarq`` for invoices.

Keys are strings, as the connector sends them as ``extId``. The order is the database's:
numeric for integer keys (``CO_No``, ``CT_No``, ``cbMarq``: ``"9"`` before ``"10"``); for
text keys (``CT_Num``, ``AR_Ref``) the column's collation: binary on the emulator
(Python's ``str`` order), case-insensitive French on SQL Server, where Sage's unique
indexes forbid two keys differing only in case, so paging misses none. The connector
compares key sets without caring for their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from ssm.sage100 import _messages as msg
from ssm.sage100._dialect import unindexed
from ssm.sage100._probe import company_schema
from ssm.sage100._read import TableSpec, fetch_scalars
from ssm.sage100._specs import ARTICLES, CLIENTS, CONTACTS, INVOICES, USERS

__all__ = ["KEY_STREAMS", "read_keys"]

#: The streams :func:`read_keys` knows by name, and the spec whose key it reads.
KEY_STREAMS: dict[str, TableSpec] = {
    "users": USERS,
    "accounts": CLIENTS,
    "contacts": CONTACTS,
    "products": ARTICLES,
    "invoices": INVOICES,
}


def read_keys(
    engine: Engine, stream: str | TableSpec, *, chunk_size: int = 10_000
) -> Iterator[list[str]]:
    """Yield every key of ``stream`` (a name of :data:`KEY_STREAMS` or a spec), in chunks.

    Keys come ordered by the spec's key (see the module docstring for the order) and
    as strings; NULL keys are skipped. Each chunk is a separate statement, so a slow
    consumer holds no connection between chunks.

    Raises:
        ValueError: unknown stream name or a chunk size below 1.
        SageSchemaError: the company lacks a column the stream requires.
        SageConnectionError: the database could not be read.
    """
    if isinstance(stream, str):
        if stream not in KEY_STREAMS:
            raise ValueError(
                msg.STREAM_UNKNOWN.format(stream=stream, choices=msg.one_of(list(KEY_STREAMS)))
            )
        spec = KEY_STREAMS[stream]
    else:
        spec = stream
    if chunk_size < 1:
        raise ValueError(msg.CHUNK_SIZE_INVALID.format(chunk_size=chunk_size))
    company_schema(engine).require(spec.table, spec.required)
    key = spec.sa_table.c[spec.key]
    base = select(key.label("key")).where(key.is_not(None)).order_by(key).limit(chunk_size)
    if spec.where is not None:
        # On cbMarq the primary key is the index: keep the filter from luring the planner.
        base = base.where(unindexed(spec.where) if spec.key == "cbMarq" else spec.where)
    last: Any = None
    while True:
        query = base if last is None else base.where(key > last)
        keys = fetch_scalars(engine, query, spec.table)
        if keys:
            last = keys[-1]
            yield [str(k) for k in keys]
        if len(keys) < chunk_size:
            return
