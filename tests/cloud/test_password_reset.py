"""« Recevoir un nouveau lien » and « Mot de passe oublié ? », through the real app."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import OutboxMessage, PasswordToken

from .web_helpers import (
    GOOD,
    LINK,
    choose_password,
    csrf_of,
    emails_to,
    eml_files,
    last_token,
    sign_in,
    text,
)

pytestmark = pytest.mark.anyio

SENT = "Si un compte correspond à cette adresse, un nouveau lien vient de lui être envoyé."
SUBJECT = "Réinitialisation de votre mot de passe"
NEW = "a brand new password"


def test_catalogue_holds_the_sentences():
    assert messages.MDP_FORGOT_SENT == SENT
    assert messages.RESET_SUBJECT == SUBJECT


async def ask(client, email: str, page: str = "/password/forgot"):
    """Open ``page`` (for the form's anti-forgery field and cookie) and ask for a link."""
    shown = await client.get(page)
    return await client.post("/password/forgot", data={"email": email, "csrf": csrf_of(shown)})


async def test_forgot_page_is_a_french_email_form(app):
    page = await app.client.get("/password/forgot")
    assert page.status_code == 200
    assert "Recevoir un nouveau lien" in page.text
    assert 'action="/password/forgot"' in page.text and 'type="email"' in page.text
    assert "ssm_csrf" in page.cookies


async def test_login_page_links_to_the_forgot_form(app):
    page = await app.client.get("/login")
    assert "Mot de passe oublié ?" in page.text
    assert 'href="/password/forgot"' in page.text


async def test_a_known_email_gets_a_reset_email_whose_link_works_once(app):
    tenant = await app.tenant(company="Dupont SARL")
    async with app.browser() as browser:
        response = await ask(browser, "alice@example.fr")
    assert response.status_code == 200
    assert SENT in text(response)
    welcome, reset = emails_to(app, "alice@example.fr")
    assert reset["Subject"] == SUBJECT
    body = reset.get_content()
    assert "Bonjour Alice" in body and "Dupont SARL" in body and "72 heures" in body
    token = last_token(app, "alice@example.fr")
    assert token != LINK.search(welcome.get_content()).group(1)
    await choose_password(app, "alice@example.fr", NEW)
    again = await app.client.get(f"/password/{token}")
    assert again.status_code == 410
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", NEW)).status_code == 303
    (stored, _) = (await app.client.get("/api/v4/outbox", headers=tenant.headers)).json()
    assert stored["subject"] == SUBJECT
    assert messages.MASKED_LINK in stored["body"] and token not in stored["body"]


async def test_an_unknown_email_gets_the_same_answer_and_no_email(app):
    await app.tenant()
    async with app.browser() as browser:
        known = await ask(browser, "alice@example.fr")
        unknown = await ask(browser, "nobody@example.fr")
    assert (unknown.status_code, unknown.text) == (known.status_code, known.text)
    assert len(eml_files(app)) == 2  # the welcome and one reset, none for nobody
    assert emails_to(app, "nobody@example.fr") == []


async def test_the_email_is_matched_without_case_or_spaces(app):
    await app.tenant()
    async with app.browser() as browser:
        await ask(browser, "  Alice@EXAMPLE.fr ")
    assert [m["Subject"] for m in emails_to(app, "alice@example.fr")][-1] == SUBJECT


async def test_an_expired_link_offers_a_new_one_that_works(app):
    await app.tenant()
    old = last_token(app, "alice@example.fr")
    later = datetime.now(UTC) + timedelta(hours=73)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    async with app.browser() as browser:
        page = await browser.get(f"/password/{old}")
        assert page.status_code == 410
        assert "a expiré" in text(page)
        assert "Recevoir un nouveau lien" in page.text
        assert 'action="/password/forgot"' in page.text
        response = await browser.post(
            "/password/forgot", data={"email": "alice@example.fr", "csrf": csrf_of(page)}
        )
    assert SENT in text(response)
    new = last_token(app, "alice@example.fr")
    assert new != old
    await choose_password(app, "alice@example.fr")
    assert (await app.client.get(f"/password/{old}")).status_code == 410
    assert (await app.client.get(f"/password/{new}")).status_code == 410
    with app.db.read() as session:
        tokens = session.scalars(select(PasswordToken).order_by(PasswordToken.id)).all()
    assert [token.used_at is not None for token in tokens] == [False, True]


async def test_a_used_link_offers_a_new_one(app):
    await app.tenant()
    token = last_token(app, "alice@example.fr")
    await choose_password(app, "alice@example.fr")
    async with app.browser() as browser:
        response = await ask(browser, "alice@example.fr", page=f"/password/{token}")
    assert SENT in text(response)
    assert emails_to(app, "alice@example.fr")[-1]["Subject"] == SUBJECT


async def test_the_form_without_its_anti_forgery_field_sends_nothing(app):
    await app.tenant()
    async with app.browser() as browser:
        await browser.get("/password/forgot")
        response = await browser.post(
            "/password/forgot", data={"email": "alice@example.fr", "csrf": "forged"}
        )
    assert response.status_code == 400
    assert "Le formulaire a expiré" in text(response)
    assert len(emails_to(app, "alice@example.fr")) == 1


async def test_a_sales_rep_not_yet_invited_gets_no_link(app):
    tenant = await app.tenant()
    upsert = await app.client.post(
        "/api/v4/users/upsert",
        headers=tenant.headers,
        json=[{"extId": "CO7", "firstName": "Bruno", "email": "bruno@example.fr"}],
    )
    assert upsert.json()[0]["status"] == "created"
    async with app.browser() as browser:
        response = await ask(browser, "bruno@example.fr")
    assert SENT in text(response)
    assert emails_to(app, "bruno@example.fr") == []


async def test_one_email_in_two_instances_gets_one_link_per_instance(app):
    await app.tenant(company="Alpha SA")
    await app.tenant(company="Beta SARL")
    async with app.browser() as browser:
        await ask(browser, "alice@example.fr")
    resets = [m for m in emails_to(app, "alice@example.fr") if m["Subject"] == SUBJECT]
    bodies = sorted(m.get_content() for m in resets)
    assert len(bodies) == 2
    assert "Alpha SA" in bodies[0] and "Beta SARL" in bodies[1]
    with app.db.read() as session:
        instances = session.scalars(
            select(OutboxMessage.instance_id).where(OutboxMessage.subject == SUBJECT)
        ).all()
    assert len(set(instances)) == 2


async def test_password_still_works_after_an_unused_reset_request(app):
    await app.tenant()
    await choose_password(app, "alice@example.fr")
    async with app.browser() as browser:
        await ask(browser, "alice@example.fr")
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 303
