"""The record pages over HTTP: lists, search, filters, paging, details, visibility, badges."""

import re
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ssm.cloud.dependencies import MAX_RECORD_ID
from ssm.cloud.models import Account, User
from ssm.cloud.resources import RESOURCES
from ssm.cloud.services.passwords import hash_password
from ssm.cloud.web.record_pages import PAGES, router

from .web_helpers import GOOD, choose_password, sign_in

pytestmark = pytest.mark.anyio

API = "/api/v4"
_HASH = hash_password(GOOD)


async def upsert(app, tenant, resource, items):
    response = await app.client.post(f"{API}/{resource}/upsert", json=items, headers=tenant.headers)
    assert response.status_code == 200, response.text
    results = response.json()
    assert all(r["status"] != "error" for r in results), results
    return results


def add_user(app, tenant, email, *, role="user", ext_id=None, manager_id=None):
    """A user with a password, straight into the database (roles: user, manager...)."""
    with app.db.write() as session:
        user = User(
            instance_id=tenant.instance_id,
            ext_id=ext_id,
            first_name=email.split("@")[0].capitalize(),
            last_name="Test",
            email=email,
            role=role,
            manager_id=manager_id,
            password_hash=_HASH,
            date_created=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        return user.id


async def company(app, name="ACME", email="alice@example.fr"):
    """An instance with an admin who chose a password, reps CO1 (Rémi) and CO2 (Sara)."""
    tenant = await app.tenant(company=name, email=email)
    await choose_password(app, email)
    await upsert(
        app,
        tenant,
        "users",
        [
            {"extId": "CO1", "firstName": "Rémi", "lastName": "R", "email": f"remi@{name}.fr"},
            {"extId": "CO2", "firstName": "Sara", "lastName": "S", "email": f"sara@{name}.fr"},
        ],
    )
    with app.db.write() as session:
        for user in session.query(User).filter(User.instance_id == tenant.instance_id):
            if user.ext_id in ("CO1", "CO2"):
                user.password_hash = _HASH
    return tenant


async def seed(app, tenant):
    """Accounts of both reps, contacts, products, invoices with lines."""
    await upsert(
        app,
        tenant,
        "accounts",
        [
            {
                "extId": "C001",
                "name": "Dupont SARL",
                "accountType": "client",
                "salesRepExtId": "CO1",
                "email": "contact@dupont.fr",
                "city": "Lyon",
            },
            {"extId": "C002", "name": "Martin SA", "accountType": "client", "salesRepExtId": "CO2"},
            {"extId": "P001", "name": "Prospect Bleu", "accountType": "prospect"},
        ],
    )
    await upsert(
        app,
        tenant,
        "contacts",
        [
            {"extId": "1", "accountExtId": "C001", "lastName": "Durand", "salesRepExtId": "CO1"},
            {"extId": "2", "accountExtId": "C002", "lastName": "Petit", "salesRepExtId": "CO2"},
        ],
    )
    await upsert(
        app,
        tenant,
        "products",
        [
            {"extId": "BRIQUE", "model": "Brique rouge", "price": 1.25},
            {"extId": "TUILE", "model": "Tuile plate", "notAvailable": True},
        ],
    )
    await upsert(
        app,
        tenant,
        "invoices",
        [
            {
                "extId": "501",
                "number": "FA0501",
                "accountExtId": "C001",
                "salesRepExtId": "CO1",
                "date": "2026-11-02",
                "posted": True,
                "totalExclTax": 100.0,
                "lines": [
                    {"productExtId": "BRIQUE", "quantity": 80, "totalExclTax": 100.0},
                ],
            },
            {
                "extId": "502",
                "number": "FA0502",
                "accountExtId": "C002",
                "salesRepExtId": "CO2",
                "date": "2026-10-15",
                "posted": False,
                "totalExclTax": 50.0,
            },
        ],
    )


def ids(page):
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', page.text)]


def names(page):
    return re.findall(r'<a href="/[a-z]+/\d+">([^<]+)</a>', page.text)


@asynccontextmanager
async def browser_for(app, email):
    """A browser signed in as ``email``."""
    async with app.browser() as browser:
        response = await sign_in(browser, email)
        assert response.status_code == 303, response.text
        yield browser


async def test_lists_show_records_with_badges_and_the_connector_indicator(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, "alice@example.fr") as admin:
        for path, expected in (
            ("/comptes", {"Dupont SARL", "Martin SA", "Prospect Bleu"}),
            ("/contacts", {"Durand", "Petit"}),
            ("/produits", {"Brique rouge", "Tuile plate"}),
            ("/factures", {"FA0501", "FA0502"}),
        ):
            page = await admin.get(path)
            assert page.status_code == 200, page.text
            assert expected <= set(names(page)), (path, names(page))
            assert "Synchronisé" in page.text
            assert "Connecté à : Sage" in page.text
        quotes = await admin.get("/devis")
        assert quotes.status_code == 200 and "Aucun devis" in quotes.text


async def test_search_and_filters(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, "alice@example.fr") as admin:
        assert names(await admin.get("/comptes?q=dupont")) == ["Dupont SARL"]
        assert names(await admin.get("/comptes?q=contact@dupont")) == ["Dupont SARL"]
        assert names(await admin.get("/comptes?q=C002")) == ["Martin SA"]
        assert names(await admin.get("/comptes?type=prospect")) == ["Prospect Bleu"]
        assert names(await admin.get("/comptes?q=%25")) == []
        assert names(await admin.get("/produits?dispo=non")) == ["Tuile plate"]
        assert names(await admin.get("/produits?dispo=oui")) == ["Brique rouge"]
        assert names(await admin.get("/factures?comptabilisee=oui")) == ["FA0501"]
        assert names(await admin.get("/factures?comptabilisee=non")) == ["FA0502"]
        assert names(await admin.get("/factures?du=2026-11-01&au=2026-11-30")) == ["FA0501"]
        assert names(await admin.get("/factures?q=martin")) == ["FA0502"]
        assert names(await admin.get("/contacts?q=dupont")) == ["Durand"]
        # Unknown filter values are ignored, not refused.
        page = await admin.get("/comptes?type=zzz&statut=zzz&page=abc&du=hier")
        assert page.status_code == 200 and len(names(page)) == 3


async def test_paging_50_a_page(app):
    tenant = await company(app)
    await upsert(
        app,
        tenant,
        "accounts",
        [{"extId": f"K{i:03d}", "name": f"Compte {i:03d}"} for i in range(120)],
    )
    async with browser_for(app, "alice@example.fr") as admin:
        first = await admin.get("/comptes")
        assert len(ids(first)) == 50
        assert "120 résultat(s)" in first.text and "Page 1 sur 3" in first.text
        assert 'href="?page=2"' in first.text
        third = await admin.get("/comptes?page=3")
        assert len(ids(third)) == 20
        assert names(third)[0] == "Compte 100"
        filtered = await admin.get("/comptes?q=Compte+0&page=2")
        assert len(ids(filtered)) == 50
        assert 'href="?q=Compte+0&amp;page=1"' in filtered.text
        beyond = await admin.get("/comptes?page=9")
        assert beyond.status_code == 200 and ids(beyond) == []
        assert "Page 9 sur 3" in beyond.text
        huge = await admin.get("/comptes?page=" + "9" * 40)
        assert huge.status_code == 200 and ids(huge) == []


async def test_details_show_related_records_and_locks(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, "alice@example.fr") as admin:
        listing = await admin.get("/comptes?q=dupont")
        [account_id] = ids(listing)
        page = await admin.get(f"/comptes/{account_id}")
        assert page.status_code == 200
        assert "Durand" in page.text and "FA0501" in page.text and "FA0502" not in page.text
        for words in (
            "Statut de synchronisation",
            "Dernière synchronisation",
            "Détail de synchronisation",
            'title="Champ géré par Sage 100"',
        ):
            assert words in page.text
        invoice_id = ids(await admin.get("/factures?q=FA0501"))[0]
        invoice = await admin.get(f"/factures/{invoice_id}")
        assert "Brique rouge" in invoice.text and "100,00\u00a0€" in invoice.text
        product_id = ids(await admin.get("/produits?q=brique"))[0]
        product = await admin.get(f"/produits/{product_id}")
        assert "Brique rouge" in product.text and "1,25\u00a0€" in product.text
        contact_id = ids(await admin.get("/contacts?q=durand"))[0]
        contact = await admin.get(f"/contacts/{contact_id}")
        assert "Dupont SARL" in contact.text


async def test_english_texts(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, "alice@example.fr") as admin:
        admin.cookies.set("lang", "en", domain="cloud.test")
        page = await admin.get("/comptes")
        assert "Synchronised" in page.text and "Connected to: Sage" in page.text
        assert "Synchronisé" not in page.text


async def test_a_rep_sees_own_records_only(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, "remi@ACME.fr") as rep:
        assert set(names(await rep.get("/comptes"))) == {"Dupont SARL"}
        assert names(await rep.get("/contacts")) == ["Durand"]
        assert names(await rep.get("/factures")) == ["FA0501"]
        # Products are everyone's.
        assert set(names(await rep.get("/produits"))) == {"Brique rouge", "Tuile plate"}
    async with browser_for(app, "alice@example.fr") as admin:
        others = {
            "comptes": ids(await admin.get("/comptes?q=martin"))[0],
            "contacts": ids(await admin.get("/contacts?q=petit"))[0],
            "factures": ids(await admin.get("/factures?q=FA0502"))[0],
        }
    async with browser_for(app, "remi@ACME.fr") as rep:
        for path, record_id in others.items():
            response = await rep.get(f"/{path}/{record_id}")
            assert response.status_code == 404, path
            assert "Page introuvable" in response.text


async def test_a_manager_sees_the_team(app):
    tenant = await company(app)
    await seed(app, tenant)
    with app.db.read() as session:
        remi = session.query(User).filter(User.ext_id == "CO1").one().id
    boss = add_user(app, tenant, "boss@acme.fr", role="manager")
    with app.db.write() as session:
        session.get(User, remi).manager_id = boss
    async with browser_for(app, "boss@acme.fr") as manager:
        assert set(names(await manager.get("/comptes"))) == {"Dupont SARL"}


async def test_another_instances_ids_are_404(app):
    alpha = await company(app, "Alpha", "alice@alpha.fr")
    beta = await company(app, "Beta", "bruno@beta.fr")
    await seed(app, alpha)
    await seed(app, beta)
    async with browser_for(app, "alice@alpha.fr") as browser:
        mine = {path: ids(await browser.get(f"/{path}")) for path in ("comptes", "produits")}
    async with browser_for(app, "bruno@beta.fr") as intruder:
        for path, record_ids in mine.items():
            for record_id in record_ids:
                response = await intruder.get(f"/{path}/{record_id}")
                assert response.status_code == 404
        for bad in ("/comptes/0", "/comptes/abc", "/factures/99999999999999999999", "/devis/1"):
            assert (await intruder.get(bad)).status_code == 404


async def test_ids_past_the_database_bound_are_404_not_500(app):
    """Ids are 32-bit on PostgreSQL: one past ``MAX_RECORD_ID`` must not reach the query."""
    await seed(app, await company(app, "Alpha", "alice@alpha.fr"))
    async with browser_for(app, "alice@alpha.fr") as browser:
        for path in ("comptes", "contacts", "produits", "factures", "devis"):
            for bad in (str(MAX_RECORD_ID + 1), "9" * 5000):
                response = await browser.get(f"/{path}/{bad}")
                assert response.status_code == 404, (path, bad[:12])
            response = await browser.get(f"/{path}/{MAX_RECORD_ID}")
            assert response.status_code == 404, path
        first = ids(await browser.get("/comptes"))[0]
        assert (await browser.get(f"/comptes/000{first}")).status_code == 200


async def test_pages_need_a_session(app):
    async with app.browser() as anonymous:
        for path in ("/comptes", "/comptes/1", "/produits", "/factures", "/devis", "/contacts"):
            response = await anonymous.get(path)
            assert response.status_code == 303
            assert response.headers["location"].startswith("/login")


async def test_badges_follow_crm_edits_and_error_reports(app):
    tenant = await company(app)
    await seed(app, tenant)
    with app.db.read() as session:
        account_id = session.execute(
            select(Account.id).where(Account.ext_id == "P001")
        ).scalar_one()
    async with browser_for(app, "alice@example.fr") as admin:

        async def badge():
            page = await admin.get(f"/comptes/{account_id}")
            return re.search(r'id="sync-status" data-sync="([a-z_]+)"', page.text).group(1), page

        status, page = await badge()
        assert status == "synced"
        assert re.search(r'id="sync-last">\d\d/\d\d/\d{4} \d\d:\d\d<', page.text)

        edit = await app.client.put(
            f"{API}/accounts/{account_id}", json={"phone": "04 00 00 00 00"}, headers=tenant.headers
        )
        assert edit.status_code == 200
        status, page = await badge()
        assert status == "pending" and "En attente de synchronisation" in page.text
        assert "En attente de synchronisation" in (await admin.get("/comptes?statut=pending")).text
        assert names(await admin.get("/comptes?statut=pending")) == ["Prospect Bleu"]

        reported = await app.client.put(
            f"{API}/integration/errors",
            json=[
                {"resource": "accounts", "extId": "P001", "message": "Téléphone refusé par Sage"}
            ],
            headers=tenant.headers,
        )
        assert reported.status_code == 200
        status, page = await badge()
        assert status == "error"
        assert "Erreur de synchronisation" in page.text and "Téléphone refusé par Sage" in page.text
        assert names(await admin.get("/comptes?statut=error")) == ["Prospect Bleu"]

        await app.client.put(f"{API}/integration/errors", json=[], headers=tenant.headers)
        status, _ = await badge()
        assert status == "synced"

        created = await app.client.post(
            f"{API}/accounts", json={"name": "Nouveau"}, headers=tenant.headers
        )
        page = await admin.get(f"/comptes/{created.json()['id']}")
        assert 'data-sync="pending"' in page.text and "En attente de synchronisation" in page.text


async def test_connector_indicator_warns_when_the_heartbeat_is_old(app):
    from datetime import timedelta

    from ssm.cloud.dependencies import get_clock

    tenant = await company(app)
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get("/comptes")
        assert "connected connected-stale" in page.text
        assert "Aucun signal du connecteur" in page.text
        beat = await app.client.put(
            f"{API}/integration/heartbeat",
            json={"connectorVersion": "1.0", "status": "running"},
            headers=tenant.headers,
        )
        assert beat.status_code == 204
        page = await admin.get("/comptes")
        assert "Connecté à : Sage" in page.text and "connected connected-stale" not in page.text
        later = datetime.now(UTC) + timedelta(minutes=6)
        app.app.dependency_overrides[get_clock] = lambda: lambda: later
        page = await admin.get("/comptes")
        assert "connected connected-stale" in page.text


@pytest.mark.parametrize("path", ["/administration", "/courriels", "/profil"])
async def test_the_indicator_is_on_every_page_of_the_layout(app, path):
    tenant = await company(app)
    await app.client.put(
        f"{API}/integration/heartbeat",
        json={"connectorVersion": "1.0", "status": "running"},
        headers=tenant.headers,
    )
    async with browser_for(app, "alice@example.fr") as admin:
        page = await admin.get(path)
        assert page.status_code == 200
        assert 'id="connected"' in page.text and "data-heartbeat=" in page.text


def test_the_record_pages_are_those_of_the_declared_resources():
    declared = {d.name: d.page for d in RESOURCES if d.page is not None}
    assert set(PAGES) == set(declared)
    paths = [route.path for route in router.routes]
    assert paths == [path for page in declared.values() for path in (page, f"{page}/{{id}}")]
