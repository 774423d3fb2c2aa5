"""Quotes made or changed in Sage 100 reach the CRM; transformed and deleted ones are followed.

Against the real cloud over HTTP and a copy of the tiny emulated company: a quote written
into Sage, then edited, turned into an order in place (as Sage does: ``DO_Type`` 0 → 1 and
a new ``DO_Piece`` on the same rows) or deleted, as a Sage user would.
"""

from decimal import Decimal

import pytest
from sqlalchemy import text

from ssm.connector import load_install, sync_once
from ssm.connector.service.passes import open_crm, reconcile
from ssm.connector.sync import StateStore
from ssm.sage100 import (
    QuoteHeader,
    QuoteLine,
    QuoteState,
    create_quote,
    net_unit_price,
    open_server,
    price_line,
)

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's

ORDER = "BC999001"


@pytest.fixture
def synced(installed):
    """An install whose first sync is done, and its Sage company's engine."""
    layout = installed()
    first = sync_once(layout)
    assert first.status == "succeeded", first
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    yield layout, engine
    engine.dispose()


def _quotes(layout) -> dict[str, dict]:
    """The CRM's quotes by extId, as listed (without lines)."""
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return {q["extId"]: q for q in crm.iter_all("quotes")}


def _quote(layout, key: int) -> dict:
    """One quote of the CRM with its lines, by its Sage key."""
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        (listed,) = [q for q in crm.iter_all("quotes") if q["extId"] == str(key)]
        full = crm.record("quotes", listed["id"])
    assert full is not None
    return full


def _stream(report, name="quotes"):
    return next(s for s in report.streams if s.stream == name)


def _write_quote(engine) -> QuoteState:
    """A quote priced by Sage's rules, written as ``create_quote`` writes it."""
    with engine.connect() as conn:
        client = conn.execute(
            text(
                "SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 AND CT_ControlEnc <> 2"
                " ORDER BY CT_Num LIMIT 1"
            )
        ).scalar_one()
        items = conn.execute(
            text("SELECT AR_Ref FROM F_ARTICLE WHERE AR_Sommeil = 0 ORDER BY AR_Ref LIMIT 2")
        ).scalars()
        refs = list(items)
    lines = [
        QuoteLine.priced(price_line(engine, client, ref, Decimal(q)))
        for ref, q in zip(refs, ("3", "12.5"), strict=True)
    ]
    return create_quote(engine, QuoteHeader(client, "SAGE-TEST"), lines).quote


def test_a_quote_made_in_sage_reaches_the_crm_read_only_with_exact_lines(synced):
    layout, engine = synced
    counted = _quotes(layout)
    assert counted and all(q["status"] == "in_sage" for q in counted.values())
    quote = _write_quote(engine)
    assert _stream(sync_once(layout, ["quotes"])).created == 1
    crm = _quote(layout, quote.cbMarq)
    assert crm["number"] == quote.DO_Piece
    assert (crm["status"], crm["origin"], crm["readOnly"]) == ("in_sage", "sage", True)
    assert crm["accountExtId"] == quote.DO_Tiers
    assert Decimal(str(crm["totalExclTax"])) == quote.DO_TotalHT
    assert len(crm["lines"]) == len(quote.lines)
    for sent, line in zip(crm["lines"], quote.lines, strict=True):
        assert sent["productExtId"] == line.AR_Ref
        assert Decimal(str(sent["quantity"])) == line.DL_Qte
        assert Decimal(str(sent["unitPrice"])) == line.DL_PrixUnitaire
        assert Decimal(str(sent["totalExclTax"])) == line.DL_MontantHT
        net = net_unit_price(line.DL_PrixUnitaire, line.discounts)
        assert Decimal(str(sent["netUnitPrice"])) == net
        assert [(Decimal(str(d["value"])), d["type"]) for d in sent["discounts"]] == [
            (d.value, {0: "amount", 1: "percent", 2: "free"}[d.REM_Type]) for d in line.discounts
        ]
    assert _stream(sync_once(layout, ["quotes"])).created == 0  # sent once


def test_a_line_edited_in_sage_updates_the_crm_quote(synced):
    layout, engine = synced
    quote = _write_quote(engine)
    sync_once(layout, ["quotes"])
    with engine.begin() as conn:  # Sage's triggers stamp cbModification
        conn.execute(
            text(
                "UPDATE F_DOCLIGNE SET DL_Qte = 7, DL_MontantHT = 700.5"
                " WHERE DO_Type = 0 AND DO_Piece = :p AND DL_Ligne = 1000"
            ),
            {"p": quote.DO_Piece},
        )
    assert _stream(sync_once(layout, ["quotes"])).updated == 1
    first = _quote(layout, quote.cbMarq)["lines"][0]
    assert Decimal(str(first["quantity"])) == 7
    assert Decimal(str(first["totalExclTax"])) == Decimal("700.5")


