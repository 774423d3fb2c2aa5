"""Quotes made in the CRM and priced by Sage 100, and Sage's own quotes (issue 16).

Through the real app on both databases: a rep's ``POST``/``PUT /api/v4/quotes``, its
``POST /{id}/sync``; the connector's ``PUT /{id}/prices``, ``/refusal``, ``/extId``; the
shared bulk routes. The feed is ``GET /api/v4/changes``.
"""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock
from ssm.cloud.errors import InvalidRequestError, NotFoundError
from ssm.cloud.schemas.quotes import QUOTE_STATUSES, QuoteCreate, QuotePatch
from ssm.cloud.services import quotes
from ssm.cloud.services.changes import Author
from ssm.cloud.web.i18n import text
from ssm.cloud.web.texts.records import FR

pytestmark = pytest.mark.anyio

API = "/api/v4"
QUOTES = f"{API}/quotes"
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)  # 10:30 in Paris
VALIDATION = messages.QUOTE_VALIDATION_PENDING
PRICED = messages.QUOTE_PRICES_VALIDATED


async def upsert(app, tenant, resource, items):
    response = await app.client.post(f"{API}/{resource}/upsert", json=items, headers=tenant.headers)
    assert response.status_code == 200, response.text
    results = response.json()
    assert all(result["status"] != "error" for result in results), results
    return [result["id"] for result in results]


async def company(app):
    """A tenant with two reps, a client of each, and three products (one not for sale)."""
    app.app.dependency_overrides[get_clock] = lambda: lambda: NOW
    tenant = await app.tenant()
    await upsert(
        app,
        tenant,
        "users",
        [
            {"extId": "1", "firstName": "Rémi", "lastName": "Roux", "email": "remi@acme.fr"},
            {"extId": "2", "firstName": "Léa", "lastName": "Lenoir", "email": "lea@acme.fr"},
        ],
    )
    ids = await upsert(
        app,
        tenant,
        "accounts",
        [
            {"extId": "C1", "name": "Dupont", "accountType": "client", "salesRepExtId": "1"},
            {"extId": "C2", "name": "Martin", "accountType": "client", "salesRepExtId": "2"},
        ],
    )
    tenant.accounts = dict(zip(("C1", "C2"), ids, strict=True))
    ids = await upsert(
        app,
        tenant,
        "products",
        [
            {"extId": "CHAISE", "model": "Chaise", "price": 100},
            {"extId": "TABLE", "model": "Table", "price": 450},
            {"extId": "VIEUX", "model": "Vieux modèle", "notAvailable": True},
        ],
    )
    tenant.products = dict(zip(("CHAISE", "TABLE", "VIEUX"), ids, strict=True))
    return tenant


async def create(app, tenant, **body):
    body = {
        "accountId": tenant.accounts["C1"],
        "lines": [
            {"productId": tenant.products["CHAISE"], "quantity": 4},
            {"productId": tenant.products["TABLE"], "quantity": "1.5"},
        ],
    } | body
    return await app.client.post(QUOTES, json=body, headers=tenant.headers)


