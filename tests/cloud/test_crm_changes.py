"""The CRM's prospects and the change feed: Sage's rules, who and when, order, resume, no echo.

Through the real app on both databases: ``POST/PUT /api/v4/accounts`` (prospects only),
``GET /api/v4/changes`` and the connector's ``PUT /api/v4/accounts/{id}/extId``.
"""

import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.models import Account, ApiKey

pytestmark = pytest.mark.anyio

ACCOUNTS = "/api/v4/accounts"
CHANGES = "/api/v4/changes"


async def create(app, tenant, name="Prospect", **fields):
    response = await app.client.post(
        ACCOUNTS, json={"name": name, **fields}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["id"]


async def feed(app, tenant, **params):
    response = await app.client.get(CHANGES, params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def upsert(app, tenant, items):
    response = await app.client.post(f"{ACCOUNTS}/upsert", json=items, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


def stored(app, account_id):
    with app.db.read() as session:
        return session.execute(select(Account).where(Account.id == account_id)).scalar_one()


def api_key_id(app, tenant):
    with app.db.read() as session:
        return session.execute(
            select(ApiKey.id).where(ApiKey.public_key == tenant.public_key)
        ).scalar_one()


async def test_a_created_prospect_is_in_the_feed_with_who_and_when(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant, "Nouveau prospect", city="Lille")
    page = await feed(app, tenant)
    [change] = page["changes"]
    assert change["entity"] == "accounts"
    assert change["action"] == "created"
    assert change["id"] == account_id
    assert change["extId"] is None
    assert (change["apiKeyId"], change["userId"]) == (api_key_id(app, tenant), None)
    assert change["changedAt"].endswith("Z") or change["changedAt"].endswith("+00:00")
    assert page["last"] == change["seq"]
    row = stored(app, account_id)
    assert (row.account_type, row.sync_status) == ("prospect", "pending")


async def test_an_edited_prospect_is_in_the_feed_once_per_real_change(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant, "Avant")
    for body in ({"name": "Après"}, {"name": "Après"}, {"city": "Lyon"}):
        response = await app.client.put(
            f"{ACCOUNTS}/{account_id}", json=body, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
    actions = [change["action"] for change in (await feed(app, tenant))["changes"]]
    assert actions == ["created", "updated", "updated"]


async def test_an_update_lists_the_fields_it_changed_with_their_former_values(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant, "Avant", city="Lille", vatNumber="FR01")
    for body in ({"name": "Après", "city": "Lille"}, {"vatNumber": None, "phone": "01"}):
        response = await app.client.put(
            f"{ACCOUNTS}/{account_id}", json=body, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
    created, renamed, emptied = (await feed(app, tenant))["changes"]
    assert created["previous"] is None
    assert renamed["previous"] == {"name": "Avant"}
    assert emptied["previous"] == {"vatNumber": "FR01", "phone": None}


async def test_creating_a_client_is_refused_in_french(app):
    tenant = await app.tenant()
    response = await app.client.post(
        ACCOUNTS, json={"name": "Client", "accountType": "client"}, headers=tenant.headers
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "mastered_by_sage",
        "message": messages.CLIENT_CREATED_IN_SAGE,
    }
    assert (await feed(app, tenant))["changes"] == []


async def test_a_client_stays_read_only(app):
    tenant = await app.tenant()
    [result] = await upsert(
        app, tenant, [{"extId": "C1", "name": "Dupont", "accountType": "client"}]
    )
    response = await app.client.put(
        f"{ACCOUNTS}/{result['id']}", json={"city": "Paris"}, headers=tenant.headers
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "mastered_by_sage",
        "message": messages.CLIENT_MASTERED_BY_SAGE,
    }
    assert stored(app, result["id"]).city is None
    assert (await feed(app, tenant))["changes"] == []


async def test_turning_a_prospect_into_a_client_is_refused(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant)
    response = await app.client.put(
        f"{ACCOUNTS}/{account_id}",
        json={"accountType": "client", "city": "Nantes"},
        headers=tenant.headers,
    )
    assert response.status_code == 403
    assert response.json()["message"] == messages.PROSPECT_CONVERTED_IN_SAGE
    row = stored(app, account_id)
    assert (row.account_type, row.city) == ("prospect", None)
    assert len((await feed(app, tenant))["changes"]) == 1


async def test_the_feed_pages_in_order_and_resumes_after_the_last_sequence(app):
    tenant = await app.tenant()
    ids = [await create(app, tenant, f"Prospect {n}") for n in range(5)]
    seen, after, pages = [], 0, 0
    while True:
        page = await feed(app, tenant, after=after, limit=2)
        if not page["changes"]:
            assert page["last"] == after
            break
        seqs = [change["seq"] for change in page["changes"]]
        assert seqs == sorted(seqs) and seqs[0] > after
        assert page["last"] == seqs[-1]
        seen += [change["id"] for change in page["changes"]]
        after, pages = page["last"], pages + 1
    assert (seen, pages) == (ids, 3)
    # A connector that restarts with its stored position sees only what came after.
    newer = await create(app, tenant, "Après le redémarrage")
    assert [change["id"] for change in (await feed(app, tenant, after=after))["changes"]] == [newer]


async def test_the_connectors_upserts_never_echo_into_the_feed(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant, "Prospect du CRM")
    last = (await feed(app, tenant))["last"]
    await upsert(app, tenant, [{"extId": "C1", "name": "Dupont", "accountType": "client"}])
    await upsert(app, tenant, [{"extId": "C1", "name": "Dupont SA", "accountType": "client"}])
    bound = await app.client.put(
        f"{ACCOUNTS}/{account_id}/extId",
        json={"extId": "P1", "through": last},
        headers=tenant.headers,
    )
    assert bound.status_code == 200
    # Sage's copy of the prospect comes back through the connector's upsert.
    [result] = await upsert(app, tenant, [{"extId": "P1", "name": "Prospect du CRM (Sage)"}])
    assert result["id"] == account_id
    assert (await feed(app, tenant, after=last))["changes"] == []


async def test_an_instance_never_sees_another_ones_changes(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="bob@example.fr")
    await create(app, alpha)
    assert (await feed(app, beta))["changes"] == []
    assert (await feed(app, beta))["last"] == 0


@pytest.mark.parametrize("params", [{"after": -1}, {"limit": 0}, {"limit": 1001}])
async def test_bad_feed_bounds_are_422(app, params):
    tenant = await app.tenant()
    response = await app.client.get(CHANGES, params=params, headers=tenant.headers)
    assert response.status_code == 422


async def test_the_feed_needs_a_session(app):
    assert (await app.client.get(CHANGES)).status_code == 401


async def test_confirming_an_ext_id_binds_the_prospect_and_is_idempotent(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant)
    last = (await feed(app, tenant))["last"]
    url = f"{ACCOUNTS}/{account_id}/extId"
    for _ in range(2):
        response = await app.client.put(
            url, json={"extId": "P0001", "through": last}, headers=tenant.headers
        )
        assert response.json() == {"Message": "entity updated"}
    row = stored(app, account_id)
    assert (row.ext_id, row.sync_status) == ("P0001", "synced")
    assert row.synced_at is not None
    [change] = (await feed(app, tenant))["changes"]
    assert change["extId"] == "P0001"


async def test_a_crm_edit_after_the_confirmed_sequence_stays_pending(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant)
    written = (await feed(app, tenant))["last"]
    await app.client.put(f"{ACCOUNTS}/{account_id}", json={"city": "Lille"}, headers=tenant.headers)
    url = f"{ACCOUNTS}/{account_id}/extId"
    await app.client.put(url, json={"extId": "P1", "through": written}, headers=tenant.headers)
    assert stored(app, account_id).sync_status == "pending"
    newest = (await feed(app, tenant))["last"]
    await app.client.put(url, json={"extId": "P1", "through": newest}, headers=tenant.headers)
    assert stored(app, account_id).sync_status == "synced"


async def test_confirming_another_ext_id_or_a_taken_one_is_409(app):
    tenant = await app.tenant()
    first, second = await create(app, tenant, "Un"), await create(app, tenant, "Deux")
    body = {"extId": "P1", "through": 0}
    await app.client.put(f"{ACCOUNTS}/{first}/extId", json=body, headers=tenant.headers)
    rebound = await app.client.put(
        f"{ACCOUNTS}/{first}/extId", json=body | {"extId": "P2"}, headers=tenant.headers
    )
    assert rebound.status_code == 409
    assert rebound.json()["message"] == messages.EXT_ID_ALREADY_BOUND.format(
        bound="P1", ext_id="P2"
    )
    taken = await app.client.put(f"{ACCOUNTS}/{second}/extId", json=body, headers=tenant.headers)
    assert taken.status_code == 409
    assert "P1" in taken.json()["message"]
    assert stored(app, second).ext_id is None


async def test_confirming_an_unknown_or_foreign_account_is_404(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="bob@example.fr")
    account_id = await create(app, alpha)
    body = {"extId": "P1", "through": 0}
    for url in (f"{ACCOUNTS}/999/extId", f"{ACCOUNTS}/{account_id}/extId"):
        assert (await app.client.put(url, json=body, headers=beta.headers)).status_code == 404