def test_a_quote_turned_into_an_order_shows_transformed_and_stays(synced):
    layout, engine = synced
    quote = _write_quote(engine)
    sync_once(layout, ["quotes"])
    moved = {"t": 1, "p": ORDER, "old": quote.DO_Piece}
    with engine.begin() as conn:  # as Sage does: in place, the same cbMarq
        conn.execute(
            text(
                "UPDATE F_DOCLIGNE SET DO_Type = :t, DO_Piece = :p, DO_DocType = :t,"
                " DL_PieceDE = :old WHERE DO_Type = 0 AND DO_Piece = :old"
            ),
            moved,
        )
        conn.execute(
            text(
                "UPDATE F_DOCENTETE SET DO_Type = :t, DO_Piece = :p, DO_DocType = :t,"
                " DO_PieceOrig = :old WHERE cbMarq = :m"
            ),
            moved | {"m": quote.cbMarq},
        )
    assert _stream(sync_once(layout, ["quotes"])).read == 0  # no longer a quote
    result = _stream(reconcile(layout, ["quotes"]))
    assert (result.updated, result.deleted, result.failed) == (1, 0, 0)
    crm = _quote(layout, quote.cbMarq)
    assert (crm["status"], crm["orderNumber"], crm["number"]) == (
        "transformed",
        ORDER,
        quote.DO_Piece,
    )
    assert crm["deleted"] is False and len(crm["lines"]) == len(quote.lines)

    # Bound for good: reconciliation no longer looks for it, even once the order is gone.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM F_DOCLIGNE WHERE DO_Type = 1 AND DO_Piece = :p"), moved)
        conn.execute(text("DELETE FROM F_DOCENTETE WHERE cbMarq = :m"), {"m": quote.cbMarq})
    assert _stream(reconcile(layout, ["quotes"])).read == 0
    crm = _quote(layout, quote.cbMarq)
    assert crm["status"] == "transformed" and crm["deleted"] is False


def test_a_quote_deleted_in_sage_is_deleted_in_the_crm(synced):
    layout, engine = synced
    quote = _write_quote(engine)
    sync_once(layout, ["quotes"])
    with engine.begin() as conn:
        conn.execute(
            text("DELETE FROM F_DOCLIGNE WHERE DO_Type = 0 AND DO_Piece = :p"),
            {"p": quote.DO_Piece},
        )
        conn.execute(text("DELETE FROM F_DOCENTETE WHERE cbMarq = :m"), {"m": quote.cbMarq})
    result = _stream(reconcile(layout, ["quotes"]))
    assert (result.read, result.deleted, result.updated) == (1, 1, 0)
    assert _quote(layout, quote.cbMarq)["deleted"] is True
    with StateStore(layout.state_file) as state:
        assert state.crm_ids("quotes", [str(quote.cbMarq)]) == {}


def test_a_quote_copied_into_an_order_is_found_by_its_number(synced):
    """Sage may copy a quote into a new order (new cbMarq) and drop the quote's row."""
    layout, engine = synced
    quote = _write_quote(engine)
    sync_once(layout, ["quotes"])
    copy = {"p": ORDER, "old": quote.DO_Piece, "m": quote.cbMarq}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO F_DOCENTETE (DO_Domaine, DO_Type, DO_Piece, DO_Date, DO_Tiers,"
                " CO_No, DO_TotalHT) SELECT 0, 1, :p, DO_Date, DO_Tiers, CO_No, DO_TotalHT"
                " FROM F_DOCENTETE WHERE cbMarq = :m"
            ),
            copy,
        )
        conn.execute(
            text(
                "UPDATE F_DOCLIGNE SET DO_Type = 1, DO_Piece = :p, DL_PieceDE = :old"
                " WHERE DO_Type = 0 AND DO_Piece = :old"
            ),
            copy,
        )
        conn.execute(text("DELETE FROM F_DOCENTETE WHERE cbMarq = :m"), copy)
    result = _stream(reconcile(layout, ["quotes"]))
    assert (result.updated, result.deleted) == (1, 0)
    crm = _quote(layout, quote.cbMarq)
    assert (crm["status"], crm["orderNumber"], crm["number"]) == (
        "transformed",
        ORDER,
        quote.DO_Piece,
    )
    assert [line["productExtId"] for line in crm["lines"]] == [q.AR_Ref for q in quote.lines]
