"""Quotes written into an emulated Sage 100: numbering, totals, exactly once, read back."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from ssm.sage100 import (
    Discount,
    QuoteHeader,
    QuoteLine,
    SageSchemaError,
    SageWriteError,
    company_schema,
    create_quote,
    find_quote,
    price_line,
    read_quote,
)
from ssm.sage100.emulator import EmulatedServer
from ssm.sage100.schema import (
    F_ARTICLE,
    F_COMPTET,
    F_DOCCURRENTPIECE,
    F_DOCENTETE,
    F_DOCLIGNE,
)

_H, _L, _D = F_DOCENTETE.c, F_DOCLIGNE.c, F_DOCCURRENTPIECE.c


def _client(engine) -> str:
    c = F_COMPTET.c
    query = select(c.CT_Num).where(c.CT_Type == 0, c.CT_ControlEnc != 2).order_by(c.CT_Num)
    with engine.connect() as conn:
        return conn.execute(query).scalars().first()


def _items(engine, n: int = 2) -> list[str]:
    query = select(F_ARTICLE.c.AR_Ref).where(F_ARTICLE.c.AR_Sommeil == 0)
    with engine.connect() as conn:
        return list(conn.execute(query.order_by(F_ARTICLE.c.AR_Ref).limit(n)).scalars())


def _lines(engine, ct_num: str) -> list[QuoteLine]:
    return [
        QuoteLine.priced(price_line(engine, ct_num, ar_ref, Decimal(q)))
        for ar_ref, q in zip(_items(engine), (3, 12), strict=True)
    ]


def _counter(engine) -> str:
    where = (_D.DC_Domaine == 0) & (_D.DC_IdCol == 0) & (_D.DC_Souche == 0)
    with engine.connect() as conn:
        return conn.execute(select(_D.DC_Piece).where(where)).scalar_one()


def _rows(conn, table, where):
    present = company_schema(conn.engine).columns[table.name]
    return conn.execute(select(*[c for c in table.c if c.name in present]).where(where)).all()


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _write(engine, ref: str = "CRM-1", **header):
    ct_num = header.pop("DO_Tiers", None) or _client(engine)
    return create_quote(engine, QuoteHeader(ct_num, ref, **header), _lines(engine, ct_num))


@pytest.fixture(params=[("B", True), ("C", False)], ids=["B-triggers", "C-no-triggers"])
def company(request, make_server, clock):
    """Both schema generations, one stamped by Sage's triggers and one by the writer."""
    generation, triggers = request.param
    report = make_server(generation=generation, triggers=triggers, name=f"q{generation}")
    eng = EmulatedServer(report.location, clock=clock).engine(report.database)
    yield eng
    eng.dispose()


def test_a_priced_quote_is_written_with_consistent_totals(company, clock) -> None:
    ct_num = _client(company)
    lines = _lines(company, ct_num)
    counter = _counter(company)
    written = create_quote(company, QuoteHeader(ct_num, "CRM-1"), lines)
    quote = written.quote
    assert written.created and quote.DO_Type == 0 and quote.DO_Piece == counter
    assert tuple(replace(line, DL_Design=None) for line in quote.lines) == tuple(lines)
    assert all(line.DL_Design for line in quote.lines)  # the items' designations
    assert quote.DO_TotalHT == sum(line.DL_MontantHT for line in lines)
    with company.connect() as conn:
        (head,) = _rows(conn, F_DOCENTETE, _H.cbMarq == quote.cbMarq)
        rows = _rows(conn, F_DOCLIGNE, _L.DO_Piece == quote.DO_Piece)
    assert (head.DO_Domaine, head.DO_Tiers, head.CT_NumPayeur) == (0, ct_num, ct_num)
    assert head.cbModification == clock.minute
    assert (head.DO_Transaction, head.DO_Regime, head.DO_Statut) == (11, 21, 0)
    if "DO_TotalTTC" in head._fields:  # generation C
        assert head.DO_TotalHTNet == head.DO_TotalHT
        assert head.DO_TotalTTC == head.DO_NetAPayer == sum(r.DL_MontantTTC for r in rows)
    for row, line in zip(sorted(rows, key=lambda r: r.DL_Ligne), lines, strict=True):
        assert row.DL_MontantTTC == (line.DL_MontantHT * Decimal("1.2")).quantize(Decimal("0.01"))
        assert (row.DO_Type, row.CT_Num, row.DL_Valorise) == (0, ct_num, 1)
    assert len({r.DL_No for r in rows}) == len(rows)


