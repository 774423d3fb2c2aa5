"""The CRM's forms over HTTP: prospects and contacts made, edited and (never) deleted by people.

The real app on both databases, signed in through the login form: « Nouveau prospect »,
« Modifier », « Nouveau contact », « Supprimer » (refused), validation, visibility, and the
change feed that takes each write to the connector.
"""

import re

import pytest
from sqlalchemy import func, select, update

from ssm.cloud import messages
from ssm.cloud.models import Account, Contact, User
from ssm.cloud.schemas.accounts import AccountPatch
from ssm.cloud.schemas.contacts import ContactPatch
from ssm.cloud.web.crm_forms import ACCOUNT_FIELDS, CONTACT_FIELDS

from .test_web_records import add_user, browser_for, company, ids, seed
from .web_helpers import csrf_of, text

pytestmark = pytest.mark.anyio

REMI = "remi@ACME.fr"
SARA = "sara@ACME.fr"
ADMIN = "alice@example.fr"
PROSPECT = {"name": "Boulangerie Hérault", "city": "Montpellier", "email": "pain@herault.fr"}


async def post_form(browser, path, fields, *, form_page=None):
    """Open the page holding the form (for its ``csrf``), then post ``fields``."""
    shown = await browser.get(form_page or path)
    assert shown.status_code == 200, shown.text
    return await browser.post(path, data={**fields, "csrf": csrf_of(shown)})


async def create_prospect(browser, **fields):
    response = await post_form(browser, "/comptes/nouveau", PROSPECT | fields)
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/comptes/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def account(app, account_id):
    with app.db.read() as session:
        return session.execute(select(Account).where(Account.id == account_id)).scalar_one()


def contact(app, contact_id):
    with app.db.read() as session:
        return session.execute(select(Contact).where(Contact.id == contact_id)).scalar_one()


def user_id(app, email):
    with app.db.read() as session:
        return session.execute(
            select(User.id).where(func.lower(User.email) == email.lower())
        ).scalar_one()


async def feed(app, tenant):
    response = await app.client.get("/api/v4/changes?after=0", headers=tenant.headers)
    assert response.status_code == 200
    return response.json()["changes"]


def account_id_of(app, ext_id):
    with app.db.read() as session:
        return session.execute(select(Account.id).where(Account.ext_id == ext_id)).scalar_one()


def test_the_forms_hold_exactly_what_the_crm_owns():
    account_names = {field.name for field in ACCOUNT_FIELDS}
    assert account_names == set(AccountPatch.model_fields) - {
        "ext_id",
        "account_type",
        "sales_rep_ext_id",
        "read_only",
        "sleeping",
    }
    assert [field.name for field in ACCOUNT_FIELDS if field.required] == ["name"]
    assert {field.name for field in CONTACT_FIELDS} == set(ContactPatch.model_fields)
    assert {field.name: field.max_length for field in CONTACT_FIELDS}["last_name"] == 100


async def test_a_rep_creates_a_prospect_filed_under_their_sage_rep(app):
    tenant = await company(app)
    async with browser_for(app, REMI) as remi:
        listing = await remi.get("/comptes")
        assert 'href="/comptes/nouveau"' in listing.text and "Nouveau prospect" in listing.text
        new_id = await create_prospect(remi)
        page = await remi.get(f"/comptes/{new_id}")
        assert page.status_code == 200
        assert "Boulangerie Hérault" in page.text and "Montpellier" in page.text
        assert 'data-sync="pending"' in page.text and "En attente de synchronisation" in page.text
        assert f'href="/comptes/{new_id}/modifier"' in page.text
        # Not in Sage yet: a contact can be added all the same, and waits for it.
        assert f'href="/comptes/{new_id}/contacts/nouveau"' in page.text
    row = account(app, new_id)
    assert (row.account_type, row.sales_rep_ext_id, row.ext_id) == ("prospect", "CO1", None)
    assert row.owner_id == user_id(app, REMI)
    [change] = await feed(app, tenant)
    assert (change["entity"], change["action"], change["id"]) == ("accounts", "created", new_id)
    # A person in the web app, not a key, made it.
    assert (change["apiKeyId"], change["userId"]) == (None, user_id(app, REMI))