async def get(app, tenant, quote_id):
    response = await app.client.get(f"{QUOTES}/{quote_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def feed(app, tenant, after=0):
    response = await app.client.get(
        f"{API}/changes", params={"after": after}, headers=tenant.headers
    )
    assert response.status_code == 200
    return response.json()


def prices(revision, detail="prix inchangés"):
    return {
        "revision": revision,
        "lines": [
            {
                "position": 0,
                "unitPrice": 100,
                "discounts": [{"value": "14.5", "type": "percent"}],
                "netUnitPrice": "85.500000",
                "totalExclTax": 342,
                "stock": 12,
            },
            {
                "position": 1,
                "unitPrice": 450.123456,
                "discounts": [
                    {"value": 2.5, "type": "amount"},
                    {"value": 1, "type": "free"},
                ],
                "netUnitPrice": 447.623456,
                "totalExclTax": 671.435184,
                "stock": None,
            },
        ],
        "totalExclTax": 1013.435184,
        "totalInclTax": 1216.122221,
        "detail": detail,
    }


async def put(app, tenant, quote_id, what, body):
    return await app.client.put(f"{QUOTES}/{quote_id}/{what}", json=body, headers=tenant.headers)


async def priced(app, tenant, **body):
    created = await create(app, tenant, **body)
    assert created.status_code == 200, created.text
    quote_id = created.json()["id"]
    assert (await put(app, tenant, quote_id, "prices", prices(0))).status_code == 200
    return quote_id


async def test_a_quote_is_created_pending_with_its_validation_comment_and_fed(app):
    tenant = await company(app)
    response = await create(app, tenant, comment="Livraison en janvier")
    assert response.status_code == 200, response.text
    assert response.json()["Message"] == "entity created"
    quote_id = response.json()["id"]
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["origin"], quote["readOnly"], quote["revision"]) == (
        "draft_pending",
        "crm",
        False,
        0,
    )
    assert (quote["accountExtId"], quote["salesRepExtId"], quote["extId"]) == ("C1", "1", None)
    assert (quote["comment"], quote["syncStatus"], quote["date"]) == (
        "Livraison en janvier",
        "pending",
        "2026-12-07",
    )
    assert quote["internalComment"] == (
        f"{VALIDATION} (demandé par l'API le 07/12/2026 à 10:30, heure de Paris)"
    )
    assert [
        (line["position"], line["description"], line["productExtId"], line["quantity"])
        for line in quote["lines"]
    ] == [(0, "Chaise", "CHAISE", 4), (1, "Table", "TABLE", 1.5)]
    assert all(line["unitPrice"] is None and line["discounts"] is None for line in quote["lines"])
    [change] = (await feed(app, tenant))["changes"]
    assert (change["entity"], change["action"], change["id"]) == ("quotes", "created", quote_id)


async def test_a_quote_needs_an_account_and_products_sage_holds(app):
    tenant = await company(app)
    prospect = await app.client.post(
        f"{API}/accounts", json={"name": "Neuf"}, headers=tenant.headers
    )
    account_id = prospect.json()["id"]
    response = await create(app, tenant, accountId=account_id)
    assert response.status_code == 422
    assert response.json()["message"] == messages.QUOTE_ACCOUNT_NOT_IN_SAGE.format(
        account_id=account_id
    )
    lines = [
        {"productId": tenant.products["CHAISE"], "quantity": 1},
        {"productId": tenant.products["VIEUX"], "quantity": 1},
    ]
    response = await create(app, tenant, lines=lines)
    assert response.status_code == 422
    assert response.json()["message"] == messages.QUOTE_PRODUCT_NOT_AVAILABLE.format(
        line=2, name="Vieux modèle"
    )
    response = await create(app, tenant, lines=[{"productId": 999999, "quantity": 1}])
    assert response.json()["message"].startswith("Ligne 1 : le produit 999999")
    response = await create(app, tenant, lines=[])
    assert response.status_code == 422
    response = await create(
        app, tenant, lines=[{"productId": tenant.products["TABLE"], "quantity": 0}]
    )
    assert response.status_code == 422
    entities = [change["entity"] for change in (await feed(app, tenant))["changes"]]
    assert entities == ["accounts"]  # the prospect; no quote


