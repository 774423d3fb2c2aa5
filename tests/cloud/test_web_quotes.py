"""The rep's quote pages over HTTP: made, edited, priced by « Sage », sent, and refused.

The real app on both databases, signed in through the login form. The connector's answers
(prices, refusal, the Sage number) come through the API with the instance's key, as the
connector sends them.
"""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.models import Account, Contact, Quote, QuoteLine
from ssm.cloud.web.assets import asset_url
from ssm.cloud.web.quotes import MAX_LINES, QuoteInput, quantity_of, read_input, with_action

from .test_web_records import add_user, browser_for, company, seed, upsert
from .web_helpers import csrf_of, text

pytestmark = pytest.mark.anyio

REMI = "remi@ACME.fr"
SARA = "sara@ACME.fr"
API = "/api/v4/quotes"


async def world(app):
    """ACME with its reps, accounts and contacts, and two products for sale."""
    tenant = await company(app)
    await seed(app, tenant)
    await upsert(app, tenant, "products", [{"extId": "CIMENT", "model": "Ciment prompt"}])
    return tenant


def ids_of(app):
    """Accounts' ids by Sage code, contacts' by last name."""
    with app.db.read() as session:
        accounts = dict(session.execute(select(Account.ext_id, Account.id)).all())
        contacts = dict(session.execute(select(Contact.last_name, Contact.id)).all())
    return accounts, contacts


def quote_row(app, quote_id):
    with app.db.read() as session:
        return session.execute(select(Quote).where(Quote.id == quote_id)).scalar_one()


def quote_lines(app, quote_id):
    with app.db.read() as session:
        return session.execute(
            select(QuoteLine.product_ext_id, QuoteLine.quantity)
            .where(QuoteLine.quote_id == quote_id)
            .order_by(QuoteLine.position)
        ).all()


def two_lines(account_id, contact_id=None):
    fields = {
        "account_id": str(account_id),
        "lines": "2",
        "line-1-product": "BRIQUE — Brique rouge",
        "line-1-quantity": "2",
        "line-2-product": "ciment",
        "line-2-quantity": "1,5",
        "comment": "Livraison le matin",
    }
    if contact_id is not None:
        fields["contact_id"] = str(contact_id)
    return fields


async def post(browser, path, fields, form_page):
    shown = await browser.get(form_page)
    assert shown.status_code == 200, shown.text
    return await browser.post(path, data={**fields, "csrf": csrf_of(shown)})


