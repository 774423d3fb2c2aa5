"""Contacts made and edited in the CRM: Sage's rules, the feed, the connector's binding.

Through the real app on both databases: ``POST``, ``PUT``, ``DELETE /api/v4/contacts/{id}``
(refused) and ``PUT /api/v4/contacts/{id}/extId``; the feed is ``GET /api/v4/changes``.
"""

import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.models import Account, Contact

from .test_web_crm_forms import REMI, user_id
from .test_web_records import browser_for, company
from .web_helpers import csrf_of

pytestmark = pytest.mark.anyio

API = "/api/v4"
CONTACTS = f"{API}/contacts"


async def sage_account(app, tenant, ext_id="C1", account_type="client", rep=None):
    item = {"extId": ext_id, "name": f"Société {ext_id}", "accountType": account_type}
    if rep is not None:
        item["salesRepExtId"] = rep
    response = await app.client.post(f"{API}/accounts/upsert", json=[item], headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()[0]["id"]


async def create(app, tenant, account_id, **fields):
    body = {"accountId": account_id, "lastName": "Durand", **fields}
    return await app.client.post(CONTACTS, json=body, headers=tenant.headers)


async def changes(app, tenant, after=0):
    response = await app.client.get(
        f"{API}/changes", params={"after": after}, headers=tenant.headers
    )
    assert response.status_code == 200
    return response.json()


def stored(app, contact_id):
    with app.db.read() as session:
        return session.execute(select(Contact).where(Contact.id == contact_id)).scalar_one()


@pytest.mark.parametrize("account_type", ["client", "prospect"])
async def test_a_contact_of_a_sage_account_is_created_pending_and_fed(app, account_type):
    tenant = await app.tenant()
    account_id = await sage_account(app, tenant, account_type=account_type)
    response = await create(app, tenant, account_id, firstName="Anne", email="anne@dupont.fr")
    assert response.status_code == 200, response.text
    contact_id = response.json()["id"]
    row = stored(app, contact_id)
    assert (row.account_ext_id, row.account_id, row.ext_id) == ("C1", account_id, None)
    assert (row.first_name, row.last_name, row.sync_status) == ("Anne", "Durand", "pending")
    [change] = (await changes(app, tenant))["changes"]
    assert (change["entity"], change["action"], change["id"]) == ("contacts", "created", contact_id)
    listed = await app.client.get(f"{CONTACTS}/{contact_id}", headers=tenant.headers)
    assert listed.json()["lastName"] == "Durand"


async def test_a_contact_takes_its_accounts_rep_and_owner(app):
    tenant = await app.tenant()
    account_id = await sage_account(app, tenant, rep="CO9")
    contact_id = (await create(app, tenant, account_id)).json()["id"]
    with app.db.read() as session:
        account = session.execute(select(Account).where(Account.id == account_id)).scalar_one()
    row = stored(app, contact_id)
    assert (row.sales_rep_ext_id, row.owner_id) == ("CO9", account.owner_id)


async def test_a_contact_of_a_prospect_not_yet_in_sage_waits_for_it(app):
    tenant = await app.tenant()
    created = await app.client.post(
        f"{API}/accounts", json={"name": "Neuf"}, headers=tenant.headers
    )
    account_id = created.json()["id"]
    response = await create(app, tenant, account_id)
    assert response.status_code == 200, response.text
    contact_id = response.json()["id"]
    listed = await app.client.get(f"{CONTACTS}/{contact_id}", headers=tenant.headers)
    assert (listed.json()["accountExtId"], listed.json()["extId"]) == ("", None)
    before = await changes(app, tenant)
    assert [(c["entity"], c["id"]) for c in before["changes"]] == [
        ("accounts", account_id),
        ("contacts", contact_id),
    ]
    bound = await app.client.put(
        f"{API}/accounts/{account_id}/extId",
        json={"extId": "P1", "through": before["last"]},
        headers=tenant.headers,
    )
    assert bound.status_code == 200
    assert stored(app, contact_id).account_ext_id == "P1"
    after = await changes(app, tenant, before["last"])
    assert [(c["entity"], c["action"], c["id"]) for c in after["changes"]] == [
        ("contacts", "updated", contact_id)
    ]
    again = await app.client.put(
        f"{API}/accounts/{account_id}/extId",
        json={"extId": "P1", "through": before["last"]},
        headers=tenant.headers,
    )
    assert again.status_code == 200
    assert (await changes(app, tenant, after["last"]))["changes"] == []  # listed once


async def test_a_contact_made_in_the_web_app_at_a_prospect_not_in_sage_waits_for_it(app):
    tenant = await company(app)
    async with browser_for(app, REMI) as remi:
        page = await remi.get("/comptes/nouveau")
        made = await remi.post("/comptes/nouveau", data={"name": "Neuf", "csrf": csrf_of(page)})
        account_id = int(made.headers["location"].rsplit("/", 1)[1])
        path = f"/comptes/{account_id}/contacts/nouveau"
        page = await remi.get(path)
        response = await remi.post(path, data={"last_name": "Martin", "csrf": csrf_of(page)})
        assert response.status_code == 303, response.text
    contact_id = int(response.headers["location"].rsplit("/", 1)[1])
    row = stored(app, contact_id)
    assert (row.account_id, row.account_ext_id, row.last_name) == (account_id, "", "Martin")
    before = await changes(app, tenant)
    remi_id = user_id(app, REMI)
    assert [(c["entity"], c["id"], c["userId"], c["apiKeyId"]) for c in before["changes"]] == [
        ("accounts", account_id, remi_id, None),
        ("contacts", contact_id, remi_id, None),
    ]
    bound = await app.client.put(
        f"{API}/accounts/{account_id}/extId",
        json={"extId": "P1", "through": before["last"]},
        headers=tenant.headers,
    )
    assert bound.status_code == 200
    assert stored(app, contact_id).account_ext_id == "P1"
    after = await changes(app, tenant, before["last"])
    assert [(c["entity"], c["action"], c["id"]) for c in after["changes"]] == [
        ("contacts", "updated", contact_id)
    ]


async def test_a_contact_of_an_unknown_or_foreign_account_is_422(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="bob@example.fr")
    account_id = await sage_account(app, alpha)
    for target in (account_id, 999):
        response = await create(app, beta, target)
        assert response.status_code == 422
        assert response.json()["message"] == messages.UNKNOWN_ACCOUNT_ID.format(account_id=target)


async def test_an_edit_changes_only_the_fields_sent_and_feeds_real_changes(app):
    tenant = await app.tenant()
    account_id = await sage_account(app, tenant)
    contact_id = (await create(app, tenant, account_id, phone="01")).json()["id"]
    url = f"{CONTACTS}/{contact_id}"
    for body in ({"jobTitle": "Acheteuse"}, {"jobTitle": "Acheteuse"}, {"phone": None}):
        response = await app.client.put(url, json=body, headers=tenant.headers)
        assert response.json() == {"Message": "entity updated"}
    row = stored(app, contact_id)
    assert (row.job_title, row.phone, row.last_name) == ("Acheteuse", None, "Durand")
    feed = (await changes(app, tenant))["changes"]
    assert [change["action"] for change in feed] == ["created", "updated", "updated"]
    assert [change["previous"] for change in feed] == [None, {"jobTitle": None}, {"phone": "01"}]


async def test_editing_a_synced_contact_makes_it_pending_and_keys_stay_sages(app):
    tenant = await app.tenant()
    await sage_account(app, tenant)
    [result] = (
        await app.client.post(
            f"{CONTACTS}/upsert",
            json=[{"extId": "7", "accountExtId": "C1", "lastName": "Petit"}],
            headers=tenant.headers,
        )
    ).json()
    url = f"{CONTACTS}/{result['id']}"
    assert stored(app, result["id"]).sync_status == "synced"
    refused = await app.client.put(url, json={"extId": "8"}, headers=tenant.headers)
    assert refused.status_code == 422
    await app.client.put(url, json={"firstName": "Léa"}, headers=tenant.headers)
    row = stored(app, result["id"])
    assert (row.first_name, row.ext_id, row.sync_status) == ("Léa", "7", "pending")
    [change] = (await changes(app, tenant))["changes"]
    assert (change["action"], change["extId"]) == ("updated", "7")


async def test_a_null_last_name_is_422(app):
    tenant = await app.tenant()
    contact_id = (await create(app, tenant, await sage_account(app, tenant))).json()["id"]
    response = await app.client.put(
        f"{CONTACTS}/{contact_id}", json={"lastName": None}, headers=tenant.headers
    )
    assert response.status_code == 422


async def test_deleting_a_contact_is_refused_in_french(app):
    tenant = await app.tenant()
    contact_id = (await create(app, tenant, await sage_account(app, tenant))).json()["id"]
    response = await app.client.delete(f"{CONTACTS}/{contact_id}", headers=tenant.headers)
    assert response.status_code == 403
    assert response.json() == {
        "code": "mastered_by_sage",
        "message": messages.CONTACT_DELETED_IN_SAGE,
    }
    assert stored(app, contact_id).deleted is False
    assert (await app.client.delete(f"{CONTACTS}/999", headers=tenant.headers)).status_code == 404


async def test_the_connector_binds_a_crm_contact_idempotently(app):
    tenant = await app.tenant()
    contact_id = (await create(app, tenant, await sage_account(app, tenant))).json()["id"]
    last = (await changes(app, tenant))["last"]
    url = f"{CONTACTS}/{contact_id}/extId"
    for _ in range(2):
        response = await app.client.put(
            url, json={"extId": "12", "through": last}, headers=tenant.headers
        )
        assert response.status_code == 200
    row = stored(app, contact_id)
    assert (row.ext_id, row.sync_status) == ("12", "synced")
    # Sage's copy comes back through the connector's upsert: the same contact, no echo.
    [result] = (
        await app.client.post(
            f"{CONTACTS}/upsert",
            json=[{"extId": "12", "accountExtId": "C1", "lastName": "Durand (Sage)"}],
            headers=tenant.headers,
        )
    ).json()
    assert result["id"] == contact_id
    assert (await changes(app, tenant, after=last))["changes"] == []


async def test_another_instance_cannot_touch_a_contact(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="bob@example.fr")
    contact_id = (await create(app, alpha, await sage_account(app, alpha))).json()["id"]
    url = f"{CONTACTS}/{contact_id}"
    assert (await app.client.put(url, json={"phone": "1"}, headers=beta.headers)).status_code == 404
    assert (await app.client.delete(url, headers=beta.headers)).status_code == 404
    binding = {"extId": "1", "through": 0}
    response = await app.client.put(f"{url}/extId", json=binding, headers=beta.headers)
    assert response.status_code == 404
    assert stored(app, contact_id).phone is None