async def test_sages_prices_are_written_exactly_without_a_feed_entry(app):
    tenant = await company(app)
    quote_id = (await create(app, tenant)).json()["id"]
    last = (await feed(app, tenant))["last"]
    app.app.dependency_overrides[get_clock] = lambda: lambda: NOW + timedelta(minutes=1)
    detail = "ligne 1 « Chaise »: 100,00 € → 85,50 € (tarif de catégorie, remise 14,5 %)"
    response = await put(app, tenant, quote_id, "prices", prices(0, detail))
    assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["syncStatus"], quote["syncDetail"]) == (
        "draft_validated",
        "synced",
        None,
    )
    assert (quote["totalExclTax"], quote["totalInclTax"]) == (1013.435184, 1216.122221)
    first, second = quote["lines"]
    assert (first["unitPrice"], first["netUnitPrice"], first["totalExclTax"], first["stock"]) == (
        100,
        85.5,
        342,
        12,
    )
    assert first["discounts"] == [{"value": "14.5", "type": "percent"}]
    assert second["discounts"] == [
        {"value": "2.5", "type": "amount"},
        {"value": "1", "type": "free"},
    ]
    assert (second["unitPrice"], second["totalExclTax"]) == (450.123456, 671.435184)
    raw = await app.client.get(f"{QUOTES}/{quote_id}", headers=tenant.headers)
    assert '"totalExclTax":671.435184' in raw.text  # exact digits, a JSON number
    assert quote["internalComment"].endswith(f"\n\n{PRICED} (07/12/2026 à 10:31 ; {detail})")
    assert (await feed(app, tenant, last))["changes"] == []  # no echo


async def test_prices_keep_every_digit_a_float_would_lose(app):
    tenant = await company(app)
    quote_id = (await create(app, tenant)).json()["id"]
    body = prices(0)
    text = json.dumps(body).replace("1013.435184", "999999999999.123457")
    response = await app.client.put(
        f"{QUOTES}/{quote_id}/prices",
        content=text,
        headers=tenant.headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    raw = await app.client.get(f"{QUOTES}/{quote_id}", headers=tenant.headers)
    assert '"totalExclTax":999999999999.123457' in raw.text
    broken = await app.client.put(
        f"{QUOTES}/{quote_id}/refusal",
        content=b"{not json",
        headers=tenant.headers | {"Content-Type": "application/json"},
    )
    assert (broken.status_code, broken.json()["message"]) == (422, messages.INVALID_JSON)


async def test_prices_of_a_stale_revision_or_status_are_refused(app):
    tenant = await company(app)
    quote_id = (await create(app, tenant)).json()["id"]
    response = await put(app, tenant, quote_id, "prices", prices(3))
    assert response.status_code == 409
    assert response.json()["code"] == "quote_changed"
    assert (await put(app, tenant, quote_id, "prices", prices(0))).status_code == 200
    again = await put(app, tenant, quote_id, "prices", prices(0))  # now draft_validated
    assert (again.status_code, again.json()["code"]) == (409, "quote_changed")
    body = prices(0) | {"lines": prices(0)["lines"][:1]}
    quote_id = (await create(app, tenant)).json()["id"]
    wrong = await put(app, tenant, quote_id, "prices", body)
    assert wrong.status_code == 422
    assert (await get(app, tenant, quote_id))["status"] == "draft_pending"


async def test_an_edit_reprices_from_a_new_revision(app):
    tenant = await company(app)
    quote_id = await priced(app, tenant)
    last = (await feed(app, tenant))["last"]
    response = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"comment": "Urgent"}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["revision"], quote["comment"]) == ("draft_pending", 1, "Urgent")
    assert (quote["totalExclTax"], quote["syncStatus"]) == (None, "pending")
    assert all(line["unitPrice"] is None and line["stock"] is None for line in quote["lines"])
    paragraphs = quote["internalComment"].split("\n\n")
    assert [p.split(" : ")[0] for p in paragraphs] == [
        "VALIDATION EN COURS",
        "PRIX VALIDÉS",
        "VALIDATION EN COURS",
    ]
    [change] = (await feed(app, tenant, last))["changes"]
    assert (change["entity"], change["action"], change["previous"]["revision"]) == (
        "quotes",
        "updated",
        0,
    )
    stale = await put(app, tenant, quote_id, "prices", prices(0))
    assert (stale.status_code, stale.json()["code"]) == (409, "quote_changed")
    lines = [{"productId": tenant.products["TABLE"], "quantity": 2}]
    response = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"lines": lines}, headers=tenant.headers
    )
    assert response.status_code == 200
    quote = await get(app, tenant, quote_id)
    assert quote["revision"] == 2
    assert [(line["productExtId"], line["quantity"]) for line in quote["lines"]] == [("TABLE", 2)]


