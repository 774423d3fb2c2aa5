"""GET/POST/PUT /api/v4/accounts: paging headers, one record, create, update, isolation."""

import pytest

pytestmark = pytest.mark.anyio

URL = "/api/v4/accounts"


async def seed(app, tenant, count, prefix="C"):
    for start in range(0, count, 200):
        items = [
            {"extId": f"{prefix}{i:05d}", "name": f"Société {i}"}
            for i in range(start, min(start + 200, count))
        ]
        response = await app.client.post(f"{URL}/upsert", json=items, headers=tenant.headers)
        assert response.status_code == 200


async def test_default_page_is_50_with_paging_headers(app):
    tenant = await app.tenant()
    await seed(app, tenant, 120)
    response = await app.client.get(URL, headers=tenant.headers)
    assert response.status_code == 200
    assert len(response.json()) == 50
    assert response.headers["X-FM-Page"] == "0"
    assert response.headers["X-FM-Next-Page"] == "1"
    assert response.headers["X-FM-Entity-Count"] == "50"
    assert response.headers["X-FM-Total-Count"] == "120"


async def test_walking_the_pages_returns_every_account_once_in_id_order(app):
    tenant = await app.tenant()
    await seed(app, tenant, 120)
    seen, page, pages = [], 0, 0
    while page != -1:
        response = await app.client.get(
            URL, params={"page": page}, headers=tenant.headers | {"X-FM-Entity-Count": "33"}
        )
        items = response.json()
        assert response.headers["X-FM-Entity-Count"] == str(len(items))
        assert response.headers["X-FM-Total-Count"] == "120"
        seen += [item["id"] for item in items]
        page = int(response.headers["X-FM-Next-Page"])
        pages += 1
    assert pages == 4
    assert seen == sorted(seen)
    assert len(set(seen)) == 120


async def test_page_past_the_end_is_empty(app):
    tenant = await app.tenant()
    await seed(app, tenant, 3)
    response = await app.client.get(URL, params={"page": 5}, headers=tenant.headers)
    assert response.json() == []
    assert response.headers["X-FM-Next-Page"] == "-1"
    assert response.headers["X-FM-Entity-Count"] == "0"
    assert response.headers["X-FM-Total-Count"] == "3"


@pytest.mark.parametrize("size", ["0", "501", "many"])
async def test_bad_page_size_is_422(app, size):
    tenant = await app.tenant()
    response = await app.client.get(URL, headers=tenant.headers | {"X-FM-Entity-Count": size})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_page_size_500_is_allowed(app):
    tenant = await app.tenant()
    await seed(app, tenant, 501)
    response = await app.client.get(URL, headers=tenant.headers | {"X-FM-Entity-Count": "500"})
    assert len(response.json()) == 500
    assert response.headers["X-FM-Next-Page"] == "1"


async def test_unknown_account_is_404(app):
    tenant = await app.tenant()
    response = await app.client.get(f"{URL}/12345", headers=tenant.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_create_one_account_then_read_it(app):
    tenant = await app.tenant()
    response = await app.client.post(
        URL, json={"name": "Nouveau prospect", "city": "Lille"}, headers=tenant.headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["Message"] == "entity created"
    stored = (await app.client.get(f"{URL}/{body['id']}", headers=tenant.headers)).json()
    assert stored["name"] == "Nouveau prospect"
    assert stored["extId"] is None
    assert stored["accountType"] == "prospect"
    assert stored["dateUpdated"] is None


async def test_create_with_a_taken_ext_id_is_422(app):
    tenant = await app.tenant()
    await seed(app, tenant, 1)
    response = await app.client.post(
        URL, json={"name": "Doublon", "extId": "C00000"}, headers=tenant.headers
    )
    assert response.status_code == 422
    assert "C00000" in response.json()["message"]


async def test_partial_update(app):
    tenant = await app.tenant()
    created = await app.client.post(
        URL, json={"name": "Avant", "city": "Lyon"}, headers=tenant.headers
    )
    account_id = created.json()["id"]
    response = await app.client.put(
        f"{URL}/{account_id}", json={"name": "Après"}, headers=tenant.headers
    )
    assert response.json() == {"Message": "entity updated"}
    stored = (await app.client.get(f"{URL}/{account_id}", headers=tenant.headers)).json()
    assert (stored["name"], stored["city"]) == ("Après", "Lyon")
    assert stored["dateUpdated"] is not None


async def test_update_refuses_null_name(app):
    tenant = await app.tenant()
    created = await app.client.post(URL, json={"name": "X"}, headers=tenant.headers)
    response = await app.client.put(
        f"{URL}/{created.json()['id']}", json={"name": None}, headers=tenant.headers
    )
    assert response.status_code == 422


async def test_update_of_unknown_account_is_404(app):
    tenant = await app.tenant()
    response = await app.client.put(f"{URL}/999", json={"name": "X"}, headers=tenant.headers)
    assert response.status_code == 404


async def test_an_instance_never_sees_another_ones_accounts(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta")
    await seed(app, alpha, 5, prefix="A")
    [alpha_result] = (
        await app.client.post(
            f"{URL}/upsert", json=[{"extId": "SAME", "name": "Alpha"}], headers=alpha.headers
        )
    ).json()
    beta_list = await app.client.get(URL, headers=beta.headers)
    assert beta_list.json() == []
    assert beta_list.headers["X-FM-Total-Count"] == "0"
    assert (
        await app.client.get(f"{URL}/{alpha_result['id']}", headers=beta.headers)
    ).status_code == 404
    assert (
        await app.client.put(
            f"{URL}/{alpha_result['id']}", json={"name": "Volé"}, headers=beta.headers
        )
    ).status_code == 404
    # The same extId is a different account in each instance.
    [beta_result] = (
        await app.client.post(
            f"{URL}/upsert", json=[{"extId": "SAME", "name": "Beta"}], headers=beta.headers
        )
    ).json()
    assert beta_result["status"] == "created"
    assert beta_result["id"] != alpha_result["id"]
    alpha_view = (await app.client.get(f"{URL}/{alpha_result['id']}", headers=alpha.headers)).json()
    assert alpha_view["name"] == "Alpha"