async def test_an_administrator_without_a_rep_owns_what_they_create(app):
    await company(app)
    async with browser_for(app, ADMIN) as admin:
        new_id = await create_prospect(admin)
    row = account(app, new_id)
    assert (row.sales_rep_ext_id, row.owner_id) == (None, user_id(app, ADMIN))


async def test_a_rep_made_in_the_crm_cannot_create_a_prospect_they_would_lose(app):
    tenant = await company(app)
    add_user(app, tenant, "ines@acme.fr")  # a rep with no Sage CO_No
    async with browser_for(app, "ines@acme.fr") as ines:
        response = await post_form(ines, "/comptes/nouveau", PROSPECT)
    assert response.status_code == 403
    assert "n'est lié à aucun commercial de Sage 100" in text(response)
    assert 'value="Boulangerie Hérault"' in response.text
    assert await feed(app, tenant) == []


async def test_a_wrong_field_reshows_the_form_with_the_input_and_one_sentence(app):
    tenant = await company(app)
    async with browser_for(app, REMI) as remi:
        response = await post_form(
            remi,
            "/comptes/nouveau",
            {"name": "   ", "postcode": "3" * 21, "city": "Sète", "phone": "04 67 00 00 00"},
        )
    assert response.status_code == 400
    page = text(response)
    assert "« Nom » est obligatoire." in page
    assert "« Code postal » ne doit pas dépasser 20 caractères." in page
    assert page.count('class="field-error"') == 2
    assert 'value="Sète"' in page and 'value="04 67 00 00 00"' in page
    assert f'value="{"3" * 21}"' in page
    assert await feed(app, tenant) == []


async def test_the_form_speaks_english_too(app):
    await company(app)
    async with browser_for(app, REMI) as remi:
        remi.cookies.set("lang", "en", domain="cloud.test")
        response = await post_form(remi, "/comptes/nouveau", {"name": ""})
    assert response.status_code == 400
    assert "“Name” is required." in response.text and "New prospect" in response.text


async def test_a_prospect_is_edited_and_only_real_changes_reach_the_feed(app):
    tenant = await company(app)
    async with browser_for(app, REMI) as remi:
        new_id = await create_prospect(remi)
        form = await remi.get(f"/comptes/{new_id}/modifier")
        assert form.status_code == 200 and 'value="Montpellier"' in form.text
        edited = {**PROSPECT, "city": "Sète", "phone": "04 67 11 22 33"}
        path = f"/comptes/{new_id}/modifier"
        response = await post_form(remi, path, edited)
        assert (response.status_code, response.headers["location"]) == (303, f"/comptes/{new_id}")
        again = await post_form(remi, path, edited)
        assert again.status_code == 303
        cleared = await post_form(remi, path, {**edited, "email": ""})
        assert cleared.status_code == 303
        wrong = await post_form(remi, path, {**edited, "name": ""})
        assert wrong.status_code == 400 and "« Nom » est obligatoire." in text(wrong)
    row = account(app, new_id)
    assert (row.city, row.phone, row.email, row.name) == (
        "Sète",
        "04 67 11 22 33",
        None,
        "Boulangerie Hérault",
    )
    assert row.account_type == "prospect" and row.sync_status == "pending"
    actions = [(c["action"], c["id"]) for c in await feed(app, tenant)]
    assert actions == [("created", new_id), ("updated", new_id), ("updated", new_id)]


async def test_a_client_is_read_only_and_says_sage_manages_it(app):
    tenant = await company(app)
    await seed(app, tenant)
    client_id = account_id_of(app, "C001")
    async with browser_for(app, REMI) as remi:
        page = await remi.get(f"/comptes/{client_id}")
        assert "il est géré dans Sage 100" in text(page)
        assert f"/comptes/{client_id}/modifier" not in page.text
        shown = await remi.get(f"/comptes/{client_id}/modifier")
        assert shown.status_code == 403
        assert messages.CLIENT_MASTERED_BY_SAGE in text(shown)
        assert 'class="record-form"' not in shown.text
        response = await remi.post(
            f"/comptes/{client_id}/modifier", data={"name": "Pirate", "csrf": csrf_of(page)}
        )
        assert response.status_code == 403 and messages.CLIENT_MASTERED_BY_SAGE in text(response)
    assert account(app, client_id).name == "Dupont SARL"
    assert await feed(app, tenant) == []


