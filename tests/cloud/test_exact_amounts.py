"""Exact amounts in the cloud: API in and out, database, dashboard sums, on both databases.

Amounts are ``NUMERIC(24, 6)`` as Sage's: exact ``Decimal`` in Python, JSON numbers with
their exact digits, exact sums (PostgreSQL's NUMERIC; SQLite keeps whole millionths).
"""

import re
from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.dialects import sqlite

from ssm.cloud import migrations
from ssm.cloud.db import Database
from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import Amount, Invoice, InvoiceLine, Product
from ssm.cloud.schemas.fields import ItemProblem, ItemValidator, number
from ssm.cloud.services import dashboard
from ssm.cloud.services.charts import format_amount, raw_amount
from ssm.cloud.web.i18n import format_number

from .test_web_records import browser_for, company, upsert

pytestmark = pytest.mark.anyio

API = "/api/v4"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


async def post_raw(app, tenant, path, body: bytes):
    """POST JSON text as written, so no float of the test's own stack touches the numbers."""
    headers = {**tenant.headers, "Content-Type": "application/json"}
    response = await app.client.post(f"{API}/{path}", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response


INVOICE = (
    b'[{"extId":"1","number":"FA1","accountExtId":"C1","date":"2026-11-24","posted":true,'
    b'"totalExclTax":0.370368,"totalInclTax":999999999999.999999,'
    b'"lines":[{"extId":"11","productExtId":"VIS","quantity":3,"unitPrice":0.123456,'
    b'"discount":0,"totalExclTax":0.370368}]}]'
)


async def test_an_invoice_line_is_stored_and_returned_exactly(app, database_kind):
    tenant = await company(app)
    await upsert(app, tenant, "accounts", [{"extId": "C1", "name": "Dupont"}])
    [result] = (await post_raw(app, tenant, "invoices/upsert", INVOICE)).json()
    assert result["status"] == "created", result
    answer = await app.client.get(f"{API}/invoices/{result['id']}", headers=tenant.headers)
    # JSON numbers (not strings) with Sage's digits; 18 significant digits survive too.
    assert b'"totalExclTax":0.370368,' in answer.content
    assert b'"totalInclTax":999999999999.999999,' in answer.content
    assert b'"quantity":3,"unitPrice":0.123456,"discount":0,"totalExclTax":0.370368}' in (
        answer.content
    )
    with app.db.read() as session:
        line = session.execute(select(InvoiceLine)).scalar_one()
        invoice = session.execute(select(Invoice)).scalar_one()
        stored = session.execute(text("SELECT unit_price FROM invoice_lines")).scalar_one()
    assert (line.quantity, line.unit_price, line.total_excl_tax) == (
        Decimal(3),
        Decimal("0.123456"),
        Decimal("0.370368"),
    )
    assert invoice.total_incl_tax == Decimal("999999999999.999999")
    # What the database itself holds: PostgreSQL's exact NUMERIC, SQLite's whole millionths.
    assert stored == (123456 if database_kind == "sqlite" else Decimal("0.123456"))

    # The same item again is unchanged: the stored decimals compare equal to the sent ones.
    [again] = (await post_raw(app, tenant, "invoices/upsert", INVOICE)).json()
    assert again["status"] == "unchanged", again


async def test_numbers_are_rounded_to_six_decimals_and_bounded(app):
    tenant = await company(app)
    body = orjson.dumps(
        [
            {"extId": "A", "model": "A", "price": "0,1234565"},
            {"extId": "B", "model": "B", "price": -0.0000005},
            {"extId": "C", "model": "C", "price": 1e12},
            {"extId": "D", "model": "D", "price": "NaN"},
        ]
    )
    results = (await post_raw(app, tenant, "products/upsert", body)).json()
    assert [r["status"] for r in results] == ["created", "created", "error", "error"]
    assert {r["error"]["code"] for r in results[2:]} == {"invalid_field"}
    with app.db.read() as session:
        prices = dict(session.execute(select(Product.ext_id, Product.price)).all())
    assert prices == {"A": Decimal("0.123457"), "B": Decimal("-0.000001")}


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (Decimal("999999999999.999999"), Decimal("999999999999.999999")),
        (Decimal("-999999999999.999999"), Decimal("-999999999999.999999")),
        (Decimal("0E+20"), Decimal("0.000000")),
        (Decimal("1E-9"), Decimal("0.000000")),
        (Decimal("1E+12"), None),
        (Decimal("-1000000000000.0"), None),
        (Decimal("Infinity"), None),
        (Decimal("NaN"), None),
        (Decimal("sNaN"), None),
    ],
)
def test_the_number_bound_is_exactly_ten_to_the_twelfth(sent, kept):
    validate = ItemValidator((number("price"),), "un produit")
    if kept is None:
        with pytest.raises(ItemProblem):
            validate({"price": sent})
    else:
        assert validate({"price": sent})["price"] == kept


async def test_a_json_constant_is_not_a_number(app):
    tenant = await company(app)
    headers = {**tenant.headers, "Content-Type": "application/json"}
    body = b'[{"extId": "A", "model": "A", "price": NaN}]'
    response = await app.client.post(f"{API}/products/upsert", content=body, headers=headers)
    assert response.status_code == 422, response.text


