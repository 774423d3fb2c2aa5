"""Records follow their rep: a rep who arrives after their records, or leaves, moves them.

The connector never re-sends a record it already sent unchanged, so the cloud must move
owners itself when users are upserted or deleted (``services.users.reresolve_owners``).
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ssm.cloud.models import User
from ssm.cloud.resources import RESOURCES
from ssm.cloud.services.passwords import hash_password
from ssm.cloud.services.users import OWNED_TABLES

from .test_web_records import browser_for, names
from .web_helpers import GOOD

pytestmark = pytest.mark.anyio

API = "/api/v4"
REP = {"extId": "7", "firstName": "Rémi", "lastName": "Roux", "email": "remi@example.fr"}
OTHER = {"extId": "8", "firstName": "Sara", "lastName": "Simon", "email": "sara@example.fr"}


async def post(app, tenant, path, body):
    response = await app.client.post(f"{API}/{path}", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    results = response.json()
    assert all(r["status"] != "error" for r in results), results
    return results


async def record(app, tenant, resource, record_id):
    response = await app.client.get(f"{API}/{resource}/{record_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def seed(app, tenant):
    """Accounts, contacts, invoices of reps 7 and 8 and without rep; their ids by resource."""
    accounts = await post(
        app,
        tenant,
        "accounts/upsert",
        [
            {"extId": "C7", "name": "Dupont SARL", "salesRepExtId": "7"},
            {"extId": "C8", "name": "Martin SA", "salesRepExtId": "8"},
            {"extId": "C0", "name": "Sans Commercial"},
        ],
    )
    contacts = await post(
        app,
        tenant,
        "contacts/upsert",
        [
            {"extId": "K7", "accountExtId": "C7", "lastName": "Durand", "salesRepExtId": "7"},
            {"extId": "K8", "accountExtId": "C8", "lastName": "Petit", "salesRepExtId": "8"},
        ],
    )
    invoices = await post(
        app,
        tenant,
        "invoices/upsert",
        [
            {"extId": "501", "number": "FA0501", "accountExtId": "C7", "salesRepExtId": "7"},
            {"extId": "502", "number": "FA0502", "accountExtId": "C8", "salesRepExtId": "8"},
        ],
    )
    return {
        "accounts": [r["id"] for r in accounts],
        "contacts": [r["id"] for r in contacts],
        "invoices": [r["id"] for r in invoices],
    }


async def owners(app, tenant, ids):
    """``ownerId`` of every seeded record, read through the API, by resource."""
    return {
        resource: [(await record(app, tenant, resource, i))["ownerId"] for i in record_ids]
        for resource, record_ids in ids.items()
    }


def expected(rep7, rep8, admin):
    return {
        "accounts": [rep7, rep8, admin],
        "contacts": [rep7, rep8],
        "invoices": [rep7, rep8],
    }


async def test_records_follow_a_rep_who_arrives_leaves_and_comes_back(app):
    tenant = await app.tenant()
    admin = (await app.client.get(f"{API}/users", headers=tenant.headers)).json()[0]["id"]
    [sara] = await post(app, tenant, "users/upsert", [OTHER])
    ids = await seed(app, tenant)
    assert await owners(app, tenant, ids) == expected(admin, sara["id"], admin)
    untouched = await record(app, tenant, "accounts", ids["accounts"][1])

    [remi] = await post(app, tenant, "users/upsert", [REP])
    assert remi["status"] == "created"
    assert await owners(app, tenant, ids) == expected(remi["id"], sara["id"], admin)
    moved = await record(app, tenant, "accounts", ids["accounts"][0])
    assert moved["dateUpdated"] is not None
    assert await record(app, tenant, "accounts", ids["accounts"][1]) == untouched
    # What the connector would send again is now unchanged: nothing left to fix by a resync.
    [same] = await post(
        app,
        tenant,
        "accounts/upsert",
        [{"extId": "C7", "name": "Dupont SARL", "salesRepExtId": "7"}],
    )
    assert same["status"] == "unchanged"

    [deleted] = await post(app, tenant, "users/delete", ["7"])
    assert deleted["status"] == "deleted"
    assert await owners(app, tenant, ids) == expected(admin, sara["id"], admin)

    [back] = await post(app, tenant, "users/upsert", [REP])
    assert (back["status"], back["id"]) == ("updated", remi["id"])
    assert await owners(app, tenant, ids) == expected(remi["id"], sara["id"], admin)

    # An ordinary change of the rep moves nothing and is not a reason to rewrite records.
    before = await record(app, tenant, "accounts", ids["accounts"][0])
    [changed] = await post(app, tenant, "users/upsert", [REP | {"phone": "01 02 03 04 05"}])
    assert changed["status"] == "updated"
    assert await record(app, tenant, "accounts", ids["accounts"][0]) == before


async def test_a_user_who_gains_the_reps_number_by_email_gets_the_records(app):
    tenant = await app.tenant()
    ids = await seed(app, tenant)
    with app.db.write() as session:
        crm_user = User(
            instance_id=tenant.instance_id,
            email="remi@example.fr",
            last_name="Roux",
            date_created=datetime.now(UTC),
        )
        session.add(crm_user)
        session.flush()
        crm_user_id = crm_user.id
    [bound] = await post(app, tenant, "users/upsert", [REP])
    assert (bound["status"], bound["id"]) == ("updated", crm_user_id)
    accounts = [(await record(app, tenant, "accounts", i))["ownerId"] for i in ids["accounts"]]
    assert accounts[0] == crm_user_id
    assert crm_user_id not in accounts[1:]


async def test_another_instances_records_stay_put(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="zoe@beta.fr")
    beta_admin = (await app.client.get(f"{API}/users", headers=beta.headers)).json()[0]["id"]
    beta_ids = await seed(app, beta)
    await post(app, alpha, "users/upsert", [REP])
    [beta_account] = await post(
        app, beta, "accounts/upsert", [{"extId": "C7", "name": "Dupont SARL", "salesRepExtId": "7"}]
    )
    assert beta_account["status"] == "unchanged"
    assert (await record(app, beta, "accounts", beta_ids["accounts"][0]))["ownerId"] == beta_admin
    assert (await record(app, beta, "invoices", beta_ids["invoices"][0]))["ownerId"] == beta_admin


async def test_a_rep_signs_in_and_sees_the_accounts_sent_before_them(app):
    tenant = await app.tenant()
    await seed(app, tenant)
    await post(app, tenant, "users/upsert", [REP])
    with app.db.write() as session:
        rep = session.scalars(select(User).where(User.ext_id == "7")).one()
        rep.password_hash = hash_password(GOOD)
    async with browser_for(app, "remi@example.fr") as browser:
        assert names(await browser.get("/comptes")) == ["Dupont SARL"]
        assert names(await browser.get("/contacts")) == ["Durand"]
        assert names(await browser.get("/factures")) == ["FA0501"]


def test_owned_tables_are_those_of_the_resources_with_an_owner():
    declared = {
        declared.model.__tablename__
        for declared in RESOURCES
        if declared.service is not None and declared.service.has_owner
    }
    assert {"accounts", "contacts", "invoices"} <= declared
    assert {table.name for table in OWNED_TABLES} == declared