async def test_contacts_are_added_and_edited_at_a_sage_account(app):
    tenant = await company(app)
    await seed(app, tenant)
    client_id = account_id_of(app, "C001")
    async with browser_for(app, REMI) as remi:
        page = await remi.get(f"/comptes/{client_id}")
        path = f"/comptes/{client_id}/contacts/nouveau"
        assert f'href="{path}"' in page.text and 'id="contacts-wait"' not in page.text
        response = await post_form(
            remi,
            path,
            {"title": "Mme", "first_name": "Anne", "last_name": "Martin", "email": "a@dupont.fr"},
        )
        assert response.status_code == 303, response.text
        contact_id = int(response.headers["location"].rsplit("/", 1)[1])
        assert response.headers["location"] == f"/contacts/{contact_id}"
        shown = await remi.get(f"/contacts/{contact_id}")
        assert "Anne Martin" in shown.text and "En attente de synchronisation" in shown.text
        account_page = await remi.get(f"/comptes/{client_id}")
        assert f'<tr data-id="{contact_id}">' in account_page.text
        form = await remi.get(f"/contacts/{contact_id}/modifier")
        assert "<option selected>Mme</option>" in form.text and 'value="Anne"' in form.text
        edit = f"/contacts/{contact_id}/modifier"
        wrong = await post_form(remi, edit, {"last_name": "", "job_title": "Gérante"})
        assert wrong.status_code == 400
        assert "« Nom » est obligatoire." in text(wrong) and 'value="Gérante"' in text(wrong)
        done = await post_form(remi, edit, {"last_name": "Martin", "job_title": "Gérante"})
        assert done.status_code == 303
    row = contact(app, contact_id)
    assert (row.account_ext_id, row.sales_rep_ext_id, row.owner_id) == (
        "C001",
        "CO1",
        user_id(app, REMI),
    )
    assert (row.first_name, row.title, row.job_title) == (None, None, "Gérante")
    actions = [(c["entity"], c["action"]) for c in await feed(app, tenant)]
    assert actions == [("contacts", "created"), ("contacts", "updated")]


async def test_a_contact_is_added_at_a_prospect_sage_does_not_hold_yet(app):
    tenant = await company(app)
    async with browser_for(app, REMI) as remi:
        new_id = await create_prospect(remi)
        path = f"/comptes/{new_id}/contacts/nouveau"
        page = await remi.get(f"/comptes/{new_id}")
        assert f'href="{path}"' in page.text
        assert "Ses contacts rejoindront Sage 100 avec lui." in text(page)
        response = await post_form(remi, path, {"last_name": "Martin"})
        assert response.status_code == 303, response.text
        contact_id = int(response.headers["location"].rsplit("/", 1)[1])
        shown = await remi.get(f"/contacts/{contact_id}")
        assert "Martin" in shown.text and "En attente de synchronisation" in shown.text
        account_page = await remi.get(f"/comptes/{new_id}")
        assert f'<tr data-id="{contact_id}">' in account_page.text
        remi.cookies.set("lang", "en", domain="cloud.test")
        english = await remi.get(f"/comptes/{new_id}")
        assert "Its contacts will reach Sage 100 with it." in text(english)
    row = contact(app, contact_id)
    assert (row.account_id, row.account_ext_id, row.sync_status) == (new_id, "", "pending")
    actions = [(c["entity"], c["action"]) for c in await feed(app, tenant)]
    assert actions == [("accounts", "created"), ("contacts", "created")]


