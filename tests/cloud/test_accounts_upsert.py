"""POST /api/v4/accounts/upsert: per-item results, validation per item, batch limit."""

from datetime import UTC, datetime, timedelta

import pytest

from ssm.cloud.dependencies import get_clock

pytestmark = pytest.mark.anyio

URL = "/api/v4/accounts/upsert"


def account(ext_id, **fields):
    return {"extId": ext_id, "name": f"Société {ext_id}", **fields}


async def upsert(app, tenant, items):
    response = await app.client.post(URL, json=items, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_created_then_unchanged_then_updated(app):
    tenant = await app.tenant()
    first = await upsert(app, tenant, [account("C1"), account("C2", city="Lyon")])
    assert [r["status"] for r in first] == ["created", "created"]
    assert [r["extId"] for r in first] == ["C1", "C2"]
    assert all(isinstance(r["id"], int) and r["error"] is None for r in first)

    again = await upsert(app, tenant, [account("C1"), account("C2", city="Lyon")])
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]
    assert [r["id"] for r in again] == [r["id"] for r in first]

    changed = await upsert(app, tenant, [account("C1", city="Paris"), account("C2", city="Lyon")])
    assert [r["status"] for r in changed] == ["updated", "unchanged"]

    stored = await app.client.get(f"/api/v4/accounts/{first[0]['id']}", headers=tenant.headers)
    assert stored.json()["city"] == "Paris"
    assert stored.json()["dateUpdated"] is not None
    untouched = await app.client.get(f"/api/v4/accounts/{first[1]['id']}", headers=tenant.headers)
    assert untouched.json()["dateUpdated"] is None


async def test_all_contract_fields_round_trip(app):
    tenant = await app.tenant()
    fields = {
        "extId": "C001",
        "name": "Dupont SARL",
        "accountType": "client",
        "address1": "1 rue de la Paix",
        "address2": "Bâtiment B",
        "postcode": "75002",
        "city": "Paris",
        "region": "Île-de-France",
        "country": "France",
        "phone": "01 23 45 67 89",
        "fax": "01 23 45 67 90",
        "email": "contact@dupont.fr",
        "website": "https://dupont.fr",
        "siret": "12345678900012",
        "naf": "4690Z",
        "vatNumber": "FR12345678901",
        "comment": "Client fidèle",
        "sleeping": True,
        "salesRepExtId": "3",
        "readOnly": True,
    }
    [result] = await upsert(app, tenant, [fields])
    stored = (
        await app.client.get(f"/api/v4/accounts/{result['id']}", headers=tenant.headers)
    ).json()
    assert {key: stored[key] for key in fields} == fields
    assert stored["deleted"] is False
    assert stored["dateDeleted"] is None
    assert stored["dateCreated"].endswith("Z")
    datetime.fromisoformat(stored["dateCreated"])
    assert [r["status"] for r in await upsert(app, tenant, [fields])] == ["unchanged"]


async def test_omitted_fields_keep_their_value_and_null_clears(app):
    tenant = await app.tenant()
    [created] = await upsert(app, tenant, [account("C1", city="Lyon", phone="01")])
    await upsert(app, tenant, [account("C1", phone=None)])
    stored = (
        await app.client.get(f"/api/v4/accounts/{created['id']}", headers=tenant.headers)
    ).json()
    assert stored["city"] == "Lyon"
    assert stored["phone"] is None


async def test_an_invalid_item_does_not_block_the_others(app):
    tenant = await app.tenant()
    results = await upsert(
        app,
        tenant,
        [
            account("C1"),
            {"extId": "C2"},
            {"name": "Sans code"},
            account("C3", name="x" * 256),
            account("C4", accountType="partner"),
            account("C5", colour="blue"),
            "not an object",
            account("C6"),
        ],
    )
    statuses = [r["status"] for r in results]
    assert statuses == ["created", "error", "error", "error", "error", "error", "error", "created"]
    codes = [r["error"]["code"] if r["error"] else None for r in results]
    assert codes == [
        None,
        "missing_field",
        "missing_field",
        "field_too_long",
        "invalid_field",
        "unknown_field",
        "invalid_item",
        None,
    ]
    assert results[1]["error"]["message"] == "Le champ « name » est obligatoire."
    assert results[2]["error"]["message"] == "Le champ « extId » est obligatoire."
    assert results[3]["error"]["message"] == "Le champ « name » dépasse 255 caractères."
    assert results[1]["extId"] == "C2"
    assert results[2]["extId"] is None
    assert all(r["id"] is None for r in results if r["status"] == "error")


async def test_a_repeated_ext_id_is_an_error_after_the_first(app):
    tenant = await app.tenant()
    results = await upsert(app, tenant, [account("C1", city="A"), account("C1", city="B")])
    assert [r["status"] for r in results] == ["created", "error"]
    assert results[1]["error"]["code"] == "duplicate_ext_id"
    stored = (
        await app.client.get(f"/api/v4/accounts/{results[0]['id']}", headers=tenant.headers)
    ).json()
    assert stored["city"] == "A"


async def test_200_items_pass_and_201_are_422(app):
    tenant = await app.tenant()
    batch = [account(f"C{i}") for i in range(200)]
    assert len(await upsert(app, tenant, batch)) == 200
    response = await app.client.post(URL, json=[*batch, account("C200")], headers=tenant.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "200" in response.json()["message"]


async def test_body_must_be_an_array(app):
    tenant = await app.tenant()
    response = await app.client.post(URL, json=account("C1"), headers=tenant.headers)
    assert response.status_code == 422


async def test_empty_batch_is_fine(app):
    tenant = await app.tenant()
    assert await upsert(app, tenant, []) == []


async def test_upsert_requires_a_session(app):
    response = await app.client.post(URL, json=[account("C1")])
    assert response.status_code == 401


async def test_update_stamps_date_updated_with_the_clock(app):
    tenant = await app.tenant()
    [created] = await upsert(app, tenant, [account("C1")])
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    app.app.dependency_overrides[get_clock] = lambda: lambda: tomorrow
    # The first session expired overnight: log in again, as a client would.
    login = await app.client.post(
        "/api/v4/login", json={"username": tenant.public_key, "password": tenant.private_key}
    )
    tenant_headers = {"X-Session-Key": login.json()["token"]}
    await app.client.post(URL, json=[account("C1", city="Nice")], headers=tenant_headers)
    stored = (
        await app.client.get(f"/api/v4/accounts/{created['id']}", headers=tenant_headers)
    ).json()
    assert stored["dateUpdated"].startswith(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    assert stored["dateCreated"] < stored["dateUpdated"]
