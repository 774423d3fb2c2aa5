"""Composite readers: records made of several tables, re-read whole when any part changed.

An item is ``F_ARTICLE`` plus its family name (``F_FAMILLE``) and its stock summed over
depots (``F_ARTSTOCK``); an invoice is an ``F_DOCENTETE`` header plus its ``F_DOCLIGNE``
lines. Both keep :func:`~ssm.sage100.read_changes`' cursor semantics:

- the **initial read** scans the root table by ``cbMarq`` and fetches each chunk's
  children with one more statement (stock is aggregated by SQL, in the same statement);
- a **change read** first collects the roots to re-read with one statement that scans
  each table once (``cbModification`` has no index: full scans cannot be avoided, but
  there is one per table, not one per chunk), then reads those roots in ``cbMarq``
  chunks. Its batches are ordered by the root's ``cbMarq``.

The reads of one chunk are separate statements, not one snapshot: a document posted
between the header's and the lines' statements may come with the new lines. Any such
edit stamps ``cbModification`` after the read's start, so the next change read re-reads
the record whole.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    Select,
    Table,
    and_,
    func,
    null,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import SQLAlchemyError

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import SageNumeric, SageNumericJson, unindexed
from ssm.sage100._probe import company_schema, forget_schema
from ssm.sage100._read import (
    DEFAULT_OVERLAP,
    Batch,
    Cursor,
    Row,
    fetch,
    fetch_tuples,
    live_cursor,
    lower_bound,
    now,
    scan_by_marq,
)
from ssm.sage100._specs import ARTICLES, INVOICES, DocumentSpec
from ssm.sage100.errors import SageConnectionError
from ssm.sage100.schema import F_ARTICLE, F_ARTSTOCK, F_DOCENTETE, F_DOCLIGNE, F_FAMILLE

__all__ = [
    "ARTICLE_PARTS",
    "DOCUMENT_PARTS",
    "MAX_CHUNK",
    "Reader",
    "article_reader",
    "document_reader",
    "read_articles",
    "read_documents",
]

#: Roots per chunk: SQL Server takes at most 2,100 parameters per statement.
MAX_CHUNK = 2000

Reader = Callable[[ColumnElement[bool], int | None], list[Row]]
"""``read(where, limit)``: root rows matching ``where`` (at most ``limit``), parts included."""

#: Columns of the other tables an item is made of, which :func:`read_articles` requires.
ARTICLE_PARTS: dict[str, tuple[str, ...]] = {
    "F_FAMILLE": ("FA_CodeFamille", "FA_Intitule", "cbModification"),
    "F_ARTSTOCK": ("AR_Ref", "AS_QteSto", "AS_QteRes", "AS_QtePrepa", "cbModification"),
}
#: Sage's binary piece keys that link lines to headers (``IDO_TPIECE``, ``IDL_LIGNE``).
DOCUMENT_PARTS: dict[str, tuple[str, ...]] = {
    "F_DOCENTETE": ("cbDO_Piece",),
    "F_DOCLIGNE": ("cbDO_Piece", "cbModification"),
}


def _require(engine: Engine, parts: dict[str, tuple[str, ...]]) -> None:
    schema = company_schema(engine)
    for table, columns in parts.items():
        schema.require(table, columns)


def _collect(engine: Engine, queries: Iterable[Select[Any]], table: str) -> array[int]:
    """The ``cbMarq`` of the roots a change read must re-read, sorted (8 bytes each)."""
    found: set[int] = set()
    try:
        with engine.connect() as conn:
            for query in queries:
                found.update(int(m) for m in conn.execute(query).scalars())
    except SQLAlchemyError as exc:
        forget_schema(engine)
        raise SageConnectionError(
            msg.TABLE_UNREADABLE.format(table=table, detail=msg.db_reason(exc))
        ) from exc
    return array("q", sorted(found))


def _composite(
    engine: Engine,
    root: Table,
    since: Cursor | None,
    overlap: timedelta,
    chunk_size: int,
    read: Reader,
    changed: Callable[[Any], Iterable[Select[Any]]],
) -> Iterator[Batch]:
    """Drive an initial or change read; ``read(where, limit)`` reads roots with children."""
    if not 1 <= chunk_size <= MAX_CHUNK:
        raise ValueError(msg.CHUNK_SIZE_INVALID.format(chunk_size=chunk_size))
    table, marq = root.name, root.c.cbMarq
    if since is None or since.backfill:
        yield from scan_by_marq(
            engine, table, since, chunk_size, lambda after, limit: read(marq > after, limit)
        )
        return
    clock = now(engine, table)
    roots = _collect(engine, changed(lower_bound(since, clock, overlap)), table)
    for offset in range(0, len(roots), chunk_size):
        keys = roots[offset : offset + chunk_size]
        rows = read(marq.in_(list(keys)), None)
        if offset + chunk_size >= len(roots):
            yield Batch(rows=rows, cursor=live_cursor(clock))
            return
        yield Batch(rows=rows, cursor=since)
    yield Batch(rows=[], cursor=live_cursor(clock))


def read_articles(
    engine: Engine,
    since: Cursor | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
    *,
    chunk_size: int = 2000,
) -> Iterator[Batch]:
    """Yield items: ``ARTICLES`` columns, ``FA_Intitule``, ``stock_total``, ``stock_available``.

    ``stock_total`` is ``AS_QteSto`` summed over depots, ``stock_available`` is
    ``AS_QteSto - AS_QteRes - AS_QtePrepa`` summed likewise (both ``Decimal``, 0 without
    stock rows). An item counts as changed when its ``F_ARTICLE`` row, one of its
    ``F_ARTSTOCK`` rows or its ``F_FAMILLE`` row changed. Cursor semantics are those of
    :func:`~ssm.sage100.read_changes`.

    Raises:
        SageSchemaError: the company lacks a column items need.
        SageConnectionError: the database could not be read.
    """
    a, f, s = F_ARTICLE.c, F_FAMILLE.c, F_ARTSTOCK.c
    read = article_reader(engine)

    def changed(low: Any) -> list[Select[Any]]:
        # One scan per table; the small IN lists are looked up by IAR_REF / IAR_FAMILLE.
        return [
            select(a.cbMarq).where(
                or_(
                    a.cbModification >= low,
                    a.AR_Ref.in_(select(s.AR_Ref).where(s.cbModification >= low)),
                    a.FA_CodeFamille.in_(select(f.FA_CodeFamille).where(f.cbModification >= low)),
                )
            )
        ]

    yield from _composite(engine, F_ARTICLE, since, overlap, chunk_size, read, changed)


def article_reader(engine: Engine) -> Reader:
    """``read(where, limit)``: items matching ``where`` with family and stock, by ``cbMarq``.

    Shared by :func:`read_articles` and the reads by key (``read_by_keys``), so an item
    read again by its reference is the very row a change read gives.

    Raises:
        SageSchemaError: the company lacks a column items need.
        SageConnectionError: the database could not be read.
    """
    a, f, s = F_ARTICLE.c, F_FAMILLE.c, F_ARTSTOCK.c
    _require(engine, ARTICLE_PARTS)

    def _sum(expression: ColumnElement[Any], label: str) -> Any:
        total = select(func.coalesce(func.sum(expression), 0)).where(s.AR_Ref == a.AR_Ref)
        return type_coerce(total.scalar_subquery(), SageNumeric()).label(label)

    zero = 0
    available = (
        func.coalesce(s.AS_QteSto, zero)
        - func.coalesce(s.AS_QteRes, zero)
        - func.coalesce(s.AS_QtePrepa, zero)
    )
    base = select(
        *(a[n] for n in ARTICLES.names(engine)),
        f.FA_Intitule,
        _sum(s.AS_QteSto, "stock_total"),
        _sum(available, "stock_available"),
    ).select_from(F_ARTICLE.outerjoin(F_FAMILLE, f.FA_CodeFamille == a.FA_CodeFamille))

    def read(where: ColumnElement[bool], limit: int | None) -> list[Row]:
        query = base.where(where).order_by(a.cbMarq)
        return fetch(engine, query.limit(limit) if limit else query, "F_ARTICLE")

    return read


def _line_column(column: Column[Any], spec: DocumentSpec) -> ColumnElement[Any]:
    """A line column as its tuples hold it: the spec's ``json_lines`` as JSON numbers."""
    if column.name in spec.json_lines:
        return type_coerce(column, SageNumericJson()).label(column.name)
    return column