async def test_deleting_a_contact_is_refused_with_the_reason(app):
    tenant = await company(app)
    await seed(app, tenant)
    async with browser_for(app, REMI) as remi:
        [contact_id] = ids(await remi.get("/contacts?q=durand"))
        page = await remi.get(f"/contacts/{contact_id}")
        assert f'action="/contacts/{contact_id}/supprimer"' in page.text
        response = await remi.post(
            f"/contacts/{contact_id}/supprimer", data={"csrf": csrf_of(page)}
        )
        assert response.status_code == 403
        assert messages.CONTACT_DELETED_IN_SAGE in text(response)
        assert (await remi.get(f"/contacts/{contact_id}")).status_code == 200
    row = contact(app, contact_id)
    assert not row.deleted
    assert await feed(app, tenant) == []


async def test_another_reps_or_companys_records_are_404_and_forms_need_the_csrf(app):
    tenant = await company(app)
    await seed(app, tenant)
    other = await company(app, name="BETA", email="bob@beta.fr")
    await seed(app, other)
    with app.db.read() as session:  # both instances have a C001
        client_id, beta_id = (
            session.execute(
                select(Account.id).where(
                    Account.instance_id == t.instance_id, Account.ext_id == "C001"
                )
            ).scalar_one()
            for t in (tenant, other)
        )
    async with browser_for(app, REMI) as remi:
        new_id = await create_prospect(remi)
        [remis_contact] = ids(await remi.get("/contacts?q=durand"))
        without = await remi.post(f"/comptes/{new_id}/modifier", data={"name": "X"})
        assert without.status_code == 400
    async with browser_for(app, SARA) as sara:
        csrf = csrf_of(await sara.get("/comptes"))
        for path in (
            f"/comptes/{new_id}/modifier",
            f"/comptes/{client_id}/contacts/nouveau",
            f"/contacts/{remis_contact}/modifier",
            f"/comptes/{beta_id}/modifier",
        ):
            assert (await sara.get(path)).status_code == 404, path
            posted = await sara.post(path, data={"name": "X", "last_name": "X", "csrf": csrf})
            assert posted.status_code == 404, path
        refused = await sara.post(f"/contacts/{remis_contact}/supprimer", data={"csrf": csrf})
        assert refused.status_code == 404
        assert (await sara.get("/comptes/abc/modifier")).status_code == 404
    async with browser_for(app, ADMIN) as admin:
        assert (await admin.get(f"/comptes/{new_id}/modifier")).status_code == 200
        assert (await admin.get(f"/comptes/{beta_id}/modifier")).status_code == 404
    assert account(app, new_id).name == PROSPECT["name"]


async def test_a_sync_error_shows_its_reason_in_the_lists_and_the_page(app):
    await company(app)
    async with browser_for(app, REMI) as remi:
        new_id = await create_prospect(remi)
        reason = "Le nom dépasse les 35 caractères de CT_Intitule."
        with app.db.write() as session:
            session.execute(
                update(Account)
                .where(Account.id == new_id)
                .values(sync_status="error", sync_detail=reason)
            )
        for path in ("/comptes", f"/comptes/{new_id}"):
            page = text(await remi.get(path))
            assert "Erreur de synchronisation" in page and reason in page, path


async def test_every_field_of_the_prospect_form_is_saved(app):
    await company(app)
    typed = {field.name: f"{field.name[:3]}1" for field in ACCOUNT_FIELDS} | {"email": "a@b.fr"}
    async with browser_for(app, REMI) as remi:
        new_id = await create_prospect(remi, **typed)
    row = account(app, new_id)
    assert {name: getattr(row, name) for name in typed} == typed


async def test_every_form_without_the_session_csrf_is_refused(app):
    tenant = await company(app)
    await seed(app, tenant)
    client_id = account_id_of(app, "C001")
    async with browser_for(app, REMI) as remi:
        [contact_id] = ids(await remi.get("/contacts?q=durand"))
        for path in (
            "/comptes/nouveau",
            f"/comptes/{client_id}/modifier",
            f"/comptes/{client_id}/contacts/nouveau",
            f"/contacts/{contact_id}/modifier",
            f"/contacts/{contact_id}/supprimer",
        ):
            for forged in ({}, {"csrf": "forged"}):
                response = await remi.post(path, data={**forged, "name": "X", "last_name": "X"})
                assert response.status_code == 400, path
                assert "Le formulaire a expiré" in text(response), path
    assert await feed(app, tenant) == []
    assert contact(app, contact_id).last_name == "Durand"
