"""Composite readers: items with family and stock, invoices with their lines."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import orjson
import pytest
from sqlalchemy import func, insert, select, update

from ssm.sage100 import (
    DOCUMENT_LINE_COLUMNS,
    DOCUMENT_LINE_JSON,
    DOCUMENT_LINES,
    INVOICES,
    QUOTES,
    Cursor,
    count_rows,
    decimal_text,
    open_server,
    read_articles,
    read_changes,
    read_documents,
)
from ssm.sage100.schema import F_ARTICLE, F_ARTSTOCK, F_DOCENTETE, F_DOCLIGNE, F_FAMILLE

#: Where a column sits in a document line's tuple.
_AT = {column: i for i, column in enumerate(DOCUMENT_LINE_COLUMNS)}


def _final(batches) -> Cursor:
    cursor = batches[-1].cursor
    assert not cursor.backfill
    return cursor


def _rows(batches) -> list[dict]:
    return [r for b in batches for r in b.rows]


def test_articles_carry_family_and_stock_summed_over_depots(engine) -> None:
    batches = list(read_articles(engine, chunk_size=7))
    rows = _rows(batches)
    with engine.connect() as conn:
        assert len(rows) == conn.execute(select(func.count()).select_from(F_ARTICLE)).scalar()
        stock = {
            ref: (Decimal(str(sto)), Decimal(str(avail)))
            for ref, sto, avail in conn.execute(
                select(
                    F_ARTSTOCK.c.AR_Ref,
                    func.sum(F_ARTSTOCK.c.AS_QteSto),
                    func.sum(
                        F_ARTSTOCK.c.AS_QteSto - F_ARTSTOCK.c.AS_QteRes - F_ARTSTOCK.c.AS_QtePrepa
                    ),
                ).group_by(F_ARTSTOCK.c.AR_Ref)
            )
        }
        families = {
            code: name
            for code, name in conn.execute(
                select(F_FAMILLE.c.FA_CodeFamille, F_FAMILLE.c.FA_Intitule)
            )
        }
    assert [r["cbMarq"] for r in rows] == sorted(r["cbMarq"] for r in rows)
    for row in rows:
        total, available = stock.get(row["AR_Ref"], (Decimal(0), Decimal(0)))
        assert row["stock_total"] == total and row["stock_available"] == available
        assert isinstance(row["stock_total"], Decimal)
        assert row["FA_Intitule"] == families.get(row["FA_CodeFamille"])
    assert all(b.cursor.backfill for b in batches[:-1])


def test_a_stock_movement_rereads_its_article(engine) -> None:
    since = _final(list(read_articles(engine)))
    assert _rows(read_articles(engine, since, timedelta(0))) == []
    with engine.begin() as conn:
        ref = conn.execute(select(F_ARTSTOCK.c.AR_Ref).limit(1)).scalar_one()
        conn.execute(
            update(F_ARTSTOCK)
            .where(F_ARTSTOCK.c.AR_Ref == ref)
            .values(AS_QteSto=F_ARTSTOCK.c.AS_QteSto + 5)
        )
    (row,) = _rows(read_articles(engine, since, timedelta(0)))
    assert row["AR_Ref"] == ref


def test_a_family_rename_rereads_its_articles(engine) -> None:
    since = _final(list(read_articles(engine)))
    with engine.begin() as conn:
        code = conn.execute(select(F_ARTICLE.c.FA_CodeFamille).limit(1)).scalar_one()
        conn.execute(
            update(F_FAMILLE).where(F_FAMILLE.c.FA_CodeFamille == code).values(FA_Intitule="Neuf")
        )
        members = conn.execute(
            select(func.count()).where(F_ARTICLE.c.FA_CodeFamille == code)
        ).scalar()
    rows = _rows(read_articles(engine, since, timedelta(0)))
    assert len(rows) == members and {r["FA_Intitule"] for r in rows} == {"Neuf"}


def test_invoices_come_whole_with_their_lines(engine) -> None:
    batches = list(read_documents(engine, chunk_size=5))
    rows = _rows(batches)
    assert len(rows) == count_rows(engine, INVOICES)
    assert {r["DO_Type"] for r in rows} <= {6, 7}
    ln = F_DOCLIGNE.c
    expected: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    with engine.connect() as conn:
        for do_type, piece, number in conn.execute(
            select(ln.DO_Type, ln.DO_Piece, ln.DL_No)
            .where(ln.DO_Domaine == 0, ln.DO_Type.in_((6, 7)))
            .order_by(ln.DL_Ligne)
        ):
            expected[(do_type, piece)].append(number)
    # Each invoice has its own lines, in DL_Ligne order, without its header's columns again.
    got = {(r["DO_Type"], r["DO_Piece"]): [line[_AT["DL_No"]] for line in r["lines"]] for r in rows}
    assert got == {key: expected.get(key, []) for key in got}
    assert sum(map(len, got.values())) == sum(map(len, expected.values()))
    assert not {"DO_Piece", "DL_Ligne"} & set(DOCUMENT_LINE_COLUMNS)
    assert {len(line) for r in rows for line in r["lines"]} == {len(DOCUMENT_LINE_COLUMNS)}
    credit = [r for r in rows if r["DO_Provenance"] in (1, 2)]
    assert credit, "the demo data has credit notes among invoices"


def test_quotes_come_with_their_three_discounts_as_decimals(engine) -> None:
    """A quote's lines hold every discount's value and type, Decimal: its mapper computes."""
    at = {column: i for i, column in enumerate(QUOTES.line_columns)}
    first = _rows(read_documents(engine, spec=QUOTES))[0]
    number = first["lines"][0][at["DL_No"]]
    with engine.begin() as conn:
        conn.execute(
            update(F_DOCLIGNE)
            .where(F_DOCLIGNE.c.DL_No == number)
            .values(
                DL_Remise01REM_Valeur=Decimal(5),
                DL_Remise01REM_Type=1,
                DL_Remise03REM_Valeur=Decimal("2.5"),
                DL_Remise03REM_Type=0,
            )
        )
    quotes = _rows(read_documents(engine, spec=QUOTES))
    assert len(quotes) == count_rows(engine, QUOTES) and {r["DO_Type"] for r in quotes} == {0}
    line = next(ln for r in quotes for ln in r["lines"] if ln[at["DL_No"]] == number)
    discounts = [
        line[at[f"DL_Remise0{n}REM_{part}"]] for n in (1, 3) for part in ("Valeur", "Type")
    ]
    assert discounts == [Decimal(5), 1, Decimal("2.5"), 0]
    assert all(isinstance(line[at[c]], Decimal) for c in ("DL_Qte", "DL_PrixUnitaire"))
    assert set(DOCUMENT_LINE_COLUMNS) < set(QUOTES.line_columns)  # invoices read less


def test_line_amounts_for_json_are_the_exact_texts_of_sages_decimals(engine) -> None:
    """DOCUMENT_LINE_JSON columns come as JSON numbers, the texts of the Decimals read."""
    first = _rows(read_documents(engine))[0]["lines"][0]
    odd = {"DL_Qte": "-0.000001", "DL_PrixUnitaire": "1234567.891234", "DL_Remise01REM_Valeur": "0"}
    with engine.begin() as conn:
        conn.execute(
            update(F_DOCLIGNE)
            .where(F_DOCLIGNE.c.DL_No == first[_AT["DL_No"]])
            .values({column: Decimal(text) for column, text in odd.items()})
        )
    decimals = {r["DL_No"]: r for b in read_changes(engine, DOCUMENT_LINES) for r in b.rows}
    lines = [line for r in _rows(read_documents(engine)) for line in r["lines"]]
    assert len(lines) > 1 and set(DOCUMENT_LINE_COLUMNS) >= DOCUMENT_LINE_JSON
    for line in lines:
        for column in DOCUMENT_LINE_JSON:
            value, sage = line[_AT[column]], decimals[line[_AT["DL_No"]]][column]
            assert (value is None) == (sage is None)
            if sage is not None:
                assert isinstance(value, orjson.Fragment)
                assert orjson.dumps(value) == decimal_text(sage).encode()
    changed = next(line for line in lines if line[_AT["DL_No"]] == first[_AT["DL_No"]])
    assert [orjson.dumps(changed[_AT[column]]) for column in odd] == [
        b"-0.000001",
        b"1234567.891234",
        b"0",
    ]


def test_a_line_edited_alone_rereads_its_document_whole(engine) -> None:
    since = _final(list(read_documents(engine)))
    assert _rows(read_documents(engine, since, timedelta(0))) == []
    invoice = _rows(read_documents(engine))[0]
    assert len(invoice["lines"]) >= 1
    with engine.begin() as conn:
        conn.execute(
            update(F_DOCLIGNE)
            .where(F_DOCLIGNE.c.DL_No == invoice["lines"][-1][_AT["DL_No"]])
            .values(DL_Design="Ligne corrigée")
        )
    (again,) = _rows(read_documents(engine, since, timedelta(0)))
    assert again["cbMarq"] == invoice["cbMarq"]
    assert len(again["lines"]) == len(invoice["lines"])
    assert again["lines"][-1][_AT["DL_Design"]] == "Ligne corrigée"


def _transform(conn, header, new_type: int, piece: str) -> None:
    where = (
        (F_DOCLIGNE.c.DO_Domaine == 0)
        & (F_DOCLIGNE.c.DO_Type == header.DO_Type)
        & (F_DOCLIGNE.c.DO_Piece == header.DO_Piece)
    )
    conn.execute(update(F_DOCLIGNE).where(where).values(DO_Type=new_type, DO_Piece=piece))
    conn.execute(
        update(F_DOCENTETE)
        .where(F_DOCENTETE.c.cbMarq == header.cbMarq)
        .values(DO_Type=new_type, DO_Piece=piece)
    )


def test_a_delivery_note_turned_invoice_in_place_joins_the_invoices(engine) -> None:
    since = _final(list(read_documents(engine)))
    with engine.begin() as conn:
        note = conn.execute(
            select(
                F_DOCENTETE.c.cbMarq,
                F_DOCENTETE.c.DO_Domaine,
                F_DOCENTETE.c.DO_Type,
                F_DOCENTETE.c.DO_Piece,
            ).where(F_DOCENTETE.c.DO_Domaine == 0, F_DOCENTETE.c.DO_Type == 3)
        ).first()
        assert note is not None, "the demo data has delivery notes"
        numbers = (
            conn.execute(
                select(F_DOCLIGNE.c.DL_No)
                .where(F_DOCLIGNE.c.DO_Type == 3, F_DOCLIGNE.c.DO_Piece == note.DO_Piece)
                .order_by(F_DOCLIGNE.c.DL_Ligne)
            )
            .scalars()
            .all()
        )
        _transform(conn, note, 6, "FAZ00001")
    (row,) = _rows(read_documents(engine, since, timedelta(0)))
    assert row["cbMarq"] == note.cbMarq and row["DO_Type"] == 6 and row["DO_Piece"] == "FAZ00001"
    assert numbers and [line[_AT["DL_No"]] for line in row["lines"]] == numbers


def test_orphan_lines_come_through_untouched(engine) -> None:
    invoice = _rows(read_documents(engine))[0]
    with engine.begin() as conn:
        conn.execute(
            insert(F_DOCLIGNE).values(
                DO_Domaine=0,
                DO_Type=invoice["DO_Type"],
                DO_Piece=invoice["DO_Piece"],
                CT_Num=invoice["DO_Tiers"],
                DL_No=999_999,
                DL_Ligne=999_000,
                AR_Ref="NEXISTEPAS",
                DL_Design="Article supprimé",
                DL_Qte=1,
                DL_MontantHT=0,
                PF_Num="",
            )
        )
    again = next(r for r in _rows(read_documents(engine)) if r["cbMarq"] == invoice["cbMarq"])
    orphan = again["lines"][-1]
    assert orphan[_AT["AR_Ref"]] == "NEXISTEPAS"
    assert orphan[_AT["DL_Design"]] == "Article supprimé"


def test_chunk_size_is_bounded_for_sql_server(engine) -> None:
    with pytest.raises(ValueError, match="Taille de lot"):
        next(read_documents(engine, chunk_size=5000))


@pytest.mark.parametrize("generation", ["B", "C"])
def test_line_amounts_incl_tax_are_read_only_where_the_header_lacks_its_total(
    make_server, generation
) -> None:
    """``DL_MontantTTC`` only rebuilds a missing ``DO_TotalTTC`` (generation B lacks it)."""
    report = make_server(generation=generation, name=generation)
    engine = open_server(report.location).engine(report.database)
    ln = F_DOCLIGNE.c
    with engine.connect() as conn:
        stored = {n: amount for n, amount in conn.execute(select(ln.DL_No, ln.DL_MontantTTC))}
    rows = _rows(read_documents(engine))
    engine.dispose()
    got = {line[_AT["DL_No"]]: line[_AT["DL_MontantTTC"]] for r in rows for line in r["lines"]}
    assert got and stored.keys() >= got.keys()
    if generation == "B":
        assert "DO_TotalTTC" not in rows[0]
        assert got == {number: stored[number] for number in got}
        assert any(amount is not None for amount in got.values())
    else:
        assert all(r["DO_TotalTTC"] is not None for r in rows)
        assert set(got.values()) == {None}