async def test_sync_is_asked_only_once_validated_then_the_quote_is_read_only(app):
    tenant = await company(app)
    pending = (await create(app, tenant)).json()["id"]
    response = await app.client.post(f"{QUOTES}/{pending}/sync", headers=tenant.headers)
    assert (response.status_code, response.json()["code"]) == (409, "quote_not_validated")
    assert response.json()["message"] == messages.QUOTE_NOT_VALIDATED
    quote_id = await priced(app, tenant)
    last = (await feed(app, tenant))["last"]
    response = await app.client.post(f"{QUOTES}/{quote_id}/sync", headers=tenant.headers)
    assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["readOnly"]) == ("sync_pending", True)
    [change] = (await feed(app, tenant, last))["changes"]
    assert (change["entity"], change["action"], change["id"]) == ("quotes", "updated", quote_id)
    edit = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"comment": "x"}, headers=tenant.headers
    )
    assert (edit.status_code, edit.json()["code"]) == (409, "quote_read_only")
    assert edit.json()["message"] == messages.QUOTE_READ_ONLY
    again = await app.client.post(f"{QUOTES}/{quote_id}/sync", headers=tenant.headers)
    assert (again.status_code, again.json()["code"]) == (409, "quote_read_only")


async def test_a_refusal_says_why_and_gives_the_quote_back_to_the_rep(app):
    tenant = await company(app)
    quote_id = await priced(app, tenant)
    await app.client.post(f"{QUOTES}/{quote_id}/sync", headers=tenant.headers)
    reason = "Le client Dupont est en sommeil dans Sage 100."
    stale = await put(app, tenant, quote_id, "refusal", {"revision": 1, "reason": reason})
    assert (stale.status_code, stale.json()["code"]) == (409, "quote_changed")
    response = await put(app, tenant, quote_id, "refusal", {"revision": 0, "reason": reason})
    assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["readOnly"]) == ("draft_validated", False)
    assert (quote["syncStatus"], quote["syncDetail"]) == ("error", reason)
    pending = (await create(app, tenant)).json()["id"]
    await put(app, tenant, pending, "refusal", {"revision": 0, "reason": reason})
    quote = await get(app, tenant, pending)
    assert (quote["status"], quote["syncStatus"]) == ("draft_pending", "error")
    edit = await app.client.put(
        f"{QUOTES}/{pending}", json={"comment": "x"}, headers=tenant.headers
    )
    assert edit.status_code == 200
    quote = await get(app, tenant, pending)
    assert (quote["syncStatus"], quote["syncDetail"]) == ("pending", None)  # error cleared


async def test_binding_the_sage_number_is_idempotent_and_exclusive(app):
    tenant = await company(app)
    quote_id = await priced(app, tenant)
    await app.client.post(f"{QUOTES}/{quote_id}/sync", headers=tenant.headers)
    binding = {"extId": "812", "number": "DE00042"}
    for _ in range(2):
        response = await put(app, tenant, quote_id, "extId", binding)
        assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["extId"], quote["number"], quote["status"], quote["readOnly"]) == (
        "812",
        "DE00042",
        "in_sage",
        True,
    )
    assert quote["syncStatus"] == "synced"
    other = await put(app, tenant, quote_id, "extId", {"extId": "813", "number": "DE00043"})
    assert other.status_code == 409
    second = await priced(app, tenant)
    taken = await put(app, tenant, second, "extId", binding)
    assert taken.status_code == 409
    assert taken.json()["message"] == messages.EXT_ID_TAKEN.format(ext_id="812")
    changes = (await feed(app, tenant))["changes"]
    assert {change["extId"] for change in changes if change["id"] == quote_id} == {"812"}


def sage_quote(ext_id="900", **fields):
    return {
        "extId": ext_id,
        "number": "DE00100",
        "reference": "Chantier A",
        "accountExtId": "C2",
        "salesRepExtId": "2",
        "date": "2026-11-30",
        "status": "in_sage",
        "totalExclTax": "190.5",
        "totalInclTax": 228.6,
        "lines": [
            {
                "extId": "1",
                "productExtId": "CHAISE",
                "description": "Chaise",
                "quantity": 2,
                "unitPrice": 100,
                "discounts": [{"value": "4.75", "type": "percent"}],
                "netUnitPrice": 95.25,
                "totalExclTax": 190.5,
            }
        ],
    } | fields


