"""Lines follow their product: a product that arrives after its lines links them.

The connector never re-sends an invoice it already sent unchanged, so an invoice sent
while the products stream had failed would keep lines without ``productId`` for good.
When products are created or restored, the cloud links the lines that name them
(``services.products.link_lines``), invoice lines and quote lines alike.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ssm.cloud.models import InvoiceLine, Quote, QuoteLine

from .test_owners_follow_reps import post, record

pytestmark = pytest.mark.anyio

LINES = [
    {"extId": "1", "productExtId": "BAGUE", "description": "Bague", "quantity": 1},
    {"extId": "2", "productExtId": "COLLIER", "description": "Collier", "quantity": 2},
    {"extId": "3", "productExtId": "INCONNU", "description": "Article supprimé"},
    {"extId": "4", "description": "Port"},
]


async def _invoice(app, tenant, ext_id="501"):
    await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "Dupont SARL"}])
    [invoice] = await post(
        app,
        tenant,
        "invoices/upsert",
        [{"extId": ext_id, "number": f"FA{ext_id}", "accountExtId": "C1", "lines": LINES}],
    )
    return invoice["id"]


def _quote_lines(app, tenant) -> int:
    """A quote with a line naming BAGUE, written straight to the database (no quote API)."""
    with app.db.write() as session:
        quote = Quote(instance_id=tenant.instance_id, ext_id="Q1", date_created=datetime.now(UTC))
        session.add(quote)
        session.flush()
        session.add(
            QuoteLine(
                instance_id=tenant.instance_id,
                quote_id=quote.id,
                position=0,
                product_ext_id="BAGUE",
            )
        )
        return quote.id


def _quote_link(app, quote_id):
    with app.db.read() as session:
        return session.execute(
            select(QuoteLine.product_id).where(QuoteLine.quote_id == quote_id)
        ).scalar_one()


async def _links(app, tenant, invoice_id):
    lines = (await record(app, tenant, "invoices", invoice_id))["lines"]
    return {line["extId"]: line["productId"] for line in lines}


async def test_lines_sent_before_their_products_are_linked_when_they_arrive(app):
    tenant = await app.tenant()
    invoice_id = await _invoice(app, tenant)
    quote_id = _quote_lines(app, tenant)
    assert await _links(app, tenant, invoice_id) == {"1": None, "2": None, "3": None, "4": None}
    before = await record(app, tenant, "invoices", invoice_id)

    bague, collier = await post(
        app,
        tenant,
        "products/upsert",
        [{"extId": "BAGUE", "model": "Bague or"}, {"extId": "COLLIER", "model": "Collier"}],
    )
    links = await _links(app, tenant, invoice_id)
    assert links == {"1": bague["id"], "2": collier["id"], "3": None, "4": None}
    assert _quote_link(app, quote_id) == bague["id"]
    after = await record(app, tenant, "invoices", invoice_id)
    assert {k: v for k, v in after.items() if k != "lines"} == {
        k: v for k, v in before.items() if k != "lines"
    }
    # The connector's next send of the same invoice finds nothing left to fix.
    [again] = await post(
        app,
        tenant,
        "invoices/upsert",
        [{"extId": "501", "number": "FA501", "accountExtId": "C1", "lines": LINES}],
    )
    assert again["status"] == "unchanged"


async def test_a_product_restored_links_lines_and_a_change_leaves_links_alone(app):
    tenant = await app.tenant()
    [bague] = await post(app, tenant, "products/upsert", [{"extId": "BAGUE", "model": "Bague"}])
    await post(app, tenant, "products/delete", ["BAGUE"])
    invoice_id = await _invoice(app, tenant)
    # the invoice links a deleted product too (the rule of a line written now): unlink it
    # by hand to see the restore bring it back.
    with app.db.write() as session:
        for line in session.scalars(select(InvoiceLine)):
            line.product_id = None
    [restored] = await post(app, tenant, "products/upsert", [{"extId": "BAGUE", "model": "Bague"}])
    assert (restored["status"], restored["id"]) == ("updated", bague["id"])
    assert (await _links(app, tenant, invoice_id))["1"] == bague["id"]

    with app.db.write() as session:
        for line in session.scalars(select(InvoiceLine)):
            line.product_id = None
    [changed] = await post(app, tenant, "products/upsert", [{"extId": "BAGUE", "model": "Or"}])
    assert changed["status"] == "updated"
    assert (await _links(app, tenant, invoice_id))["1"] is None  # only arrivals link


async def test_another_instances_lines_stay_unlinked(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="zoe@beta.fr")
    beta_invoice = await _invoice(app, beta)
    await post(app, alpha, "products/upsert", [{"extId": "BAGUE", "model": "Bague"}])
    assert (await _links(app, beta, beta_invoice))["1"] is None
