"""The dashboard at ``/``: sales of posted invoices equal SQL sums, per period and role."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import Invoice, User

from .test_web_records import browser_for, company, upsert

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # a Friday; the week began on 23 Nov
SVG = "{http://www.w3.org/2000/svg}"


def invoice(ext_id, account, rep, day, amount, *, posted=True, credit=False, lines=()):
    return {
        "extId": ext_id,
        "number": f"FA{ext_id}",
        "accountExtId": account,
        "salesRepExtId": rep,
        "date": day,
        "posted": posted,
        "kind": "credit_note" if credit else "invoice",
        "totalExclTax": -amount if credit else amount,
        "lines": [
            {"productExtId": product, "totalExclTax": -value if credit else value}
            for product, value in lines
        ],
    }


async def seeded(app):
    tenant = await company(app)
    app.app.dependency_overrides[get_clock] = lambda: lambda: NOW
    await upsert(
        app,
        tenant,
        "accounts",
        [
            {"extId": "C1", "name": "Dupont SARL", "accountType": "client", "salesRepExtId": "CO1"},
            {"extId": "C2", "name": "Martin & Fils <SA>", "accountType": "client"},
            {"extId": "C3", "name": "Bernard", "accountType": "client", "salesRepExtId": "CO2"},
        ],
    )
    await upsert(
        app,
        tenant,
        "products",
        [{"extId": "BRIQUE", "model": "Brique rouge"}, {"extId": "TUILE", "model": "Tuile"}],
    )
    await upsert(
        app,
        tenant,
        "invoices",
        [
            invoice("1", "C1", "CO1", "2026-11-24", 1000.10, lines=[("BRIQUE", 1000.10)]),
            invoice("2", "C1", "CO1", "2026-11-03", 250.55, lines=[("TUILE", 250.55)]),
            invoice("3", "C2", None, "2026-06-15", 4000.00, lines=[("BRIQUE", 4000.00)]),
            invoice("4", "C3", "CO2", "2025-12-31", 999.99, lines=[("TUILE", 999.99)]),
            invoice("5", "C1", "CO1", "2026-11-25", 300.00, credit=True, lines=[("BRIQUE", 300)]),
            invoice("6", "C2", None, "2026-11-26", 777.77, posted=False),
            invoice("7", "C3", "CO2", "2024-02-29", 123.45),
            invoice("8", "C3", "CO2", "2026-11-20", 50.00),
        ],
    )
    deleted = await app.client.post(
        "/api/v4/invoices/upsert",
        json=[invoice("9", "C1", "CO1", "2026-11-24", 5000.00)],
        headers=tenant.headers,
    )
    assert deleted.status_code == 200
    await app.client.post("/api/v4/invoices/delete", json=["9"], headers=tenant.headers)
    return tenant


def sql_sum(app, tenant, start=None, end=None, owners=None):
    """The reference: a plain SQL sum over the instance's posted, live invoices."""
    query = select(func.coalesce(func.sum(Invoice.total_excl_tax), 0)).where(
        Invoice.instance_id == tenant.instance_id,
        Invoice.posted.is_(True),
        Invoice.deleted.is_(False),
    )
    if start is not None:
        query = query.where(Invoice.date >= start, Invoice.date < end)
    if owners is not None:
        query = query.where(Invoice.owner_id.in_(owners))
    with app.db.read() as session:
        return round(float(session.execute(query).scalar_one()), 4)


def value_of(page, element_id):
    match = re.search(rf'id="{element_id}" data-value="([-0-9.]+)"', page.text)
    assert match is not None, page.text
    return float(match.group(1))


def owner_of(app, ext_id):
    with app.db.read() as session:
        return session.execute(select(User.id).where(User.ext_id == ext_id)).scalar_one()


