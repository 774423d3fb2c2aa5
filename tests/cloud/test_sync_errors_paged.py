"""An error list of any size: the connector's client pages it, the cloud applies each page.

The long-list tests run the real cloud under uvicorn on a loopback port and send the
report with the connector's own ``CrmClient``, as ``ssm-connector run`` does; the badges are
then read from the web app's pages over HTTP. Both databases, as every cloud test.
"""

import re

import anyio
import pytest
from sqlalchemy import func, select

from ssm.cloud.models import Account, Contact
from ssm.connector.crm_client import ERRORS_PAGE_LIMIT, CrmClient

from .server_helpers import served
from .web_helpers import choose_password, sign_in

pytestmark = pytest.mark.anyio

API = "/api/v4"
ACCOUNTS = [f"C{n:04d}" for n in range(1100)]
CONTACTS = [str(n) for n in range(1, 135)]


async def upsert(app, tenant, resource, items):
    for start in range(0, len(items), 200):
        response = await app.client.post(
            f"{API}/{resource}/upsert", json=items[start : start + 200], headers=tenant.headers
        )
        assert response.status_code == 200, response.text
        assert all(r["status"] == "created" for r in response.json()), response.text


async def seeded(app):
    """An instance with 1,100 accounts and 134 contacts, and its admin signed up."""
    tenant = await app.tenant()
    await choose_password(app, "alice@example.fr")
    await upsert(app, tenant, "accounts", [{"extId": k, "name": f"Société {k}"} for k in ACCOUNTS])
    contacts = [{"extId": k, "accountExtId": "C0000", "lastName": f"Nom {k}"} for k in CONTACTS]
    await upsert(app, tenant, "contacts", contacts)
    return tenant


def report(url, tenant, errors):
    """What ``ssm-connector run`` does: the connector's client sends the whole list."""
    with CrmClient(url, tenant.public_key, tenant.private_key) as crm:
        crm.report_errors(errors)


def in_error(app, model):
    with app.db.read() as session:
        rows = session.execute(
            select(model.ext_id, model.sync_detail).where(model.sync_status == "error")
        )
        return {ext_id: detail for ext_id, detail in rows}


def record_id(app, model, ext_id):
    with app.db.read() as session:
        return session.execute(select(model.id).where(model.ext_id == ext_id)).scalar_one()


def badge(page):
    status = re.search(r'id="sync-status" data-sync="([a-z_]+)"', page.text).group(1)
    detail = re.search(r'id="sync-detail">([^<]*)<', page.text).group(1)
    return status, detail


def total(page):
    """The count a list page shows (an empty list shows no count)."""
    assert page.status_code == 200, page.text
    match = re.search(r'id="result-count" data-total="(\d+)"', page.text)
    return int(match.group(1)) if match else 0


def reason(resource, key):
    return f"Refusé par Sage 100 ({resource} {key}) : code postal invalide"


async def test_an_error_list_of_1234_records_is_stored_whole_and_shown_on_the_pages(app):
    tenant = await seeded(app)
    errors = [
        {"resource": "accounts", "extId": k, "message": reason("accounts", k)} for k in ACCOUNTS
    ] + [{"resource": "contacts", "extId": k, "message": reason("contacts", k)} for k in CONTACTS]
    # Users carry no badge in the web app: the cloud answers them unknown, not a refusal.
    errors.append({"resource": "users", "extId": "CO9", "message": "E-mail manquant"})
    assert len(errors) - 1 == 1234 > 2 * ERRORS_PAGE_LIMIT

    with served(app) as url:
        await anyio.to_thread.run_sync(report, url, tenant, errors)

    assert in_error(app, Account) == {k: reason("accounts", k) for k in ACCOUNTS}
    assert in_error(app, Contact) == {k: reason("contacts", k) for k in CONTACTS}
    async with app.browser() as admin:
        assert (await sign_in(admin, "alice@example.fr")).status_code == 303
        assert total(await admin.get("/comptes?statut=error")) == 1100
        assert total(await admin.get("/contacts?statut=error")) == 134
        assert total(await admin.get("/comptes?statut=synced")) == 0
        # The first and last records, and those on either side of each page boundary.
        for key in ("C0000", "C0499", "C0500", "C0999", "C1000", "C1099"):
            page = await admin.get(f"/comptes/{record_id(app, Account, key)}")
            assert "Erreur de synchronisation" in page.text
            assert badge(page) == ("error", reason("accounts", key))
        for key in ("1", "134"):
            page = await admin.get(f"/contacts/{record_id(app, Contact, key)}")
            assert badge(page) == ("error", reason("contacts", key))


