"""Bulk resources: upsert/delete/restore for each, owners, users by e-mail, references, lines."""

import pytest
from pydantic import TypeAdapter

from ssm.cloud.schemas.accounts import Account
from ssm.cloud.schemas.contacts import ContactRecord
from ssm.cloud.schemas.invoices import InvoiceRecord
from ssm.cloud.schemas.products import ProductRecord
from ssm.cloud.schemas.users import UserRecord

pytestmark = pytest.mark.anyio

API = "/api/v4"

SAMPLES = {
    "users": (
        {"extId": "1", "firstName": "Paul", "lastName": "Durand", "email": "paul@dupont.fr"},
        {"jobTitle": "Commercial"},
    ),
    "accounts": ({"extId": "C1", "name": "Dupont SARL"}, {"city": "Lyon"}),
    "contacts": (
        {"extId": "7", "accountExtId": "C1", "lastName": "Martin", "firstName": "Léa"},
        {"mobile": "06 12 34 56 78"},
    ),
    "products": (
        {"extId": "BRIQUE", "model": "Brique rouge", "price": 1.25, "stock": "120.5"},
        {"price": "1.30"},
    ),
    "invoices": (
        {
            "extId": "501",
            "number": "FA00001",
            "accountExtId": "C1",
            "date": "2024-05-02",
            "kind": "invoice",
            "posted": True,
            "totalExclTax": 100.0,
            "totalInclTax": "120.00",
            "lines": [{"extId": "1", "productExtId": "BRIQUE", "quantity": 80, "unitPrice": 1.25}],
        },
        {"reference": "CMD-42"},
    ),
}
SCHEMAS = {
    "users": UserRecord,
    "accounts": Account,
    "contacts": ContactRecord,
    "products": ProductRecord,
    "invoices": InvoiceRecord,
}