async def test_a_quote_made_in_sage_arrives_read_only(app):
    tenant = await company(app)
    [quote_id] = await upsert(app, tenant, "quotes", [sage_quote()])
    quote = await get(app, tenant, quote_id)
    assert (quote["origin"], quote["readOnly"], quote["status"], quote["revision"]) == (
        "sage",
        True,
        "in_sage",
        0,
    )
    assert (quote["accountId"], quote["reference"], quote["syncStatus"]) == (
        tenant.accounts["C2"],
        "Chantier A",
        "synced",
    )
    [line] = quote["lines"]
    assert (line["productId"], line["discounts"], line["netUnitPrice"]) == (
        tenant.products["CHAISE"],
        [{"value": "4.75", "type": "percent"}],
        95.25,
    )
    again = await app.client.post(f"{QUOTES}/upsert", json=[sage_quote()], headers=tenant.headers)
    assert again.json()[0]["status"] == "unchanged"
    edit = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"comment": "x"}, headers=tenant.headers
    )
    assert (edit.status_code, edit.json()["code"]) == (409, "quote_read_only")
    bad = sage_quote("901", lines=[{"discounts": [{"value": 5, "type": "gift"}]}])
    response = await app.client.post(f"{QUOTES}/upsert", json=[bad], headers=tenant.headers)
    assert response.json()[0]["status"] == "error"
    assert response.json()[0]["error"]["message"].startswith("Ligne 1 : ")


async def test_sage_updates_a_bound_crm_quote_but_keeps_its_contact_and_comments(app):
    tenant = await company(app)
    contact = await app.client.post(
        f"{API}/contacts",
        json={"accountId": tenant.accounts["C1"], "lastName": "Durand"},
        headers=tenant.headers,
    )
    contact_id = contact.json()["id"]
    quote_id = await priced(app, tenant, contactId=contact_id, comment="Remise accordée")
    await app.client.post(f"{QUOTES}/{quote_id}/sync", headers=tenant.headers)
    await put(app, tenant, quote_id, "extId", {"extId": "812", "number": "DE00042"})
    before = await get(app, tenant, quote_id)
    item = sage_quote(
        "812",
        number="BC00007",
        accountExtId="C1",
        salesRepExtId="1",
        status="transformed",
        orderNumber="BC00007",
    )
    [result] = (
        await app.client.post(f"{QUOTES}/upsert", json=[item], headers=tenant.headers)
    ).json()
    assert (result["id"], result["status"]) == (quote_id, "updated")
    quote = await get(app, tenant, quote_id)
    assert (quote["status"], quote["orderNumber"], quote["totalExclTax"]) == (
        "transformed",
        "BC00007",
        190.5,
    )
    assert (quote["contactId"], quote["comment"], quote["origin"]) == (
        contact_id,
        "Remise accordée",
        "crm",
    )
    assert quote["internalComment"] == before["internalComment"]
    assert [line["extId"] for line in quote["lines"]] == ["1"]


async def test_a_quote_deleted_in_sage_is_soft_deleted(app):
    tenant = await company(app)
    [quote_id] = await upsert(app, tenant, "quotes", [sage_quote()])
    response = await app.client.post(f"{QUOTES}/delete", json=["900"], headers=tenant.headers)
    assert response.json() == [{"extId": "900", "id": quote_id, "status": "deleted", "error": None}]
    quote = await get(app, tenant, quote_id)
    assert quote["deleted"] is True
    listed = await app.client.get(QUOTES, params={"deleted": "false"}, headers=tenant.headers)
    assert listed.json() == []


