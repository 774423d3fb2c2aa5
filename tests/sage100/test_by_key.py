"""Reads by key: a stream's rows for given keys, equal to what its reader gives."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import delete, select, update

from ssm.sage100 import (
    CLIENTS,
    CONTACTS,
    INVOICES,
    QUOTES,
    SALES_DOCUMENTS,
    read_articles,
    read_by_keys,
    read_changes,
    read_documents,
)
from ssm.sage100.schema import F_COMPTET, F_DOCENTETE, F_DOCLIGNE

from ._labels import SPECS


def _full(engine, stream: str) -> dict[str, dict]:
    """Every row the stream's own reader gives, by key as a string."""
    if stream == "products":
        batches = read_articles(engine)
    elif stream == "invoices":
        batches = read_documents(engine)
    else:
        batches = read_changes(engine, SPECS[stream])
    key = SPECS[stream].key
    return {str(row[key]): _comparable(row) for batch in batches for row in batch.rows}


def _comparable(row: dict) -> dict:
    """The row with its lines' JSON numbers as their bytes: fragments compare by identity."""
    if "lines" not in row:
        return row
    lines = [
        tuple(orjson.dumps(v) if isinstance(v, orjson.Fragment) else v for v in line)
        for line in row["lines"]
    ]
    return {**row, "lines": lines}


@pytest.mark.parametrize("stream", list(SPECS))
def test_rows_read_by_key_are_the_rows_the_reader_gives(engine, stream) -> None:
    full = _full(engine, stream)
    wanted = sorted(full)[::3]
    assert wanted
    chunks = list(read_by_keys(engine, SPECS[stream], wanted, chunk_size=4))
    assert len(chunks) == -(-len(wanted) // 4)  # one statement per 4 keys
    key = SPECS[stream].key
    got = {str(row[key]): _comparable(row) for chunk in chunks for row in chunk}
    assert got == {k: full[k] for k in wanted}


@pytest.mark.parametrize("stream", list(SPECS))
def test_keys_sage_does_not_have_yield_nothing(engine, stream) -> None:
    assert [
        r for c in read_by_keys(engine, SPECS[stream], ["999999", "pas-une-clé", " "]) for r in c
    ] == []
    assert list(read_by_keys(engine, SPECS[stream], [])) == []


def test_a_key_the_filter_no_longer_selects_is_absent(engine) -> None:
    """A tiers turned supplier, an invoice deleted: gone from the read, like from the stream."""
    accounts = _full(engine, "accounts")
    invoices = _full(engine, "invoices")
    tiers, kept = sorted(accounts)[:2]
    invoice, other = sorted(invoices, key=int)[:2]
    h, ln = F_DOCENTETE.c, F_DOCLIGNE.c
    with engine.begin() as conn:
        conn.execute(update(F_COMPTET).where(F_COMPTET.c.CT_Num == tiers).values(CT_Type=1))
        piece = conn.execute(select(h.DO_Type, h.DO_Piece).where(h.cbMarq == int(invoice))).one()
        conn.execute(delete(F_DOCLIGNE).where(ln.DO_Type == piece[0], ln.DO_Piece == piece[1]))
        conn.execute(delete(F_DOCENTETE).where(h.cbMarq == int(invoice)))
    got = [r["CT_Num"] for c in read_by_keys(engine, CLIENTS, [tiers, kept]) for r in c]
    assert got == [kept]
    got = [str(r["cbMarq"]) for c in read_by_keys(engine, INVOICES, [invoice, other]) for r in c]
    assert got == [other]


def test_duplicate_keys_are_read_once(engine) -> None:
    key = sorted(_full(engine, "contacts"), key=int)[0]
    rows = [r for c in read_by_keys(engine, CONTACTS, [key, key, f" {key}"]) for r in c]
    assert [str(r["CT_No"]) for r in rows] == [key]


def test_bad_chunk_size_is_refused(engine) -> None:
    with pytest.raises(ValueError):
        list(read_by_keys(engine, CLIENTS, ["C1"], chunk_size=2001))
    assert CLIENTS.key == "CT_Num"


def test_quotes_and_the_orders_they_became_are_read_by_key_alike(engine) -> None:
    """``QUOTES`` selects quotes only; ``SALES_DOCUMENTS`` finds one Sage turned into an order."""
    quotes = {
        str(r["cbMarq"]): _comparable(r)
        for b in read_documents(engine, spec=QUOTES)
        for r in b.rows
    }
    wanted = sorted(quotes, key=int)[:3]
    got = {
        str(r["cbMarq"]): _comparable(r) for c in read_by_keys(engine, QUOTES, wanted) for r in c
    }
    assert got == {k: quotes[k] for k in wanted}
    first = wanted[0]
    h, ln = F_DOCENTETE.c, F_DOCLIGNE.c
    with engine.begin() as conn:  # transformed in place, as Sage does
        piece = conn.execute(select(h.DO_Piece).where(h.cbMarq == int(first))).scalar_one()
        conn.execute(
            update(F_DOCLIGNE).where(ln.DO_Type == 0, ln.DO_Piece == piece).values(DO_Type=1)
        )
        conn.execute(update(F_DOCENTETE).where(h.cbMarq == int(first)).values(DO_Type=1))
    assert [r for c in read_by_keys(engine, QUOTES, [first]) for r in c] == []
    (order,) = [_comparable(r) for c in read_by_keys(engine, SALES_DOCUMENTS, [first]) for r in c]
    assert order["DO_Type"] == 1
    assert order["lines"] == quotes[first]["lines"]  # the quote's layout, all its lines