async def create(browser, fields):
    response = await post(browser, "/devis/nouveau", fields, "/devis/nouveau")
    assert response.status_code == 303, text(response)
    match = re.fullmatch(r"/devis/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


async def feed(app, tenant):
    response = await app.client.get("/api/v4/changes?after=0", headers=tenant.headers)
    assert response.status_code == 200
    return [c for c in response.json()["changes"] if c["entity"] == "quotes"]


def prices(revision=0):
    """The connector's prices for ``two_lines``: a category price, a discount, a free unit."""
    return {
        "revision": revision,
        "lines": [
            {
                "position": 0,
                "unitPrice": 1.25,
                "discounts": [{"value": "5", "type": "percent"}],
                "netUnitPrice": 1.1875,
                "totalExclTax": 2.375,
                "stock": 120,
            },
            {
                "position": 1,
                "unitPrice": 8,
                "discounts": [
                    {"value": "2.5", "type": "amount"},
                    {"value": "1", "type": "free"},
                ],
                "netUnitPrice": 5.5,
                "totalExclTax": 8.25,
                "stock": 3,
            },
        ],
        "totalExclTax": 10.625,
        "totalInclTax": 12.75,
        "detail": "ligne 1 « Brique rouge »: 1,25 € (remise 5 %)",
    }


async def priced(app, tenant, quote_id, revision=0):
    response = await app.client.put(
        f"{API}/{quote_id}/prices", json=prices(revision), headers=tenant.headers
    )
    assert response.status_code == 200, response.text


# --- the form's pure parts -------------------------------------------------------------------


def test_quantities_are_exact_and_within_the_api_bounds():
    assert quantity_of("1,5") == Decimal("1.5")
    assert quantity_of(" 1 000,25 ") == Decimal("1000.25")
    assert quantity_of("0.000001") == Decimal("0.000001")
    for wrong in ("", "0", "-1", "abc", "1e3x", "NaN", "Infinity", "0,0000001", "1" + "0" * 12):
        assert quantity_of(wrong) is None, wrong


def test_lines_are_added_and_removed_with_what_was_typed():
    typed = read_input(
        {"lines": "2", "line-1-product": "A", "line-1-quantity": "1", "line-2-product": "B"}
    )
    added = with_action(typed, "add")
    assert added is not None and [line.product for line in added.lines] == ["A", "B", ""]
    removed = with_action(typed, "remove-1")
    assert removed is not None and [line.product for line in removed.lines] == ["B"]
    alone = with_action(QuoteInput(), "remove-1")
    assert alone is not None and len(alone.lines) == 1
    assert with_action(typed, "save") is None
    crowded = read_input({"lines": str(MAX_LINES + 10)})
    assert len(crowded.lines) == MAX_LINES
    full = with_action(crowded, "add")
    assert full is not None and len(full.lines) == MAX_LINES


# --- over HTTP ------------------------------------------------------------------------------


async def test_a_rep_creates_a_quote_pending_sage_s_prices(app):
    tenant = await world(app)
    accounts, contacts = ids_of(app)
    async with browser_for(app, REMI) as remi:
        listing = await remi.get("/devis")
        assert 'href="/devis/nouveau"' in listing.text and "Nouveau devis" in listing.text
        form = await remi.get("/devis/nouveau")
        # Only his account that Sage holds; Sara's and the prospect are not offered.
        assert "Dupont SARL (C001)" in form.text
        assert "Martin SA" not in form.text and "Prospect Bleu" not in form.text
        account_page = await remi.get(f"/comptes/{accounts['C001']}")
        assert f'href="/devis/nouveau?compte={accounts["C001"]}"' in account_page.text
        chosen = await remi.get(f"/devis/nouveau?compte={accounts['C001']}")
        assert f'<option value="{accounts["C001"]}" selected>' in chosen.text
        quote_id = await create(remi, two_lines(accounts["C001"], contacts["Durand"]))
        page = await remi.get(f"/devis/{quote_id}")
        body = text(page)
    assert page.status_code == 200
    assert 'data-status="draft_pending"' in body and "Brouillon – En attente" in body
    assert f"Devis {quote_id} (brouillon)" in body
    assert f'<script src="{asset_url("quote_page.js")}" defer></script>' in body
    assert messages.QUOTE_VALIDATION_PENDING in body and "demandé par Rémi R" in body
    assert f'href="/devis/{quote_id}/modifier"' in body
    assert "Synchroniser avec Sage 100" not in body
    assert "Durand" in body and "Livraison le matin" in body
    assert quote_lines(app, quote_id) == [("BRIQUE", Decimal("2")), ("CIMENT", Decimal("1.5"))]
    row = quote_row(app, quote_id)
    assert (row.status, row.origin, row.contact_id) == ("draft_pending", "crm", contacts["Durand"])
    [change] = await feed(app, tenant)
    assert (change["action"], change["id"]) == ("created", quote_id)


async def test_lines_are_added_and_removed_without_a_script(app):
    await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        typed = {
            "account_id": str(accounts["C001"]),
            "lines": "1",
            "line-1-product": "BRIQUE",
            "line-1-quantity": "4",
            "action": "add",
        }
        more = await post(remi, "/devis/nouveau", typed, "/devis/nouveau")
        assert more.status_code == 200
        assert 'name="line-2-product"' in more.text and 'value="BRIQUE"' in more.text
        assert 'name="lines" value="2"' in more.text
        fewer = await remi.post(
            "/devis/nouveau",
            data={
                **typed,
                "lines": "2",
                "line-2-product": "CIMENT",
                "action": "remove-1",
                "csrf": csrf_of(more),
            },
        )
        assert fewer.status_code == 200
        assert 'name="line-2-product"' not in fewer.text
        assert 'name="line-1-product" value="CIMENT"' in fewer.text
    with app.db.read() as session:
        assert session.execute(select(Quote.id)).all() == []


async def test_wrong_fields_come_back_with_one_sentence_each_and_the_input(app):
    tenant = await world(app)
    async with browser_for(app, REMI) as remi:
        response = await post(
            remi,
            "/devis/nouveau",
            {
                "lines": "3",
                "line-1-product": "i",  # « Brique rouge » and « Ciment prompt »
                "line-1-quantity": "abc",
                "line-2-product": "Tuile plate",  # not for sale
                "line-2-quantity": "1",
                "line-3-quantity": "2",
            },
            "/devis/nouveau",
        )
    assert response.status_code == 400
    page = text(response)
    assert "Choisissez le compte du devis." in page
    assert "Ligne 1 : plusieurs produits correspondent à « i »" in page
    assert "Ligne 1 : la quantité doit être un nombre supérieur à zéro" in page
    assert "Ligne 2 : aucun produit en vente ne correspond à « Tuile plate »." in page
    assert "Ligne 3 : choisissez un produit." in page
    assert page.count('class="field-error"') == 5
    # The ambiguous line suggests what it matched; the input is kept.
    assert '<option value="BRIQUE — Brique rouge">' in page
    assert '<option value="CIMENT — Ciment prompt">' in page
    assert 'value="abc"' in page and 'value="Tuile plate"' in page
    assert await feed(app, tenant) == []


async def test_an_empty_quote_asks_for_a_line(app):
    await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        response = await post(
            remi, "/devis/nouveau", {"account_id": str(accounts["C001"])}, "/devis/nouveau"
        )
    assert response.status_code == 400
    assert "Ajoutez au moins une ligne avec un produit." in text(response)


async def test_prices_from_sage_then_an_edit_then_the_sync_request(app):
    tenant = await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        quote_id = await create(remi, two_lines(accounts["C001"]))
        await priced(app, tenant, quote_id)
        page = text(await remi.get(f"/devis/{quote_id}"))
        assert 'data-status="draft_validated"' in page and "Brouillon – Validé" in page
        assert "http-equiv" not in page
        assert "1,25\u00a0€" in page and "5 %" in page
        assert "2,50\u00a0€" in page and "1 gratuit(s)" in page
        assert "5,50\u00a0€" in page and "10,63\u00a0€" in page  # net price; total rounded
        assert ">Stock<" in page  # Sage's stock when it priced the quote
        assert messages.QUOTE_PRICES_VALIDATED in page
        assert page.index("VALIDATION EN COURS") < page.index("PRIX VALIDÉS")
        assert "Synchroniser avec Sage 100" in page

        # An edit goes back to Sage for pricing, with the quantities as typed.
        form = await remi.get(f"/devis/{quote_id}/modifier")
        assert 'value="BRIQUE — Brique rouge"' in form.text and 'value="1.5"' in form.text
        edited = await remi.post(
            f"/devis/{quote_id}/modifier",
            data={**two_lines(accounts["C001"]), "line-1-quantity": "3", "csrf": csrf_of(form)},
        )
        assert edited.status_code == 303
        assert (quote_row(app, quote_id).status, quote_row(app, quote_id).revision) == (
            "draft_pending",
            1,
        )
        assert quote_lines(app, quote_id)[0] == ("BRIQUE", Decimal("3"))
        refused = await remi.post(f"/devis/{quote_id}/synchroniser", data={"csrf": csrf_of(form)})
        assert refused.status_code == 409
        assert messages.QUOTE_NOT_VALIDATED in text(refused)

        await priced(app, tenant, quote_id, revision=1)
        sent = await remi.post(f"/devis/{quote_id}/synchroniser", data={"csrf": csrf_of(form)})
        assert sent.status_code == 303
        page = text(await remi.get(f"/devis/{quote_id}"))
        assert "En attente de synchronisation" in page and 'id="read-only"' in page
        assert f'href="/devis/{quote_id}/modifier"' not in page
        assert f'<script src="{asset_url("quote_page.js")}" defer></script>' in page

        # Read-only now: the form is refused with the reason, and so is a late post.
        again = await remi.get(f"/devis/{quote_id}/modifier")
        assert again.status_code == 409 and 'id="refusal"' in again.text
        late = await remi.post(
            f"/devis/{quote_id}/modifier",
            data={**two_lines(accounts["C001"]), "csrf": csrf_of(form)},
        )
        assert late.status_code == 409
        assert messages.QUOTE_READ_ONLY in text(late)
    assert [c["action"] for c in await feed(app, tenant)] == ["created", "updated", "updated"]
    assert quote_row(app, quote_id).status == "sync_pending"


async def test_sage_s_refusal_and_number_show_on_the_page(app):
    tenant = await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        quote_id = await create(remi, two_lines(accounts["C001"]))
        refusal = await app.client.put(
            f"{API}/{quote_id}/refusal",
            json={"revision": 0, "reason": "L'article CIMENT est en sommeil."},
            headers=tenant.headers,
        )
        assert refusal.status_code == 200, refusal.text
        page = text(await remi.get(f"/devis/{quote_id}"))
        assert "Sage 100 a refusé ce devis : L'article CIMENT est en sommeil." in page
        assert f'href="/devis/{quote_id}/modifier"' in page

        await priced(app, tenant, quote_id)
        form = await remi.get(f"/devis/{quote_id}")
        assert (
            await remi.post(f"/devis/{quote_id}/synchroniser", data={"csrf": csrf_of(form)})
        ).status_code == 303
        bound = await app.client.put(
            f"{API}/{quote_id}/extId",
            json={"extId": "812", "number": "DE00042"},
            headers=tenant.headers,
        )
        assert bound.status_code == 200, bound.text
        page = text(await remi.get(f"/devis/{quote_id}"))
        remi.cookies.set("lang", "en")
        english = text(await remi.get(f"/devis/{quote_id}"))
    assert "Enregistré dans Sage 100" in page and "DE00042" in page
    assert "http-equiv" not in page and "Synchroniser avec Sage 100" not in page
    assert "Recorded in Sage 100" in english and "Sage 100 number" in english


async def test_a_quote_made_in_sage_is_shown_read_only(app):
    tenant = await world(app)
    await upsert(
        app,
        tenant,
        "quotes",
        [
            {
                "extId": "900",
                "number": "DE00900",
                "accountExtId": "C001",
                "salesRepExtId": "CO1",
                "date": "2026-11-20",
                "status": "transformed",
                "orderNumber": "BC00012",
                "totalExclTax": 95,
                "totalInclTax": 114,
                "lines": [
                    {
                        "extId": "1",
                        "productExtId": "BRIQUE",
                        "description": "Brique rouge",
                        "quantity": 100,
                        "unitPrice": 1,
                        "discounts": [{"value": "5", "type": "percent"}],
                        "netUnitPrice": 0.95,
                        "totalExclTax": 95,
                    }
                ],
            }
        ],
    )
    async with browser_for(app, REMI) as remi:
        listing = text(await remi.get("/devis"))
        assert "DE00900" in listing and "Transformé en commande" in listing
        [quote_id] = [int(i) for i in re.findall(r'<tr data-id="(\d+)"', listing)]
        page = text(await remi.get(f"/devis/{quote_id}"))
        # Turned into an order, it is edited nowhere any more: neither here nor as a quote.
        assert (
            "Ce devis est devenu la commande BC00012 dans Sage 100 : il ne se modifie plus." in page
        )
        assert "il s'y modifie" not in page
        assert "5 %" in page and "0,95\u00a0€" in page
        assert ">Stock<" not in page  # Sage sends no stock with a quote's lines: no empty column
        assert f'href="/devis/{quote_id}/modifier"' not in page
        form = await remi.get(f"/devis/{quote_id}/modifier")
        assert form.status_code == 409
        remi.cookies.set("lang", "en")
        english = text(await remi.get(f"/devis/{quote_id}"))
    assert "This quote became order BC00012 in Sage 100: it is no longer edited." in english


async def test_another_rep_s_quote_is_not_found(app):
    await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        quote_id = await create(remi, two_lines(accounts["C001"]))
    async with browser_for(app, SARA) as sara:
        listing = await sara.get("/devis")
        assert f'data-id="{quote_id}"' not in listing.text
        form = await sara.get("/devis/nouveau")
        for path in (f"/devis/{quote_id}", f"/devis/{quote_id}/modifier", "/devis/99999"):
            assert (await sara.get(path)).status_code == 404, path
        csrf = csrf_of(form)
        sync = await sara.post(f"/devis/{quote_id}/synchroniser", data={"csrf": csrf})
        assert sync.status_code == 404
        edit = await sara.post(
            f"/devis/{quote_id}/modifier", data={**two_lines(accounts["C001"]), "csrf": csrf}
        )
        assert edit.status_code == 404
        # Nor may she make a quote for his account by typing its id.
        theirs = await sara.post(
            "/devis/nouveau", data={**two_lines(accounts["C001"]), "csrf": csrf}
        )
        assert theirs.status_code == 400
        assert "Choisissez le compte du devis." in text(theirs)
    assert quote_row(app, quote_id).revision == 0


async def test_every_post_needs_the_session_s_anti_forgery_value(app):
    tenant = await world(app)
    accounts, _ = ids_of(app)
    async with browser_for(app, REMI) as remi:
        forged = await remi.post("/devis/nouveau", data=two_lines(accounts["C001"]))
        assert forged.status_code == 400
        quote_id = await create(remi, two_lines(accounts["C001"]))
        await priced(app, tenant, quote_id)
        for path in (f"/devis/{quote_id}/synchroniser", f"/devis/{quote_id}/modifier"):
            response = await remi.post(path, data={**two_lines(accounts["C001"]), "csrf": "x"})
            assert response.status_code == 400, path
    assert quote_row(app, quote_id).status == "draft_validated"
    assert len(await feed(app, tenant)) == 1


async def test_the_search_suggests_products_for_sale_to_signed_in_people(app):
    await world(app)
    async with browser_for(app, REMI) as remi:
        found = await remi.get("/devis/produits", params={"q": "RI"})
        assert found.status_code == 200
        options = re.findall(r'<option value="([^"]+)">', text(found))
        assert options == ["BRIQUE — Brique rouge"]  # not « Tuile plate »: not for sale
        assert (await remi.get("/devis/produits", params={"q": "%"})).text.strip() == ""
        assert (await remi.get("/devis/produits", params={"q": "a\x00"})).status_code == 400
        script = await remi.get("/-/quote_form.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        form = await remi.get("/devis/nouveau")
        assert '<script src="/-/quote_form.js"></script>' in form.text
        assert 'data-suggest="/devis/produits"' in form.text
    async with app.browser() as stranger:
        response = await stranger.get("/devis/produits", params={"q": "RI"})
        assert response.status_code == 303 and "BRIQUE" not in response.text


async def test_an_edit_may_move_the_draft_to_another_account(app):
    await world(app)
    accounts, contacts = ids_of(app)
    async with browser_for(app, "alice@example.fr") as admin:
        quote_id = await create(admin, two_lines(accounts["C001"], contacts["Durand"]))
        form = await admin.get(f"/devis/{quote_id}/modifier")
        assert f'<option value="{contacts["Durand"]}" selected>' in form.text
        moved = await admin.post(
            f"/devis/{quote_id}/modifier",
            data={
                **two_lines(accounts["C002"], contacts["Petit"]),
                "csrf": csrf_of(form),
            },
        )
        assert moved.status_code == 303
        # A contact of the former account is refused with its sentence.
        wrong = await admin.post(
            f"/devis/{quote_id}/modifier",
            data={**two_lines(accounts["C002"], contacts["Durand"]), "csrf": csrf_of(form)},
        )
        assert wrong.status_code == 400
        assert "Choisissez un contact de ce compte." in text(wrong)
    row = quote_row(app, quote_id)
    assert (row.account_id, row.contact_id, row.revision) == (
        accounts["C002"],
        contacts["Petit"],
        1,
    )


async def test_a_rep_without_an_account_in_sage_is_told_why_the_list_is_empty(app):
    tenant = await world(app)
    add_user(app, tenant, "ines@acme.fr")
    async with browser_for(app, "ines@acme.fr") as ines:
        form = await ines.get("/devis/nouveau")
    assert form.status_code == 200
    assert 'id="no-account"' in form.text
    assert "Aucun de vos comptes n'est encore enregistré dans Sage 100" in text(form)