def test_discounts_are_stored_as_sage_stores_them(company) -> None:
    ct_num, (ar_ref, _) = _client(company), _items(company)
    discounts = (Discount(Decimal(10), 1), Discount(Decimal("2.5"), 0))
    line = QuoteLine(ar_ref, Decimal(4), Decimal("12.5"), Decimal("35"), discounts, "Spécial")
    quote = create_quote(company, QuoteHeader(ct_num, "CRM-R"), [line]).quote
    assert quote.lines == (line,)
    with company.connect() as conn:
        (row,) = _rows(conn, F_DOCLIGNE, _L.DO_Piece == quote.DO_Piece)
    assert (row.DL_Remise01REM_Valeur, row.DL_Remise01REM_Type) == (Decimal(10), 1)
    assert (row.DL_Remise02REM_Valeur, row.DL_Remise02REM_Type) == (Decimal("2.5"), 0)
    assert (row.DL_Remise03REM_Valeur, row.DL_Design) == (Decimal(0), "Spécial")


def test_numbers_are_distinct_and_the_counter_advances(company) -> None:
    first = _write(company, "CRM-1").quote.DO_Piece
    second = _write(company, "CRM-2").quote.DO_Piece
    assert first != second
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert int(_counter(company)[-6:]) == int(second[-6:]) + 1


def test_a_number_already_used_is_skipped(company) -> None:
    counter = _counter(company)
    taken = f"{counter[:-6]}{int(counter[-6:]) + 1:06d}"
    following = f"{counter[:-6]}{int(counter[-6:]) + 2:06d}"
    with company.begin() as conn:
        # a Sage user took the counter's number, and the next one's in an order's lines
        conn.execute(update(F_DOCENTETE).where(_H.cbMarq == 1).values(DO_Piece=counter))
        conn.execute(update(F_DOCLIGNE).where(_L.DL_No == 1).values(DL_PieceDE=taken))
    assert _write(company).quote.DO_Piece == following


def test_a_replay_after_a_crash_writes_nothing_new(company) -> None:
    first = _write(company, "CRM-7")
    headers, lines, counter = (
        _count(company, F_DOCENTETE),
        _count(company, F_DOCLIGNE),
        _counter(company),
    )
    assert find_quote(company, "CRM-7") == first.quote
    replay = _write(company, "CRM-7")
    assert not replay.created and replay.quote == first.quote
    assert (_count(company, F_DOCENTETE), _count(company, F_DOCLIGNE)) == (headers, lines)
    assert _counter(company) == counter
    assert find_quote(company, "CRM-8") is None


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ("unknown customer", "CT_Num", "n'existe pas"),
        ("blocked customer", "CT_ControlEnc", "est bloqué"),
        ("unknown item", "AR_Ref", "n'existe pas"),
        ("sleeping item", "AR_Sommeil", "mis en sommeil"),
        ("four discounts", "DL_Remise", "porte 4 remises"),
        ("zero quantity", "DL_Qte", "Quantité 0 invalide"),
        ("no line", None, "aucune ligne"),
        ("no reference", "DO_Ref", "« référence du devis » est obligatoire"),
        ("reference too long", "DO_Ref", "fait 18 caractères"),
    ],
)
def test_refusals_are_french_and_leave_nothing(engine, change, field, says) -> None:
    ct_num, (ar_ref, other) = _client(engine), _items(engine)
    line = QuoteLine(ar_ref, Decimal(1), Decimal(10), Decimal(10))
    header, lines = QuoteHeader(ct_num, "CRM-X"), [line]
    with engine.begin() as conn:
        if change == "blocked customer":
            conn.execute(
                update(F_COMPTET).where(F_COMPTET.c.CT_Num == ct_num).values(CT_ControlEnc=2)
            )
        if change == "sleeping item":
            conn.execute(update(F_ARTICLE).where(F_ARTICLE.c.AR_Ref == other).values(AR_Sommeil=1))
    if change == "unknown customer":
        header = QuoteHeader("NOPE", "CRM-X")
    if change in ("unknown item", "sleeping item"):
        lines = [line, replace(line, AR_Ref="NOPE" if change == "unknown item" else other)]
    if change == "four discounts":
        lines = [
            QuoteLine(ar_ref, Decimal(1), Decimal(10), Decimal(10), (Discount(Decimal(1), 1),) * 4)
        ]
    if change == "zero quantity":
        lines = [QuoteLine(ar_ref, Decimal(0), Decimal(10), Decimal(0))]
    if change == "no line":
        lines = []
    if change in ("no reference", "reference too long"):
        header = QuoteHeader(ct_num, "" if change == "no reference" else "R" * 18)
    counter, headers, rows = (
        _counter(engine),
        _count(engine, F_DOCENTETE),
        _count(engine, F_DOCLIGNE),
    )
    with pytest.raises(SageWriteError) as refused:
        create_quote(engine, header, lines)
    assert refused.value.field == field
    assert says in str(refused.value)
    assert (_counter(engine), _count(engine, F_DOCENTETE), _count(engine, F_DOCLIGNE)) == (
        counter,
        headers,
        rows,
    )


