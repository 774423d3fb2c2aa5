"""Small display defects of issue 17: a rep's name, not a code; « % » on discounts; Paris time.

Every time the web app shows is in the instance's zone (Europe/Paris): a UTC time stored at
12:00 in July reads 14:00, in « Courriels » and beside « Resynchronisation demandée » too.
"""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from ssm.cloud.models import Account, Invoice, OutboxMessage, ResyncRequest

from .admin_helpers import act, browser_of, instance, user_id
from .test_web_records import browser_for, company, seed, upsert
from .web_helpers import text

pytestmark = pytest.mark.anyio

NOON_UTC_IN_JULY = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def record_id(app, model, ext_id):
    with app.db.read() as session:
        return session.execute(select(model.id).where(model.ext_id == ext_id)).scalar_one()


def sales_rep_cell(page) -> str:
    match = re.search(r"Commercial \(Sage\)[^<]*(?:<[^>]+>[^<]*)*?</th><td>([^<]*)</td>", page.text)
    assert match is not None, page.text
    return match.group(1)


async def test_an_account_shows_its_reps_name_and_the_code_only_when_unknown(app):
    tenant = await company(app)
    await seed(app, tenant)
    await upsert(
        app, tenant, "accounts", [{"extId": "C009", "name": "Inconnu", "salesRepExtId": "11"}]
    )
    async with browser_for(app, "alice@example.fr") as admin:
        known = await admin.get(f"/comptes/{record_id(app, Account, 'C001')}")
        unknown = await admin.get(f"/comptes/{record_id(app, Account, 'C009')}")
    assert sales_rep_cell(known) == "Rémi R"
    assert sales_rep_cell(unknown) == "11"


async def test_an_invoice_lines_discount_shows_its_percent_sign(app):
    tenant = await company(app)
    await seed(app, tenant)
    line = {"productExtId": "BRIQUE", "quantity": 8, "discount": 10, "totalExclTax": 9.0}
    invoice = {"extId": "503", "number": "FA0503", "accountExtId": "C001", "lines": [line]}
    await upsert(app, tenant, "invoices", [invoice])
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get(f"/factures/{record_id(app, Invoice, '503')}")
    assert page.status_code == 200
    assert "<td>10 %</td>" in page.text


async def test_the_outbox_shows_paris_time(app):
    await instance(app, reps=None)
    with app.db.write() as session:
        session.execute(update(OutboxMessage).values(created_at=NOON_UTC_IN_JULY))
    async with browser_of(app, "alice@example.fr") as admin:
        page = text(await admin.get("/courriels"))
    assert "01/07/2026 14:00" in page and "01/07/2026 12:00" not in page


async def test_a_resync_request_shows_paris_time(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        await act(admin, f"/administration/utilisateurs/{bruno}/resynchroniser")
        with app.db.write() as session:
            session.execute(update(ResyncRequest).values(requested_at=NOON_UTC_IN_JULY))
        page = text(await admin.get("/administration"))
    assert "Resynchronisation demandée (01/07/2026 14:00)" in page