async def post(app, tenant, path, body):
    response = await app.client.post(f"{API}/{path}", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def get(app, tenant, path, status=200):
    response = await app.client.get(f"{API}/{path}", headers=tenant.headers)
    assert response.status_code == status, response.text
    return response.json()


async def seed_account(app, tenant, ext_id="C1", **fields):
    [result] = await post(
        app, tenant, "accounts/upsert", [{"extId": ext_id, "name": "X", **fields}]
    )
    return result


@pytest.mark.parametrize("resource", list(SAMPLES))
async def test_upsert_delete_restore(app, resource):
    tenant = await app.tenant()
    if resource in ("contacts", "invoices"):
        await seed_account(app, tenant)
    item, change = SAMPLES[resource]
    [created] = await post(app, tenant, f"{resource}/upsert", [item])
    assert created["status"] == "created", created
    [same] = await post(app, tenant, f"{resource}/upsert", [item])
    assert (same["status"], same["id"]) == ("unchanged", created["id"])
    [updated] = await post(app, tenant, f"{resource}/upsert", [item | change])
    assert updated["status"] == "updated"
    record = await get(app, tenant, f"{resource}/{created['id']}")
    SCHEMAS[resource].model_validate(record)
    for key, value in change.items():
        assert record[key] == (float(value) if key == "price" else value)
    assert record["dateUpdated"] is not None

    deleted = await post(app, tenant, f"{resource}/delete", [item["extId"], "nope", 3])
    assert [r["status"] for r in deleted] == ["deleted", "missing", "error"]
    assert deleted[0]["id"] == created["id"]
    assert deleted[2]["error"]["code"] == "invalid_field"
    again = await post(app, tenant, f"{resource}/delete", [item["extId"]])
    assert again[0]["status"] == "deleted"
    record = await get(app, tenant, f"{resource}/{created['id']}")
    assert record["deleted"] is True
    assert record["dateDeleted"].endswith("Z")
    listed = await app.client.get(f"{API}/{resource}", headers=tenant.headers)
    assert any(r["id"] == created["id"] and r["deleted"] for r in listed.json())
    TypeAdapter(list[SCHEMAS[resource]]).validate_python(listed.json())

    [restored] = await post(app, tenant, f"{resource}/upsert", [item | change])
    assert (restored["status"], restored["id"]) == ("updated", created["id"])
    record = await get(app, tenant, f"{resource}/{created['id']}")
    assert (record["deleted"], record["dateDeleted"]) == (False, None)


@pytest.mark.parametrize("resource", list(SAMPLES))
async def test_more_than_200_items_is_422(app, resource):
    tenant = await app.tenant()
    for action, body in (
        ("upsert", [{"extId": str(i)} for i in range(201)]),
        ("delete", ["x"] * 201),
    ):
        response = await app.client.post(
            f"{API}/{resource}/{action}", json=body, headers=tenant.headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("resource", list(SAMPLES))
async def test_an_instance_never_sees_another_ones_records(app, resource):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta")
    if resource in ("contacts", "invoices"):
        await seed_account(app, alpha)
    item, _ = SAMPLES[resource]
    [created] = await post(app, alpha, f"{resource}/upsert", [item])
    assert created["status"] == "created"
    listed = await app.client.get(f"{API}/{resource}", headers=beta.headers)
    assert [r for r in listed.json() if r.get("extId") == item["extId"]] == []
    await get(app, beta, f"{resource}/{created['id']}", status=404)
    [missing] = await post(app, beta, f"{resource}/delete", [item["extId"]])
    assert missing["status"] == "missing"
    assert (await get(app, alpha, f"{resource}/{created['id']}"))["deleted"] is False
    if resource in ("contacts", "invoices"):
        # Alpha's account does not exist for Beta.
        [refused] = await post(app, beta, f"{resource}/upsert", [item])
        assert refused["error"]["code"] == "unknown_account"


@pytest.mark.parametrize("resource", ["accounts", "contacts", "invoices"])
async def test_owner_is_the_rep_user_else_the_administrator(app, resource):
    tenant = await app.tenant()
    [admin] = await get(app, tenant, "users")
    [rep] = await post(app, tenant, "users/upsert", [{"extId": "2", "email": "rep@x.fr"}])
    await seed_account(app, tenant)
    item, _ = SAMPLES[resource]
    results = await post(
        app,
        tenant,
        f"{resource}/upsert",
        [
            item | {"extId": "A", "salesRepExtId": "2"},
            item | {"extId": "B", "salesRepExtId": "99"},
            item | {"extId": "C"},
        ],
    )
    owners = [(await get(app, tenant, f"{resource}/{r['id']}"))["ownerId"] for r in results]
    assert owners == [rep["id"], admin["id"], admin["id"]]


async def test_a_rep_with_the_administrators_email_binds_to_the_administrator(app):
    tenant = await app.tenant()
    [admin] = await get(app, tenant, "users")
    assert admin["extId"] is None
    [bound] = await post(
        app, tenant, "users/upsert", [{"extId": "1", "email": "Alice@Example.fr", "active": True}]
    )
    assert (bound["status"], bound["id"]) == ("updated", admin["id"])
    users = await get(app, tenant, "users")
    assert [(u["id"], u["extId"], u["email"]) for u in users] == [
        (admin["id"], "1", "alice@example.fr")
    ]
    # The account of rep 1 now belongs to the administrator through the binding.
    created = await seed_account(app, tenant, salesRepExtId="1")
    assert (await get(app, tenant, f"accounts/{created['id']}"))["ownerId"] == admin["id"]


async def test_duplicate_email_in_a_batch_and_in_the_instance(app):
    tenant = await app.tenant()
    results = await post(
        app,
        tenant,
        "users/upsert",
        [
            {"extId": "1", "email": "rep@x.fr"},
            {"extId": "2", "email": "REP@x.fr"},
            {"extId": "3", "email": "other@x.fr"},
        ],
    )
    assert [r["status"] for r in results] == ["created", "error", "created"]
    assert results[1]["error"]["code"] == "duplicate_email"
    assert "rep@x.fr" in results[1]["error"]["message"]
    [taken] = await post(app, tenant, "users/upsert", [{"extId": "3", "email": "rep@x.fr"}])
    assert taken["error"]["code"] == "duplicate_email"
    [later] = await post(app, tenant, "users/upsert", [{"extId": "4", "email": "rep@x.fr"}])
    assert later["error"]["code"] == "duplicate_email"


@pytest.mark.parametrize(
    "address", ["néant", "06 12 34 56 78", "a@b", "a@b.fr;c@d.fr", "Paul <p@x.fr>", "a b@x.fr", ""]
)
async def test_invalid_email_is_an_item_error(app, address):
    tenant = await app.tenant()
    [result] = await post(app, tenant, "users/upsert", [{"extId": "1", "email": address}])
    assert result["status"] == "error"
    assert result["error"]["code"] == "invalid_email"
    assert "adresse e-mail" in result["error"]["message"]


async def test_valid_email_forms_pass(app):
    tenant = await app.tenant()
    items = [
        {"extId": str(i), "email": email}
        for i, email in enumerate(["p.durand+crm@dupont.fr", "élodie@société.fr", " x@y.co.uk "])
    ]
    assert [r["status"] for r in await post(app, tenant, "users/upsert", items)] == ["created"] * 3


@pytest.mark.parametrize("resource", ["contacts", "invoices"])
async def test_unknown_account_is_an_item_error_naming_the_ext_id(app, resource):
    tenant = await app.tenant()
    await seed_account(app, tenant)
    item, _ = SAMPLES[resource]
    results = await post(
        app, tenant, f"{resource}/upsert", [item | {"extId": "X", "accountExtId": "GHOST"}, item]
    )
    assert [r["status"] for r in results] == ["error", "created"]
    assert results[0]["error"]["code"] == "unknown_account"
    assert "« GHOST »" in results[0]["error"]["message"]
    assert results[0]["extId"] == "X"


async def test_contact_links_to_its_account(app):
    tenant = await app.tenant()
    account = await seed_account(app, tenant)
    item, _ = SAMPLES["contacts"]
    [created] = await post(app, tenant, "contacts/upsert", [item])
    record = await get(app, tenant, f"contacts/{created['id']}")
    assert (record["accountId"], record["accountExtId"]) == (account["id"], "C1")


async def test_invoice_lines_are_replaced_and_counted(app):
    tenant = await app.tenant()
    await seed_account(app, tenant)
    await seed_account(app, tenant, "C2")
    [product] = await post(app, tenant, "products/upsert", [{"extId": "P1", "model": "Vis"}])
    lines = [
        {"extId": "1", "productExtId": "P1", "quantity": "2", "unitPrice": 1.5, "totalExclTax": 3},
        {"extId": "2", "productExtId": "UNKNOWN", "description": "Port", "totalExclTax": 9.9},
        {"extId": "3", "productExtId": None, "description": "Remise"},
    ]
    invoice = {"extId": "10", "accountExtId": "C1", "kind": "credit_note", "lines": lines}
    other = {"extId": "11", "accountExtId": "C2", "lines": lines[:2]}
    created = await post(app, tenant, "invoices/upsert", [invoice, other])
    assert [r["status"] for r in created] == ["created", "created"]
    assert (await get(app, tenant, "invoices/lines/count")) == {"count": 5}

    record = await get(app, tenant, f"invoices/{created[0]['id']}")
    assert record["kind"] == "credit_note"
    assert [line["productId"] for line in record["lines"]] == [product["id"], None, None]
    assert record["lines"][0]["quantity"] == 2.0
    assert record["lines"][1]["productExtId"] == "UNKNOWN"
    listed = await get(app, tenant, "invoices")
    assert all("lines" not in item for item in listed)

    [same] = await post(app, tenant, "invoices/upsert", [invoice])
    assert same["status"] == "unchanged"
    [header_only] = await post(
        app, tenant, "invoices/upsert", [{"extId": "10", "accountExtId": "C1"}]
    )
    assert header_only["status"] == "unchanged"  # no "lines": the stored ones stay
    [fewer] = await post(app, tenant, "invoices/upsert", [invoice | {"lines": lines[2:]}])
    assert fewer["status"] == "updated"
    record = await get(app, tenant, f"invoices/{created[0]['id']}")
    assert [line["extId"] for line in record["lines"]] == ["3"]
    assert (await get(app, tenant, "invoices/lines/count")) == {"count": 3}

    await post(app, tenant, "invoices/delete", ["11"])
    assert (await get(app, tenant, "invoices/lines/count")) == {"count": 1}


async def test_invoice_line_problems_are_item_errors(app):
    tenant = await app.tenant()
    await seed_account(app, tenant)
    base = {"accountExtId": "C1"}
    results = await post(
        app,
        tenant,
        "invoices/upsert",
        [
            base | {"extId": "1", "lines": "none"},
            base | {"extId": "2", "lines": [{"quantity": "beaucoup"}]},
            base | {"extId": "3", "lines": [{"colour": "red"}]},
            base | {"extId": "4", "date": "02/05/2024"},
            base | {"extId": "5", "kind": "quote"},
            base | {"extId": "6", "date": "2024-05-02T00:00:00", "totalExclTax": -12.5},
        ],
    )
    assert [r["error"]["code"] if r["error"] else r["status"] for r in results] == [
        "invalid_field",
        "invalid_field",
        "unknown_field",
        "invalid_field",
        "invalid_field",
        "created",
    ]
    assert results[1]["error"]["message"].startswith("Ligne 1 : ")
    record = await get(app, tenant, f"invoices/{results[5]['id']}")
    assert (record["date"], record["totalExclTax"]) == ("2024-05-02", -12.5)


async def test_numbers_accept_numbers_and_numeric_strings(app):
    tenant = await app.tenant()
    results = await post(
        app,
        tenant,
        "products/upsert",
        [
            {"extId": "A", "model": "a", "price": "12.50", "cost": 7, "stock": -3.25},
            {"extId": "B", "model": "b", "price": "douze"},
            {"extId": "C", "model": "c", "price": True},
        ],
    )
    assert [r["status"] for r in results] == ["created", "error", "error"]
    record = await get(app, tenant, f"products/{results[0]['id']}")
    assert (record["price"], record["cost"], record["stock"]) == (12.5, 7.0, -3.25)
    [same] = await post(
        app, tenant, "products/upsert", [{"extId": "A", "model": "a", "price": 12.5}]
    )
    assert same["status"] == "unchanged"


async def test_heartbeat_round_trip_and_isolation(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta")
    response = await app.client.get(f"{API}/integration", headers=alpha.headers)
    assert response.status_code == 404
    beat = {
        "connectorVersion": "0.1.0",
        "status": "running",
        "streams": {"accounts": {"lastRun": "2024-05-02T08:00:00Z", "sent": 12}},
    }
    for status in ("stopped", "running"):
        response = await app.client.put(
            f"{API}/integration/heartbeat", json=beat | {"status": status}, headers=alpha.headers
        )
        assert response.status_code == 204
    state = await get(app, alpha, "integration")
    assert {key: state[key] for key in beat} == beat
    assert state["receivedAt"].endswith("Z")
    assert (await app.client.get(f"{API}/integration", headers=beta.headers)).status_code == 404
    bad = await app.client.put(
        f"{API}/integration/heartbeat", json=beat | {"status": "dead"}, headers=alpha.headers
    )
    assert bad.status_code == 422


async def test_deleted_filter_counts_live_and_deleted_records_apart(app):
    tenant = await app.tenant()
    for ext_id in ("C1", "C2", "C3"):
        await seed_account(app, tenant, ext_id)
    await post(app, tenant, "accounts/delete", ["C2"])

    async def listed(query):
        response = await app.client.get(f"/api/v4/accounts{query}", headers=tenant.headers)
        assert response.status_code == 200, response.text
        return int(response.headers["X-FM-Total-Count"]), [a["extId"] for a in response.json()]

    assert await listed("") == (3, ["C1", "C2", "C3"])
    assert await listed("?deleted=false") == (2, ["C1", "C3"])
    assert await listed("?deleted=true") == (1, ["C2"])


async def test_sales_reps_without_email_are_users_that_cannot_be_matched(app):
    tenant = await app.tenant()
    results = await post(
        app,
        tenant,
        "users/upsert",
        [
            {"extId": "7", "firstName": "Paul", "lastName": "Morel"},
            {"extId": "8", "firstName": "Anne", "lastName": "Roy", "email": None},
        ],
    )
    assert [r["status"] for r in results] == ["created", "created"]
    record = await get(app, tenant, f"users/{results[1]['id']}")
    assert record["email"] is None and record["invited"] is False
