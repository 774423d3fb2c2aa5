"""« Inviter » and « Resynchroniser »: the e-mail, its link, the rep's first login, the API."""

from datetime import UTC, datetime, timedelta

import pytest

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock

from .admin_helpers import act, browser_of, instance, user_id, user_row
from .web_helpers import LINK, choose_password, emails_to, last_token, sign_in, text

pytestmark = pytest.mark.anyio

SUBJECT = "Invitation à Sales Management"


def test_catalogue_holds_the_subject():
    assert messages.INVITATION_SUBJECT == SUBJECT


async def test_an_invitation_link_works_once_and_lets_the_rep_sign_in(app):
    tenant = await instance(app, company="Dupont SARL")
    bruno = user_id(app, "bruno@example.fr")
    async with app.browser() as before:  # not invited: no password, no way in
        assert (await sign_in(before, "bruno@example.fr")).status_code == 401
    async with browser_of(app, "alice@example.fr") as admin:
        response = await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        assert response.headers["location"] == f"/administration?ok=invited&utilisateur={bruno}"
        page = text(await admin.get(response.headers["location"]))
    assert "Invitation envoyée à Bruno Durand" in page
    assert f'action="/administration/utilisateurs/{bruno}/resynchroniser"' in page
    [invitation] = emails_to(app, "bruno@example.fr")
    assert invitation["Subject"] == SUBJECT
    welcome = emails_to(app, "alice@example.fr")[0]
    assert welcome["Subject"] != SUBJECT  # an invitation is not the welcome e-mail
    body = invitation.get_content()
    assert "Bonjour Bruno" in body and "Alice Martin" in body and "Dupont SARL" in body
    assert "72 heures" in body and LINK.search(body)
    row = user_row(app, bruno)
    assert row.invited and row.invited_at is not None
    token = last_token(app, "bruno@example.fr")
    await choose_password(app, "bruno@example.fr")
    assert (await app.client.get(f"/password/{token}")).status_code == 410  # single use
    async with browser_of(app, "bruno@example.fr") as rep:
        home = text(await rep.get("/"))
    assert "Bonjour Bruno" in home and "Dupont SARL" in home
    stored = (await app.client.get("/api/v4/outbox", headers=tenant.headers)).json()[0]
    assert stored["subject"] == SUBJECT
    assert messages.MASKED_LINK in stored["body"] and token not in stored["body"]
    async with browser_of(app, "alice@example.fr") as admin:
        assert 'data-status="active"' in (await admin.get("/administration")).text


async def test_an_invitation_link_expires(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
    token = last_token(app, "bruno@example.fr")
    later = datetime.now(UTC) + timedelta(hours=73)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    page = await app.client.get(f"/password/{token}")
    assert page.status_code == 410 and "Recevoir un nouveau lien" in text(page)


async def test_inviting_again_sends_a_new_link(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        first = last_token(app, "bruno@example.fr")
        assert "Renvoyer l'invitation" in text(await admin.get("/administration"))
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
    assert len(emails_to(app, "bruno@example.fr")) == 2
    assert last_token(app, "bruno@example.fr") != first


async def test_a_deactivated_user_cannot_be_invited(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/desactiver")
        refused = await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
    assert refused.headers["location"] == "/administration?erreur=deactivated"
    assert emails_to(app, "bruno@example.fr") == []


async def test_resync_round_trip_through_the_api(app):
    tenant = await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    api = tenant.headers
    assert (await app.client.get("/api/v4/integration/requests", headers=api)).json() == []
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        response = await act(admin, f"/administration/utilisateurs/{bruno}/resynchroniser")
        assert response.headers["location"] == f"/administration?ok=resync&utilisateur={bruno}"
        await act(admin, f"/administration/utilisateurs/{bruno}/resynchroniser")  # twice: one
        page = text(await admin.get(response.headers["location"]))
    assert "Resynchronisation demandée pour Bruno Durand" in page
    listed = await app.client.get("/api/v4/integration/requests", headers=api)
    assert listed.status_code == 200
    [request] = listed.json()
    assert request["entities"] == ["accounts", "invoices", "quotes"]
    assert request["userEmail"] == "bruno@example.fr" and request["userExtId"] == "1"
    assert request["requestedAt"].endswith("Z") and request["status"] == "pending"
    done = await app.client.post(
        f"/api/v4/integration/requests/{request['id']}/done",
        json={"status": "done", "detail": "12 comptes, 40 factures, 3 devis"},
        headers=api,
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["doneAt"]
    assert (await app.client.get("/api/v4/integration/requests", headers=api)).json() == []
    again = await app.client.post(
        f"/api/v4/integration/requests/{request['id']}/done", json={"status": "done"}, headers=api
    )
    assert again.status_code == 200  # a retried report is safe
    other = await app.client.post(
        f"/api/v4/integration/requests/{request['id']}/done",
        json={"status": "failed"},
        headers=api,
    )
    assert other.status_code == 409 and other.json()["code"] == "conflict"
    async with browser_of(app, "alice@example.fr") as admin:
        assert "Resynchronisation terminée" in text(await admin.get("/administration"))


async def test_resync_api_needs_a_session_and_a_valid_body(app):
    tenant = await instance(app)
    assert (await app.client.get("/api/v4/integration/requests")).status_code == 401
    bad = await app.client.post(
        "/api/v4/integration/requests/1/done", json={"status": "maybe"}, headers=tenant.headers
    )
    assert bad.status_code == 422
    missing = await app.client.post(
        "/api/v4/integration/requests/999/done", json={"status": "done"}, headers=tenant.headers
    )
    assert missing.status_code == 404