async def test_a_rep_sees_and_changes_only_the_quotes_of_accounts_he_sees(app):
    tenant = await company(app)
    quote_id = (await create(app, tenant)).json()["id"]  # Dupont: Rémi's account
    owner = (await get(app, tenant, quote_id))["ownerId"]
    other = owner + 1000
    with pytest.raises(NotFoundError):
        quotes.QUOTES.get_visible(app.db, tenant.instance_id, quote_id, {other})
    assert (
        quotes.QUOTES.get_visible(app.db, tenant.instance_id, quote_id, {owner})["id"] == quote_id
    )
    author = Author(user_id=owner)
    with pytest.raises(NotFoundError):
        quotes.update_quote(
            app.db,
            tenant.instance_id,
            quote_id,
            QuotePatch(comment="x"),
            author=author,
            now=NOW,
            owner_ids={other},
        )
    body = QuoteCreate(
        account_id=tenant.accounts["C1"],
        lines=[{"product_id": tenant.products["CHAISE"], "quantity": Decimal(1)}],
    )
    with pytest.raises(InvalidRequestError):
        quotes.create_quote(
            app.db, tenant.instance_id, body, author=author, now=NOW, owner_ids={other}
        )
    made = quotes.create_quote(
        app.db, tenant.instance_id, body, author=author, now=NOW, owner_ids={owner}
    )
    comment = (await get(app, tenant, made))["internalComment"]
    assert comment.endswith("(demandé par Rémi Roux le 07/12/2026 à 10:30, heure de Paris)")


async def test_another_account_takes_its_rep_and_drops_the_former_contact(app):
    tenant = await company(app)
    contact = await app.client.post(
        f"{API}/contacts",
        json={"accountId": tenant.accounts["C1"], "lastName": "Durand"},
        headers=tenant.headers,
    )
    quote_id = (await create(app, tenant, contactId=contact.json()["id"])).json()["id"]
    before = await get(app, tenant, quote_id)
    wrong = await app.client.put(
        f"{QUOTES}/{quote_id}",
        json={"accountId": tenant.accounts["C2"], "contactId": contact.json()["id"]},
        headers=tenant.headers,
    )
    assert wrong.status_code == 422
    assert wrong.json()["message"] == messages.QUOTE_UNKNOWN_CONTACT.format(
        contact_id=contact.json()["id"]
    )
    response = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"accountId": tenant.accounts["C2"]}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    quote = await get(app, tenant, quote_id)
    assert (quote["accountExtId"], quote["salesRepExtId"], quote["contactId"]) == ("C2", "2", None)
    assert quote["ownerId"] != before["ownerId"]
    null = await app.client.put(
        f"{QUOTES}/{quote_id}", json={"accountId": None}, headers=tenant.headers
    )
    assert null.status_code == 422


def test_every_status_has_its_reference_label_in_french_and_english():
    assert {code: FR[f"quotes.status.{code}"] for code in QUOTE_STATUSES} == {
        "draft_pending": "Brouillon \u2013 En attente",
        "draft_validated": "Brouillon \u2013 Validé",
        "sync_pending": "En attente de synchronisation",
        "in_sage": "Enregistré dans Sage 100",
        "transformed": "Transformé en commande",
    }
    english = {code: text(f"quotes.status.{code}", "en") for code in QUOTE_STATUSES}
    assert all(english[code] != FR[f"quotes.status.{code}"] for code in QUOTE_STATUSES)


async def test_the_record_has_the_contracts_fields(app):
    tenant = await company(app)
    quote = await get(app, tenant, (await create(app, tenant)).json()["id"])
    assert set(quote) == {
        *("id", "extId", "number", "orderNumber", "reference", "origin", "status", "readOnly"),
        *("revision", "accountId", "accountExtId", "contactId", "salesRepExtId", "ownerId"),
        *("date", "comment", "internalComment", "totalExclTax", "totalInclTax", "syncStatus"),
        *("syncDetail", "dateCreated", "dateUpdated", "deleted", "dateDeleted", "lines"),
    }
    assert set(quote["lines"][0]) == {
        *("position", "extId", "productId", "productExtId", "description", "quantity"),
        *("unitPrice", "discounts", "netUnitPrice", "totalExclTax", "stock"),
    }
