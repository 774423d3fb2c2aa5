"""Reads by key: the rows of a spec for given keys, as its change read would give them.

A connector retries a record the CRM refused for a reason that can go away (its parent not
there yet): it reads that record again from Sage by its key, not through the change read,
whose cursor has long moved past it. Each spec is read with its own filter and columns
(``ARTICLES`` and document specs such as ``INVOICES`` through the composite readers,
parts included), so a row
read by key equals the row a change read would give, and a key Sage no longer has, or
that the filter no longer selects (a tiers turned supplier, a document that is no longer
an invoice), is simply absent from the result.

Keys come as strings, as the connector stores them; they travel in ``IN`` lists of at
most ``MAX_CHUNK`` (2,000) values: SQL Server takes at most 2,100 parameters in a
statement. Each list is looked up by the key's index (``UKA_F_ARTICLE_AR_Ref``,
``UKA_F_COMPTET_CT_Num``, ``ICT_NO``, ``ICO_CONO``, the ``cbMarq`` primary key).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import ColumnElement, Engine, Integer, select

from ssm.sage100 import messages as msg
from ssm.sage100._composite import MAX_CHUNK, Reader, article_reader, document_reader
from ssm.sage100._read import Row, TableSpec, fetch
from ssm.sage100._specs import DocumentSpec
from ssm.sage100.schema import F_ARTICLE

__all__ = ["read_by_keys"]


def read_by_keys(
    engine: Engine, spec: TableSpec, keys: Sequence[str], *, chunk_size: int = MAX_CHUNK
) -> Iterator[list[Row]]:
    """Yield the rows ``spec`` selects whose key is in ``keys``.

    Rows are those the spec's reader gives (``read_changes``, ``read_articles``,
    ``read_documents``), in chunks of at most ``chunk_size`` keys, ordered by ``cbMarq``
    within a chunk. A key the spec does not select, or that cannot be one (text for an
    integer key), yields nothing.

    Raises:
        ValueError: a chunk size outside 1–2,000.
        SageSchemaError: the company lacks a column the spec requires.
        SageConnectionError: the database could not be read.
    """
    if not 1 <= chunk_size <= MAX_CHUNK:
        raise ValueError(msg.CHUNK_SIZE_INVALID.format(chunk_size=chunk_size))
    wanted = _typed(spec, keys)
    if not wanted:
        return
    read = _reader(engine, spec)
    key = spec.sa_table.c[spec.key]
    for start in range(0, len(wanted), chunk_size):
        yield read(key.in_(wanted[start : start + chunk_size]), None)


def _reader(engine: Engine, spec: TableSpec) -> Reader:
    """The spec's own select, by ``cbMarq``: composite for items and documents."""
    if spec.table == F_ARTICLE.name:
        return article_reader(engine)
    if isinstance(spec, DocumentSpec):
        return document_reader(engine, spec)
    table = spec.sa_table
    base = select(*(table.c[n] for n in spec.names(engine))).order_by(table.c.cbMarq)
    if spec.where is not None:
        base = base.where(spec.where)

    def read(where: ColumnElement[bool], _limit: int | None) -> list[Row]:
        return fetch(engine, base.where(where), spec.table)

    return read


def _typed(spec: TableSpec, keys: Sequence[str]) -> list[object]:
    """The keys as the key column compares them, duplicates and impossible keys dropped."""
    if not isinstance(spec.sa_table.c[spec.key].type, Integer):
        return list(dict.fromkeys(keys))
    return list(dict.fromkeys(int(k) for k in keys if k.strip().lstrip("-").isdigit()))