async def test_errors_resolved_go_back_to_synced_across_every_page(app):
    tenant = await seeded(app)
    everything = [
        {"resource": "accounts", "extId": k, "message": reason("accounts", k)} for k in ACCOUNTS
    ] + [{"resource": "contacts", "extId": k, "message": reason("contacts", k)} for k in CONTACTS]
    # Later, one account in three is still refused, and one contact.
    still = [k for n, k in enumerate(ACCOUNTS) if n % 3 == 0]
    remaining = [
        {"resource": "accounts", "extId": k, "message": "Toujours refusé"} for k in still
    ] + [{"resource": "contacts", "extId": "99", "message": "Toujours refusé"}]

    with served(app) as url:
        await anyio.to_thread.run_sync(report, url, tenant, everything)
        await anyio.to_thread.run_sync(report, url, tenant, remaining)
        assert in_error(app, Account) == dict.fromkeys(still, "Toujours refusé")
        assert in_error(app, Contact) == {"99": "Toujours refusé"}
        async with app.browser() as admin:
            await sign_in(admin, "alice@example.fr")
            assert total(await admin.get("/comptes?statut=error")) == len(still) == 367
            assert total(await admin.get("/comptes?statut=synced")) == 1100 - 367
            for key, expected in (("C0999", "error"), ("C1000", "synced"), ("C1001", "synced")):
                page = await admin.get(f"/comptes/{record_id(app, Account, key)}")
                assert badge(page)[0] == expected
            page = await admin.get(f"/comptes/{record_id(app, Account, 'C1000')}")
            assert "Synchronisé" in page.text and badge(page)[1] != "Toujours refusé"

        await anyio.to_thread.run_sync(report, url, tenant, [])
    assert in_error(app, Account) == {} and in_error(app, Contact) == {}


async def put(app, tenant, body, status=200):
    response = await app.client.put(f"{API}/integration/errors", json=body, headers=tenant.headers)
    assert response.status_code == status, response.text
    return response.json()


def key(resource, ext_id):
    return {"resource": resource, "extId": ext_id}


def error(resource, ext_id, message="refusé"):
    return {**key(resource, ext_id), "message": message}


async def test_a_page_replaces_the_list_on_its_range_only_in_code_point_order(app):
    if app.db.engine.dialect.name == "postgresql":
        # A production database may compare text by locale, where "a" < "Z" (ICU's root
        # locale here, whatever locale the test cluster was made with).
        with app.db.engine.begin() as connection:
            connection.exec_driver_sql(
                'ALTER TABLE accounts ALTER COLUMN ext_id TYPE varchar(100) COLLATE "und-x-icu"'
            )
            assert connection.exec_driver_sql("SELECT 'a' < 'Z' COLLATE \"und-x-icu\"").scalar()
    tenant = await app.tenant()
    await upsert(app, tenant, "accounts", [{"extId": k, "name": k} for k in ("B", "Z", "a", "É")])
    await upsert(app, tenant, "products", [{"extId": "P1", "model": "Brique"}])
    await put(app, tenant, [error("accounts", k) for k in ("B", "Z", "a", "É")])
    await put(app, tenant, [error("products", "P1")], status=200)
    assert set(in_error(app, Account)) == set()  # the array form is the whole list

    await put(
        app,
        tenant,
        [error("accounts", k) for k in ("B", "Z", "a", "É")] + [error("products", "P1")],
    )
    # "Z" < "a" by code point (a locale would put "a" first): the page (…, "Z"] holds
    # "B" and "Z" only; "Z" is no longer listed, so it goes back to « Synchronisé ».
    applied = await put(
        app,
        tenant,
        {
            "after": None,
            "through": key("accounts", "Z"),
            "errors": [error("accounts", "B", "encore")],
        },
    )
    assert applied["cleared"] == 1 and applied["errors"] == 1
    assert in_error(app, Account) == {"B": "encore", "a": "refusé", "É": "refusé"}
    # ("accounts", "a") excluded to the end: "a", "É" and every later resource.
    applied = await put(app, tenant, {"after": key("accounts", "a"), "errors": []})
    assert applied["cleared"] == 2  # "É" and the product
    assert in_error(app, Account) == {"B": "encore", "a": "refusé"}


async def test_a_page_with_records_outside_its_range_or_too_many_is_refused(app):
    tenant = await app.tenant()
    await upsert(app, tenant, "accounts", [{"extId": "C1", "name": "Dupont"}])
    await put(app, tenant, [error("accounts", "C1")])
    for body in (
        {"after": key("accounts", "C1"), "errors": [error("accounts", "C1")]},
        {"through": key("accounts", "C0"), "errors": [error("accounts", "C1")]},
        {"after": key("contacts", "1"), "through": key("accounts", "C9"), "errors": []},
        {"after": key("accounts", "C1"), "through": key("accounts", "C1"), "errors": []},
        {"errors": [error("accounts", f"C{n}") for n in range(ERRORS_PAGE_LIMIT + 1)]},
        [error("accounts", f"C{n}") for n in range(ERRORS_PAGE_LIMIT + 1)],
    ):
        answer = await put(app, tenant, body, status=422)
        assert answer["code"] == "validation_error"
    assert in_error(app, Account) == {"C1": "refusé"}  # nothing changed


async def test_pages_from_another_instance_change_nothing_here(app):
    mine = await app.tenant()
    other = await app.tenant(company="AUTRE", email="bob@example.fr")
    await upsert(app, mine, "accounts", [{"extId": "C1", "name": "Dupont"}])
    await put(app, mine, [error("accounts", "C1")])
    applied = await put(app, other, {"through": key("quotes", "~"), "errors": []})
    assert applied == {"errors": 0, "cleared": 0, "unknown": []}
    assert in_error(app, Account) == {"C1": "refusé"}
    with app.db.read() as session:
        assert session.execute(select(func.count()).select_from(Account)).scalar_one() == 1