def read_documents(
    engine: Engine,
    since: Cursor | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
    spec: DocumentSpec = INVOICES,
    *,
    chunk_size: int = 1000,
) -> Iterator[Batch]:
    """Yield the sales documents ``spec`` selects: a header dict with its ``"lines"``.

    Each row holds the ``DOCUMENTS`` columns, ``cbMarq`` (the document's key: a
    transformation rewrites ``DO_Type``/``DO_Piece`` in place) and ``cbModification``,
    plus ``"lines"``: its ``F_DOCLIGNE`` rows, ordered by ``DL_Ligne``, as tuples laid
    out as ``spec.line_columns`` (:data:`DOCUMENT_LINE_COLUMNS` for invoices; no dict
    per line: issue 14; ``DL_MontantTTC`` only where the header lacks ``DO_TotalTTC``),
    the amounts of ``spec.json_lines`` as exact JSON numbers. Lines are returned
    as Sage holds them, an ``AR_Ref`` of no item included. Credit notes are invoices with
    ``DO_Provenance`` 1 or 2; amounts keep Sage's signs. A document counts as changed
    when its header or any of its lines changed, so a transformation into one of
    ``spec.types`` brings it in. Cursor semantics are those of
    :func:`~ssm.sage100.read_changes`.

    Raises:
        SageSchemaError: the company lacks a column documents need.
        SageConnectionError: the database could not be read.
    """
    h, ln = F_DOCENTETE.c, F_DOCLIGNE.c
    read = document_reader(engine, spec)
    type_list = list(spec.types)
    is_root = and_(h.DO_Domaine == 0, h.DO_Type.in_(type_list))

    def changed(low: Any) -> Iterator[Select[Any]]:
        # One scan of the headers, one of the lines; then changed lines' pieces are
        # turned into header cbMarq through IDO_TPIECE, a few hundred at a time. The
        # pieces travel as Sage's binary keys, bytes the server compares byte for byte
        # whatever its collation.
        yield select(h.cbMarq).where(unindexed(and_(is_root, h.cbModification >= low)))
        pieces = select(ln.DO_Type, ln.cbDO_Piece).distinct()
        pieces = pieces.where(
            unindexed(and_(ln.DO_Domaine == 0, ln.DO_Type.in_(type_list), ln.cbModification >= low))
        )
        by_type: defaultdict[int, list[bytes]] = defaultdict(list)
        for row in fetch(engine, pieces, "F_DOCLIGNE"):
            by_type[int(row["DO_Type"])].append(bytes(row["cbDO_Piece"]))  # type: ignore[call-overload]
        for do_type, keys in sorted(by_type.items()):
            for i in range(0, len(keys), MAX_CHUNK):
                yield select(h.cbMarq).where(
                    h.DO_Domaine == 0,
                    h.DO_Type == do_type,
                    h.cbDO_Piece.in_(keys[i : i + MAX_CHUNK]),
                )

    yield from _composite(engine, F_DOCENTETE, since, overlap, chunk_size, read, changed)