async def test_dashboard_sums_are_exact_decimals(app):
    """Ten invoices of 0.1: a float sum says 0.9999999999999999, the dashboard says 1."""
    tenant = await company(app)
    app.app.dependency_overrides[get_clock] = lambda: lambda: NOW
    await upsert(app, tenant, "accounts", [{"extId": "C1", "name": "Dupont"}])
    amounts = [Decimal("0.1")] * 10 + [Decimal("0.333333")] * 3 + [Decimal("-0.000001")]
    items = b",".join(
        b'{"extId":"%d","accountExtId":"C1","date":"2026-11-24","posted":true,'
        b'"totalExclTax":%s}' % (number, str(amount).encode())
        for number, amount in enumerate(amounts)
    )
    await post_raw(app, tenant, "invoices/upsert", b"[" + items + b"]")
    expected = sum(amounts, Decimal(0))
    assert expected == Decimal("1.999998")
    assert sum([0.1] * 10) != 1  # why it matters: floats would not give that sum

    total = dashboard.sales_total(app.db, tenant.instance_id, None)
    assert isinstance(total, Decimal)
    assert total == expected
    board = dashboard.build(app.db, tenant.instance_id, None, "month", NOW.date())
    assert board.total == board.current_sales == expected
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/?periode=mois")
    assert re.search(r'id="sales-total" data-value="1.999998">2,00\u00a0€<', page.text), page.text


def test_sqlite_stores_millionths_rounded_half_up_the_same_every_time():
    """The binding keeps recent results: a second, equal value must get the same answer."""
    to_millionths = Amount().bind_processor(sqlite.dialect())
    cases = {
        Decimal("12.5"): 12_500_000,
        Decimal("12.50"): 12_500_000,
        Decimal("-0.000001"): -1,
        Decimal("1E+3"): 1_000_000_000,
        Decimal("0.0000005"): 1,
        Decimal("-0.0000005"): -1,
        Decimal("0.00000049"): 0,
        Decimal("999999999999.999999"): 999_999_999_999_999_999,
        0.1: 100_000,
        5e-07: 1,
    }
    for _ in range(2):
        assert {value: to_millionths(value) for value in cases} == cases
    assert to_millionths(None) is None


def test_display_rounds_only_at_the_end_in_french():
    assert format_amount(Decimal("1234.5"), "fr") == "1\u202f234,50\u00a0€"
    assert format_amount(Decimal("1234.5"), "en") == "€1,234.50"
    assert format_amount(Decimal("0.125"), "fr") == "0,13\u00a0€"  # half away from zero
    assert format_amount(Decimal("-0.004"), "fr") == "0,00\u00a0€"
    assert format_amount(Decimal("-1234567.891"), "fr") == "-1\u202f234\u202f567,89\u00a0€"
    assert raw_amount(Decimal("0.370368")) == "0.370368"
    assert raw_amount(Decimal("12.000000")) == "12"
    assert format_number(Decimal("3.000000"), "fr") == "3"
    assert format_number(Decimal("1234.123456"), "fr") == "1\u202f234,123456"


async def test_openapi_says_amounts_are_numbers(app):
    schema = (await app.client.get("/openapi.json")).json()["components"]["schemas"]
    line = schema["InvoiceLineRecord"]["properties"]["unitPrice"]
    assert {"type": "number"} in line["anyOf"]
    assert {"type": "string"} not in line["anyOf"]


def test_the_migration_turns_stored_amounts_into_exact_ones(database_kind, tmp_path, request):
    """A database at revision 0001 (4 decimals, floats on SQLite) keeps its amounts at 0002."""
    if database_kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(template="template0")
        request.addfinalizer(lambda: server.drop_database(url))
    db = Database(url)
    try:
        migrations.upgrade(db.write_engine, "0001")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO instances (id, name, created_at) VALUES (1, 'A', :now)"),
                {"now": NOW.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO invoices (id, instance_id, ext_id, account_ext_id, kind, posted,"
                    " total_excl_tax, date_created, deleted, sync_status) VALUES (1, 1, '1', 'C1',"
                    " 'invoice', true, 1234.5678, :now, false, 'synced')"
                ),
                {"now": NOW.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO invoice_lines (id, instance_id, invoice_id, position, quantity,"
                    " unit_price, total_excl_tax) VALUES (1, 1, 1, 0, 3, 0.1235, 0.3705)"
                )
            )
        engine.dispose()
        migrations.upgrade(db.write_engine)
        with db.read() as session:
            invoice = session.execute(select(Invoice)).scalar_one()
            line = session.execute(select(InvoiceLine)).scalar_one()
        assert invoice.total_excl_tax == Decimal("1234.5678")
        assert (line.quantity, line.unit_price, line.total_excl_tax) == (
            Decimal(3),
            Decimal("0.1235"),
            Decimal("0.3705"),
        )
        assert dashboard.sales_total(db, 1, None) == Decimal("1234.5678")
        migrations.downgrade(db.write_engine, "0001")
        migrations.upgrade(db.write_engine)
        with db.read() as session:
            assert session.execute(select(InvoiceLine.unit_price)).scalar_one() == Decimal("0.1235")
    finally:
        db.dispose()
