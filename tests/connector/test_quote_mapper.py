"""QuoteMapper is pure: a Sage quote (header and line tuples) in, a CRM quote out."""

from datetime import datetime
from decimal import Decimal

from ssm.connector.sync import QuoteMapper, QuotesStream, record_hash
from ssm.connector.sync.mapper import encode_record
from ssm.sage100 import QUOTES, SALES_DOCUMENTS


def _line(**values):
    """A quote line as the reader gives it: a tuple laid out as ``QUOTES.line_columns``."""
    return tuple(values.get(column) for column in QUOTES.line_columns)


HEADER = {
    "cbMarq": 412,
    "DO_Domaine": 0,
    "DO_Type": 0,
    "DO_Piece": "DE000412",
    "DO_Date": datetime(2026, 11, 30),
    "DO_Tiers": "CDUPONT",
    "DO_Ref": "CDE 4521 ",
    "CO_No": 3,
    "DO_TotalHT": Decimal("1937.250000"),
    "DO_TotalTTC": Decimal("2324.700000"),
}


def _quote(lines, **header):
    return {**HEADER, **header, "lines": lines}


def test_a_quote_maps_with_exact_amounts_discounts_and_net_prices():
    lines = [
        _line(
            DL_No=901,
            AR_Ref="CHAISE01",
            DL_Design="Chaise  bistrot",
            DL_Qte=Decimal("20.000000"),
            DL_PrixUnitaire=Decimal("90.000000"),
            DL_Remise01REM_Valeur=Decimal("5.000000"),
            DL_Remise01REM_Type=1,
            DL_Remise02REM_Valeur=Decimal("2.500000"),
            DL_Remise02REM_Type=0,
            DL_Remise03REM_Valeur=Decimal("0"),
            DL_Remise03REM_Type=0,
            DL_MontantHT=Decimal("1660.000000"),
        ),
        _line(
            DL_No=902,
            AR_Ref="TABLE02",
            DL_Design="Table",
            DL_Qte=Decimal("3"),
            DL_PrixUnitaire=Decimal("92.416667"),
            DL_Remise01REM_Valeur=Decimal("1"),
            DL_Remise01REM_Type=2,
            DL_MontantHT=Decimal("277.250000"),
        ),
    ]
    record = QuoteMapper().map(_quote(lines))
    assert record["extId"] == "412"
    assert record["number"] == "DE000412"
    assert record["reference"] == "CDE 4521"
    assert record["accountExtId"] == "CDUPONT"
    assert record["salesRepExtId"] == "3"
    assert record["date"] == "2026-11-30"
    assert (record["status"], record["orderNumber"]) == ("in_sage", None)
    assert record["totalExclTax"] == Decimal("1937.25")
    assert record["totalInclTax"] == Decimal("2324.70")
    first, second = record["lines"]
    assert first["extId"] == "901" and first["description"] == "Chaise bistrot"
    assert first["discounts"] == [
        {"value": Decimal("5"), "type": "percent"},
        {"value": Decimal("2.5"), "type": "amount"},
    ]
    # 90 less 5 % is 85.5, less 2.50 € per unit is 83: Sage's arithmetic, exact.
    assert first["netUnitPrice"] == Decimal("83")
    assert first["totalExclTax"] == Decimal("1660")
    # Free units change no price; a price of 6 places stays as Sage holds it.
    assert second["discounts"] == [{"value": Decimal("1"), "type": "free"}]
    assert second["netUnitPrice"] == Decimal("92.416667")
    # Sent as exact JSON numbers, as every amount.
    assert b'"discounts":[{"type":"percent","value":5},' in encode_record(record)


def test_without_do_totalttc_the_total_comes_from_the_lines():
    header = {k: v for k, v in HEADER.items() if k != "DO_TotalTTC"}
    lines = [
        _line(DL_No=1, DL_Qte=Decimal(1), DL_MontantHT=Decimal(10), DL_MontantTTC=Decimal(12)),
        _line(DL_No=2, DL_Qte=Decimal(2), DL_MontantHT=Decimal(5), DL_MontantTTC=Decimal("6.01")),
    ]
    record = QuoteMapper().map({**header, "lines": lines})
    assert record["totalInclTax"] == Decimal("18.01")
    assert all(line["discounts"] == [] for line in record["lines"])


def test_a_discount_without_its_type_is_a_percentage_and_no_price_no_net():
    line = _line(DL_No=5, DL_Remise01REM_Valeur=Decimal(10), DL_Remise01REM_Type=None)
    (mapped,) = QuoteMapper().map(_quote([line]))["lines"]
    assert mapped["discounts"] == [{"value": Decimal(10), "type": "percent"}]
    assert mapped["netUnitPrice"] is None


def test_the_hash_follows_a_line_edit():
    line = dict(DL_No=1, DL_Qte=Decimal(2), DL_PrixUnitaire=Decimal(10), DL_MontantHT=Decimal(20))
    before = record_hash(QuoteMapper().map(_quote([_line(**line)])))
    after = record_hash(QuoteMapper().map(_quote([_line(**line | {"DL_Qte": Decimal(3)})])))
    assert before != after


def test_a_transformed_quote_is_read_with_the_quote_layout():
    """The order a quote became is mapped by the quote's mapper: same line tuples."""
    assert SALES_DOCUMENTS.line_columns == QUOTES.line_columns
    assert QuotesStream.spec is QUOTES and QuotesStream.parents == ("accounts", "products")