def document_reader(engine: Engine, spec: DocumentSpec = INVOICES) -> Reader:
    """``read(where, limit)``: sales documents of ``spec`` matching ``where``, with lines.

    Shared by :func:`read_documents` and the reads by key (``read_by_keys``): a document
    read again by its ``cbMarq`` is the very row a change read gives, and one that is no
    longer of ``spec.types`` (or no longer exists) is not returned.

    Raises:
        SageSchemaError: the company lacks a column documents need.
        SageConnectionError: the database could not be read.
    """
    h, ln = F_DOCENTETE.c, F_DOCLIGNE.c
    _require(engine, DOCUMENT_PARTS)
    type_list = list(spec.types)
    is_root = and_(h.DO_Domaine == 0, h.DO_Type.in_(type_list))
    # Sage indexes pieces through their binary copies (IDO_TPIECE, IDL_LIGNE).
    link = and_(
        ln.DO_Domaine == h.DO_Domaine, ln.DO_Type == h.DO_Type, ln.cbDO_Piece == h.cbDO_Piece
    )
    head_names = spec.names(engine)
    heads = select(*(h[n] for n in head_names)).where(unindexed(is_root))
    has = set(spec.lines.names(engine))
    if "DO_TotalTTC" in head_names:
        has.discard("DL_MontantTTC")  # wanted only to rebuild a total the header lacks
    # Driven by the headers' cbMarq, then IDL_LIGNE: no filter that could mislead the plan.
    lines = select(
        h.cbMarq.label("_root"),
        *(_line_column(ln[n], spec) if n in has else null().label(n) for n in spec.line_columns),
    ).select_from(F_DOCLIGNE.join(F_DOCENTETE, link))

    def read(where: ColumnElement[bool], limit: int | None) -> list[Row]:
        query = heads.where(where).order_by(h.cbMarq)
        rows = fetch(engine, query.limit(limit) if limit else query, "F_DOCENTETE")
        if not rows:
            return rows
        keys = [r["cbMarq"] for r in rows]
        children: defaultdict[object, list[tuple[Any, ...]]] = defaultdict(list)
        query = lines.where(h.cbMarq.in_(keys)).order_by(h.cbMarq, ln.DL_Ligne)
        for line in fetch_tuples(engine, query, "F_DOCLIGNE"):
            children[line[0]].append(line[1:])
        for row in rows:
            row["lines"] = children.get(row["cbMarq"], [])
        return rows

    return read
