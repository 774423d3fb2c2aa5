"""A NUL character anywhere a client types text is a 4xx in French, never a 500 (F6, issue 12).

PostgreSQL cannot store ``\\x00``: before, one NUL in an upserted string failed the whole
batch of 200 with a 500, valid items included, and a NUL in a login e-mail, an API login or
an error-list message was a 500 too. Every test runs on SQLite and PostgreSQL, so both
dialects answer the same.
"""

import pytest

from ssm.cloud import messages

from .test_web_records import company
from .web_helpers import GOOD, csrf_of, sign_in, text

pytestmark = pytest.mark.anyio

API = "/api/v4"
NUL_FIELD = "caractère nul"


async def test_a_nul_refuses_its_item_and_the_valid_items_of_the_batch_are_stored(app):
    tenant = await app.tenant()
    items = [
        {"extId": "C1", "name": "Dupont"},
        {"extId": "C2", "name": "Mar\x00tin"},
        {"extId": "C\x003", "name": "Durand"},
        {"extId": "C4", "name": "Petit", "comment": "note\x00"},
        {"extId": "C5", "name": "Leroy", "city": "Lyon"},
    ]
    response = await app.client.post(f"{API}/accounts/upsert", json=items, headers=tenant.headers)
    assert response.status_code == 200, response.text
    results = response.json()
    assert [r["status"] for r in results] == ["created", "error", "error", "error", "created"]
    for result, field in zip(results[1:4], ("name", "extId", "comment"), strict=True):
        assert result["error"]["code"] == "invalid_field"
        assert f"« {field} »" in result["error"]["message"]
        assert NUL_FIELD in result["error"]["message"]
    listed = await app.client.get(f"{API}/accounts", headers=tenant.headers)
    assert sorted(record["extId"] for record in listed.json()) == ["C1", "C5"]


async def test_a_nul_in_a_user_email_or_a_deleted_ext_id_refuses_that_item(app):
    tenant = await app.tenant()
    users = await app.client.post(
        f"{API}/users/upsert",
        json=[
            {"extId": "CO1", "firstName": "Rémi", "lastName": "R", "email": "r\x00@acme.fr"},
            {"extId": "CO2", "firstName": "Sara", "lastName": "S", "email": "sara@acme.fr"},
        ],
        headers=tenant.headers,
    )
    assert users.status_code == 200, users.text
    assert [r["status"] for r in users.json()] == ["error", "created"]
    deleted = await app.client.post(
        f"{API}/users/delete", json=["CO\x001", "CO2"], headers=tenant.headers
    )
    assert deleted.status_code == 200, deleted.text
    assert [r["status"] for r in deleted.json()] == ["error", "deleted"]
    assert NUL_FIELD in deleted.json()[0]["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/accounts", {"name": "Du\x00pont"}),
        (
            "PUT",
            "/integration/errors",
            [{"resource": "accounts", "extId": "C1", "message": "\x00"}],
        ),
        (
            "PUT",
            "/integration/errors",
            {"through": {"resource": "accounts", "extId": "C\x00"}, "errors": []},
        ),
        (
            "PUT",
            "/integration/heartbeat",
            {
                "connectorVersion": "1",
                "status": "running",
                "streams": {"accounts": {"last\x00": "x"}},
            },
        ),
        ("PUT", "/integration/company", {"companyId": "BIJOU\x00", "companyName": "Bijou"}),
    ],
)
async def test_a_nul_in_a_json_body_is_a_422_naming_the_field(app, method, path, body):
    tenant = await app.tenant()
    response = await app.client.request(method, API + path, json=body, headers=tenant.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"
    assert any(NUL_FIELD in detail["message"] for detail in response.json()["details"])


async def test_a_nul_in_the_api_login_or_an_activation_is_a_422(app):
    login = await app.login("pk_\x00", "sk")
    assert login.status_code == 422, login.text
    activation = await app.activate(company="ACME\x00")
    assert activation.status_code == 422, activation.text
    check = await app.client.post(
        f"{API}/activation/check", json={"activationKey": app.issue_key() + "\x00"}
    )
    assert check.status_code == 422, check.text


async def test_a_nul_in_the_login_or_forgot_form_is_a_400_page_in_french(app):
    await company(app)
    async with app.browser() as browser:
        for path in ("/login", "/password/forgot"):
            page = await browser.get(path)
            response = await browser.post(
                path,
                data={"email": "alice@example.fr\x00", "password": GOOD, "csrf": csrf_of(page)},
            )
            assert response.status_code == 400, (path, response.text)
            assert messages.TEXT_WITH_NUL in text(response)
        assert (await sign_in(browser, "alice@example.fr")).status_code == 303


async def test_a_nul_in_a_signed_in_form_or_a_search_is_a_400_page(app):
    await company(app)
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        profile = await browser.get("/profil")
        changed = await browser.post(
            "/profil/mot-de-passe",
            data={
                "current": GOOD,
                "password": "x\x00",
                "confirmation": "x\x00",
                "csrf": csrf_of(profile),
            },
        )
        assert changed.status_code == 400, changed.text
        assert messages.TEXT_WITH_NUL in text(changed)
        search = await browser.get("/comptes", params={"q": "Dup\x00"})
        assert search.status_code == 400, search.text
        assert "caractère nul" in text(search)
        paged = await browser.get("/comptes", params={"page": "1\x00"})
        assert paged.status_code == 400, paged.text
        assert (await browser.get("/comptes", params={"q": "Dup"})).status_code == 200