@pytest.mark.parametrize(
    ("param", "start", "end"),
    [
        ("semaine", date(2026, 11, 23), date(2026, 11, 30)),
        ("mois", date(2026, 11, 1), date(2026, 12, 1)),
        ("annee", date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
async def test_totals_equal_sql_sums_for_each_period(app, param, start, end):
    tenant = await seeded(app)
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get(f"/?periode={param}")
    assert page.status_code == 200
    assert "Tableau de bord" in page.text
    assert value_of(page, "sales-total") == sql_sum(app, tenant) == 6124.09
    assert value_of(page, "sales-current") == sql_sum(app, tenant, start, end)
    rows = re.findall(
        r'<tr data-start="([0-9-]+)" data-end="([0-9-]+)"><th scope="row">[^<]+</th>'
        r'<td class="amount" data-value="([-0-9.]+)"',
        page.text,
    )
    assert len(rows) == 12
    assert rows[-1][:2] == (start.isoformat(), end.isoformat())
    for first, last, value in rows:
        expected = sql_sum(app, tenant, date.fromisoformat(first), date.fromisoformat(last))
        assert float(value) == expected


async def test_the_total_is_shown_in_french(app):
    await seeded(app)
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/")
    assert re.search(r'id="sales-total" data-value="6124.09">6\u202f124,09\u00a0€<', page.text)
    assert "Ventes du mois en cours (HT)" in page.text


async def test_a_rep_sees_own_sales(app):
    tenant = await seeded(app)
    remi = owner_of(app, "CO1")
    async with browser_for(app, "remi@ACME.fr") as rep:
        page = await rep.get("/?periode=mois")
    assert value_of(page, "sales-total") == sql_sum(app, tenant, owners=[remi]) == 950.65
    assert value_of(page, "sales-current") == 950.65
    assert "Martin" not in page.text and "Bernard" not in page.text


async def test_a_manager_sees_the_teams_sales(app):
    tenant = await seeded(app)
    sara = owner_of(app, "CO2")
    with app.db.write() as session:
        session.get(User, sara).role = "manager"
        session.get(User, owner_of(app, "CO1")).manager_id = sara
    async with browser_for(app, "sara@ACME.fr") as manager:
        page = await manager.get("/")
    owners = [sara, owner_of(app, "CO1")]
    assert value_of(page, "sales-total") == sql_sum(app, tenant, owners=owners)


async def test_tops_rank_customers_and_products(app):
    await seeded(app)
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/?periode=mois")
    customers = re.search(
        r'<table class="records" id="top-customers">(.*?)</table>', page.text, flags=re.S
    )
    assert customers is not None
    ranked = re.findall(
        r'">([^<]+)</a></th><td class="amount" data-value="([-0-9.]+)"', customers.group(1)
    )
    # Over December 2025 to November 2026; Dupont's credit note lowers its sales.
    assert ranked == [
        ("Martin &amp; Fils &lt;SA&gt;", "4000"),
        ("Bernard", "1049.99"),
        ("Dupont SARL", "950.65"),
    ]
    products = re.search(
        r'<table class="records" id="top-products">(.*?)</table>', page.text, flags=re.S
    )
    assert products is not None
    assert re.findall(r'">([^<]+)</a></th>', products.group(1)) == [
        "BRIQUE — Brique rouge",
        "TUILE — Tuile",
    ]


async def test_products_of_the_same_name_are_told_apart_by_their_reference(app):
    tenant = await seeded(app)
    await upsert(app, tenant, "products", [{"extId": "TUILE", "model": "Brique rouge"}])
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/?periode=mois")
    products = re.search(
        r'<table class="records" id="top-products">(.*?)</table>', page.text, flags=re.S
    )
    assert products is not None
    assert re.findall(r'">([^<]+)</a></th>', products.group(1)) == [
        "BRIQUE — Brique rouge",
        "TUILE — Brique rouge",
    ]


async def test_charts_are_well_formed_accessible_svg(app):
    await seeded(app)
    async with browser_for(app, "alice@example.fr") as admin:
        for param in ("semaine", "mois", "annee"):
            page = await admin.get(f"/?periode={param}")
            # The charts, not the page's decorative icons (``<svg class="icon" aria-hidden>``).
            charts = re.findall(r'<svg (?![^>]*class="icon").*?</svg>', page.text, flags=re.S)
            assert len(charts) == 3
            for chart in charts:
                root = ET.fromstring(chart)
                assert root.get("role") == "img"
                title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
                assert title is not None and title.text
                assert desc is not None and desc.text
                assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
                assert root.findall(f".//{SVG}rect")
            assert "<script" not in page.text and "cdn" not in page.text.lower()


async def test_an_empty_dashboard(app):
    await company(app)
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/?periode=inconnue")
        english = await admin.get("/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert value_of(page, "sales-total") == 0
    assert "Aucune vente sur ces périodes." in page.text
    assert re.findall(r"<svg .*?</svg>", page.text, flags=re.S)
    assert "Dashboard" in english.text and "Sales this month" in english.text


async def test_other_instances_sales_never_count(app):
    tenant = await seeded(app)
    other = await company(app, "Beta", "bruno@beta.fr")
    await upsert(app, other, "accounts", [{"extId": "C1", "name": "Autre"}])
    await upsert(app, other, "invoices", [invoice("1", "C1", None, "2026-11-24", 99999)])
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/")
    assert value_of(page, "sales-total") == sql_sum(app, tenant) == 6124.09