def test_read_back_follows_edits_transformation_and_deletion(engine) -> None:
    quote = _write(engine, "CRM-9").quote
    fate = read_quote(engine, quote.cbMarq, quote.DO_Piece)
    assert fate.status == "quote" and fate.document == quote
    with engine.begin() as conn:  # a Sage user edits a quantity and the total
        conn.execute(
            update(F_DOCLIGNE)
            .where(_L.DO_Type == 0, _L.DO_Piece == quote.DO_Piece, _L.DL_Ligne == 1000)
            .values(DL_Qte=Decimal(5))
        )
    edited = read_quote(engine, quote.cbMarq, quote.DO_Piece).document
    assert edited is not None and edited.lines[0].DL_Qte == Decimal(5)
    with engine.begin() as conn:  # Sage transforms it into an order, in place
        moved = {"DO_Type": 1, "DO_Piece": "BC999001", "DO_DocType": 1}
        lines_of = (_L.DO_Type == 0) & (_L.DO_Piece == quote.DO_Piece)
        conn.execute(update(F_DOCLIGNE).where(lines_of).values(**moved, DL_PieceDE=quote.DO_Piece))
        conn.execute(
            update(F_DOCENTETE)
            .where(_H.cbMarq == quote.cbMarq)
            .values(**moved, DO_PieceOrig=quote.DO_Piece)
        )
    fate = read_quote(engine, quote.cbMarq, quote.DO_Piece)
    assert fate.status == "transformed"
    assert fate.document is not None
    assert (fate.document.DO_Type, fate.document.DO_Piece) == (1, "BC999001")
    assert len(fate.document.lines) == len(quote.lines)
    assert find_quote(engine, "CRM-9") == fate.document  # a replay binds the order: no rewrite


def test_a_copied_transformation_and_a_deletion_are_recognised(engine) -> None:
    quote = _write(engine, "CRM-10").quote
    other = _write(engine, "CRM-11").quote
    with engine.begin() as conn:
        # quote 1 copied into an order, then deleted; quote 2 deleted outright
        conn.execute(
            update(F_DOCLIGNE)
            .where(_L.DO_Type == 0, _L.DO_Piece == quote.DO_Piece)
            .values(DO_Type=1, DO_Piece="BC999002", DL_PieceDE=quote.DO_Piece)
        )
        conn.execute(
            update(F_DOCENTETE)
            .where(_H.cbMarq == quote.cbMarq)
            .values(DO_Type=1, DO_Piece="BC999002", DO_Ref="")
        )
        conn.execute(F_DOCLIGNE.delete().where(_L.DO_Piece == other.DO_Piece))
        conn.execute(F_DOCENTETE.delete().where(_H.cbMarq == other.cbMarq))
    # the order is a new row for Sage: follow it by the quote's number, not its cbMarq
    fate = read_quote(engine, -1, quote.DO_Piece)
    assert fate.status == "transformed" and fate.document is not None
    assert fate.document.DO_Piece == "BC999002"
    assert read_quote(engine, other.cbMarq, other.DO_Piece) == read_quote(engine, -1, "DE999999")
    assert read_quote(engine, other.cbMarq, other.DO_Piece).status == "deleted"
    with engine.begin() as conn:  # Sage's empty string: on lines made from no quote
        conn.execute(update(F_DOCLIGNE).where(_L.DO_Type == 1).values(DL_PieceDE=""))
    assert read_quote(engine, other.cbMarq, "").status == "deleted"  # a lost number names none


def test_writers_at_once_never_share_a_number(tiny, clock) -> None:
    """Two connectors' writers racing: the write lock serialises the counter's reads."""
    engines = [EmulatedServer(tiny.location, clock=clock).engine(tiny.database) for _ in range(2)]
    ct_num = _client(engines[0])
    lines = _lines(engines[0], ct_num)
    start = _counter(engines[0])

    def write(n: int) -> list[str]:
        engine = engines[n % 2]
        return [
            create_quote(engine, QuoteHeader(ct_num, f"CRM-{n}-{i}"), lines).quote.DO_Piece
            for i in range(5)
        ]

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            pieces = [p for batch in pool.map(write, range(2)) for p in batch]
        assert len(set(pieces)) == 10
        assert min(pieces) == start
        assert int(_counter(engines[0])[-6:]) == int(start[-6:]) + 10
    finally:
        for engine in engines:
            engine.dispose()


def test_a_company_without_quote_numbering_is_told_so(tiny, clock) -> None:
    """A company file generated before the emulator had F_DOCCURRENTPIECE."""
    with sqlite3.connect(Path(tiny.location) / f"{tiny.database}.sqlite") as db:
        db.execute("DROP TABLE F_DOCCURRENTPIECE")
    engine = EmulatedServer(tiny.location, clock=clock).engine(tiny.database)
    try:
        with pytest.raises(SageSchemaError, match="n'a pas la table Sage F_DOCCURRENTPIECE"):
            _write(engine)
    finally:
        engine.dispose()
