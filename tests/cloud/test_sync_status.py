"""Per-record sync status: connector upserts, CRM edits, the refused-records report."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ssm.cloud.models import Account, Contact, Invoice, Product

pytestmark = pytest.mark.anyio

API = "/api/v4"


async def post(app, tenant, path, body, status=200):
    response = await app.client.post(f"{API}/{path}", json=body, headers=tenant.headers)
    assert response.status_code == status, response.text
    return response.json()


async def report(app, tenant, errors, status=200):
    response = await app.client.put(
        f"{API}/integration/errors", json=errors, headers=tenant.headers
    )
    assert response.status_code == status, response.text
    return response.json()


def state(app, model, ext_id=None, record_id=None):
    with app.db.read() as session:
        query = select(model.sync_status, model.synced_at, model.sync_detail)
        if record_id is not None:
            query = query.where(model.id == record_id)
        else:
            query = query.where(model.ext_id == ext_id)
        return session.execute(query).one()


async def test_a_connector_upsert_marks_records_synced_with_the_time(app):
    tenant = await app.tenant()
    before = datetime.now(UTC)
    await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "Dupont"}])
    await post(app, tenant, "products/upsert", [{"extId": "P1", "model": "Brique"}])
    await post(
        app, tenant, "contacts/upsert", [{"extId": "7", "accountExtId": "C1", "lastName": "Léa"}]
    )
    await post(
        app,
        tenant,
        "invoices/upsert",
        [{"extId": "1", "accountExtId": "C1", "posted": True, "totalExclTax": 10}],
    )
    for model, ext_id in ((Account, "C1"), (Product, "P1"), (Contact, "7"), (Invoice, "1")):
        status, synced_at, detail = state(app, model, ext_id)
        assert status == "synced" and detail is None
        assert synced_at >= before.replace(microsecond=0)


async def test_a_crm_edit_is_pending_until_the_connector_confirms_it(app):
    tenant = await app.tenant()
    [result] = await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "Dupont"}])
    response = await app.client.put(
        f"{API}/accounts/{result['id']}", json={"city": "Lyon"}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert state(app, Account, "C1")[0] == "pending"
    # The connector sends the record back unchanged: confirmed.
    [same] = await post(
        app, tenant, "accounts/upsert", [{"extId": "C1", "name": "Dupont", "city": "Lyon"}]
    )
    assert same["status"] == "unchanged"
    assert state(app, Account, "C1")[0] == "synced"


async def test_a_crm_edit_that_changes_nothing_keeps_the_status(app):
    tenant = await app.tenant()
    [result] = await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "Dupont"}])
    await app.client.put(
        f"{API}/accounts/{result['id']}", json={"name": "Dupont"}, headers=tenant.headers
    )
    assert state(app, Account, "C1")[0] == "synced"


async def test_an_account_created_in_the_crm_is_pending_with_or_without_ext_id(app):
    tenant = await app.tenant()
    without = await post(
        app,
        tenant,
        "accounts",
        {"name": "Sans code"},
    )
    with_code = await post(
        app,
        tenant,
        "accounts",
        {"name": "Avec", "extId": "N1"},
    )
    assert state(app, Account, record_id=without["id"])[0] == "pending"
    assert state(app, Account, record_id=with_code["id"])[0] == "pending"


async def test_the_error_report_replaces_the_list(app):
    tenant = await app.tenant()
    await post(
        app,
        tenant,
        "accounts/upsert",
        [{"extId": "C1", "name": "A"}, {"extId": "C2", "name": "B"}],
    )
    await post(app, tenant, "products/upsert", [{"extId": "P1", "model": "Brique"}])
    first = await report(
        app,
        tenant,
        [
            {"resource": "accounts", "extId": "C1", "message": "Code postal invalide"},
            {"resource": "products", "extId": "P1", "message": "Famille inconnue"},
            {"resource": "accounts", "extId": "NOPE", "message": "x"},
        ],
    )
    assert first == {
        "errors": 2,
        "cleared": 0,
        "unknown": [{"resource": "accounts", "extId": "NOPE"}],
    }
    assert state(app, Account, "C1")[0::2] == ("error", "Code postal invalide")
    assert state(app, Product, "P1")[0::2] == ("error", "Famille inconnue")
    assert state(app, Account, "C2")[0] == "synced"

    second = await report(
        app, tenant, [{"resource": "accounts", "extId": "C2", "message": "Téléphone trop long"}]
    )
    assert second == {"errors": 1, "cleared": 2, "unknown": []}
    assert state(app, Account, "C1")[0::2] == ("synced", None)
    assert state(app, Product, "P1")[0::2] == ("synced", None)
    assert state(app, Account, "C2")[0::2] == ("error", "Téléphone trop long")

    assert await report(app, tenant, []) == {"errors": 0, "cleared": 1, "unknown": []}
    assert state(app, Account, "C2")[0] == "synced"


async def test_an_upsert_of_a_record_in_error_clears_it(app):
    tenant = await app.tenant()
    await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "A"}])
    await report(app, tenant, [{"resource": "accounts", "extId": "C1", "message": "Refusé"}])
    await post(app, tenant, "accounts/upsert", [{"extId": "C1", "name": "A bis"}])
    assert state(app, Account, "C1")[0::2] == ("synced", None)


async def test_the_report_touches_only_the_callers_instance(app):
    alpha = await app.tenant("Alpha", email="a@alpha.fr")
    beta = await app.tenant("Beta", email="b@beta.fr")
    await post(app, alpha, "accounts/upsert", [{"extId": "C1", "name": "A"}])
    await post(app, beta, "accounts/upsert", [{"extId": "C1", "name": "B"}])
    await report(app, alpha, [{"resource": "accounts", "extId": "C1", "message": "x"}])
    await report(app, beta, [])
    with app.db.read() as session:
        rows = dict(session.execute(select(Account.name, Account.sync_status)).all())
    assert rows == {"A": "error", "B": "synced"}


async def test_records_of_a_resource_without_sync_status_come_back_unknown(app):
    """Users carry no badge: the connector lists every stream's refusals, the cloud skips them."""
    tenant = await app.tenant()
    rep = {"extId": "CO9", "lastName": "Durand", "email": "paul@dupont.fr"}
    await post(app, tenant, "users/upsert", [rep])
    errors = [
        {"resource": "users", "extId": "CO9", "message": "E-mail manquant"},
        {"resource": "orders", "extId": "1", "message": "x"},
    ]
    assert await report(app, tenant, errors) == {
        "errors": 0,
        "cleared": 0,
        "unknown": [
            {"resource": "users", "extId": "CO9"},
            {"resource": "orders", "extId": "1"},
        ],
    }


async def test_the_report_is_validated(app):
    tenant = await app.tenant()
    too_many = [{"resource": "accounts", "extId": str(i), "message": "x"} for i in range(501)]
    await report(app, tenant, too_many, status=422)
    await report(app, tenant, [{"resource": "", "extId": "1", "message": "x"}], status=422)
    await report(app, tenant, [{"resource": "accounts", "extId": "", "message": "x"}], status=422)
    response = await app.client.put(f"{API}/integration/errors", json=[])
    assert response.status_code == 401
