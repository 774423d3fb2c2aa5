"""« Connecteur »: the connector's state, its errors and the API key pairs, through the real app.

The last test runs the app under uvicorn and drives the connector's own code with a pair
made on the page: the configuration's « Installation avancée » screen accepts it, a sync
call with it succeeds, and once the pair is revoked both fail with the French sentence.
"""

import re
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from sqlalchemy import update

from ssm.cloud.models import ApiKey, IntegrationStatus
from ssm.connector import messages as connector_messages
from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import CloudAuthError
from ssm.connector.wizard.configure import ConfigAnswers
from ssm.connector.wizard.configure.instance import InstanceScreen

from .admin_helpers import act, browser_of, instance, user_id
from .server_helpers import served
from .web_helpers import choose_password, text

pytestmark = pytest.mark.anyio

PAGE = "/administration/connecteur"
STREAMS = {
    "accounts": {
        "read": 12,
        "created": 3,
        "updated": 2,
        "deleted": 1,
        "failed": 1,
        "status": "partial",
        "finished_at": "2026-12-07T09:15:00+00:00",
    },
    "crm_to_sage": {"read": 0, "status": "succeeded"},
}


def private_key_of(page: str) -> str:
    match = re.search(r'id="new-private-key">([^<]+)<', page)
    assert match is not None, page
    return match.group(1)


def public_key_of(page: str) -> str:
    match = re.search(r'id="new-public-key">([^<]+)<', page)
    assert match is not None, page
    return match.group(1)


async def test_the_page_shows_a_running_connector_its_passes_and_its_errors(app):
    tenant = await instance(app)
    beat = {"connectorVersion": "9.8.7", "status": "running", "streams": STREAMS}
    sent = await app.client.put("/api/v4/integration/heartbeat", json=beat, headers=tenant.headers)
    assert sent.status_code == 204, sent.text
    account = {"extId": "C0042", "name": "Bijou SA"}
    stored = await app.client.post(
        "/api/v4/accounts/upsert", json=[account], headers=tenant.headers
    )
    assert stored.status_code == 200, stored.text
    refused = [{"resource": "accounts", "extId": "C0042", "message": "Code postal trop long"}]
    reported = await app.client.put(
        "/api/v4/integration/errors", json=refused, headers=tenant.headers
    )
    assert reported.status_code == 200, reported.text

    async with browser_of(app, "alice@example.fr") as admin:
        page = await admin.get(PAGE)
    assert page.status_code == 200
    shown = text(page)
    assert 'data-running="yes"' in page.text and "En cours" in shown
    assert re.search(rf'id="instance-id">{tenant.instance_id}<', page.text)
    assert "9.8.7" in shown
    # The stream's name in French, its pass in Paris time (09:15 UTC is 10:15 in December).
    assert re.search(r"Comptes</th><td>07/12/2026 10:15</td><td>Partiel</td><td>12</td>", page.text)
    assert "Envoi vers Sage 100" in shown
    assert "Enregistrements en erreur (1)" in shown
    assert "C0042" in shown and "Code postal trop long" in shown
    assert 'href="/administration/connecteur"' in page.text  # in the side menu


async def test_the_page_in_english_names_an_unknown_stream_as_sent(app):
    tenant = await instance(app)
    streams = {"invoices": {"read": 1, "status": "failed"}, "future_stream": {"read": 2}}
    beat = {"connectorVersion": "9.8.7", "status": "running", "streams": streams}
    await app.client.put("/api/v4/integration/heartbeat", json=beat, headers=tenant.headers)
    async with browser_of(app, "alice@example.fr", lang="en") as admin:
        page = await admin.get(PAGE)
    shown = text(page)
    assert "Running" in shown and "API keys" in shown and "Create a key pair" in shown
    assert re.search(r"Invoices</th><td></td><td>Failed</td><td>1</td>", page.text)
    assert "future_stream</th>" in page.text


async def test_a_silent_or_stopped_connector_shows_as_stopped(app):
    tenant = await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        never = text(await admin.get(PAGE))
        assert "Arrêté" in never and "Aucun signal reçu" in never
        beat = {"connectorVersion": "1.0", "status": "running"}
        await app.client.put("/api/v4/integration/heartbeat", json=beat, headers=tenant.headers)
        assert "En cours" in text(await admin.get(PAGE))
        with app.db.write() as session:
            session.execute(
                update(IntegrationStatus).values(
                    received_at=datetime.now(UTC) - timedelta(minutes=6)
                )
            )
        assert 'data-running="no"' in (await admin.get(PAGE)).text
        beat["status"] = "stopped"
        await app.client.put("/api/v4/integration/heartbeat", json=beat, headers=tenant.headers)
        page = await admin.get(PAGE)
        assert 'data-running="no"' in page.text and "Arrêté" in text(page)


async def test_only_admins_open_the_page_and_each_plan_has_its_own(app):
    await instance(app)
    rep = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{rep}/inviter")
    await choose_password(app, "bruno@example.fr")
    async with browser_of(app, "bruno@example.fr") as browser:
        assert (await browser.get(PAGE)).status_code == 403
        assert (await act(browser, PAGE + "/cles")).status_code == 403
        assert 'href="/administration/connecteur"' not in (await browser.get("/")).text
    async with app.browser() as anonymous:
        refused = await anonymous.get(PAGE)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    async with browser_of(app, "alice@example.fr") as admin:
        moved = await admin.get("/admin/connecteur")
        assert (moved.status_code, moved.headers["location"]) == (303, PAGE)


async def test_the_professional_admin_finds_it_in_the_admin_menu(app):
    await instance(app, plan="professional")
    async with browser_of(app, "alice@example.fr") as admin:
        users = await admin.get("/admin")
        assert 'href="/admin/connecteur"' in users.text
        page = await admin.get("/admin/connecteur")
        assert page.status_code == 200 and 'class="admin"' in page.text
        assert 'href="/admin/connecteur" aria-current="page"' in page.text
        created = await act(admin, "/admin/connecteur/cles")
        assert created.status_code == 200 and private_key_of(created.text)


async def test_a_new_pair_shows_its_private_key_once_and_logs_in(app, caplog):
    tenant = await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        created = await act(admin, PAGE + "/cles")
        assert created.status_code == 200
        assert created.headers["cache-control"] == "no-store"
        public_key, private_key = public_key_of(created.text), private_key_of(created.text)
        assert "elle ne sera plus jamais affichée" in text(created)
        again = await admin.get(PAGE)
    assert public_key in again.text and private_key not in again.text
    assert private_key not in app.dump() and private_key not in caplog.text
    assert str(created.url).endswith(PAGE + "/cles") and private_key not in str(created.url)
    login = await app.login(public_key, private_key)
    assert login.status_code == 200, login.text
    company = await app.client.get(
        "/api/v4/integration/company", headers={"X-Session-Key": login.json()["token"]}
    )
    assert company.json()["instanceId"] == tenant.instance_id
    # The pair is listed with its creation, its last use (that login) and « Active ».
    row = re.search(
        rf'<tr data-key="\d+"><td>\d+</td><td class="secret">{public_key}</td>.*?</tr>', again.text
    )
    assert row is not None and "Active" in row.group(0)
    async with browser_of(app, "alice@example.fr") as admin:
        listed = await admin.get(PAGE)
    used = re.search(
        rf"{public_key}</td><td>[^<]+</td><td>(\d\d/\d\d/\d{{4}} \d\d:\d\d)<", listed.text
    )
    assert used is not None, listed.text


async def test_revoking_asks_first_then_refuses_the_pair_at_once(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        created = await act(admin, PAGE + "/cles")
        public_key, private_key = public_key_of(created.text), private_key_of(created.text)
        login = await app.login(public_key, private_key)
        headers = {"X-Session-Key": login.json()["token"]}
        assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 200
        with app.db.read() as session:
            key_id = session.query(ApiKey.id).filter(ApiKey.public_key == public_key).scalar()
        question = await admin.get(f"{PAGE}/cles/{key_id}/revoquer")
        assert question.status_code == 200
        assert f"Révoquer la paire de clés n° {key_id}" in text(question)
        assert f'action="{PAGE}/cles/{key_id}/revoquer"' in question.text
        # Nothing is revoked until the confirmation is posted.
        assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 200
        forged = await admin.post(f"{PAGE}/cles/{key_id}/revoquer", data={"csrf": "faux"})
        assert forged.status_code == 400
        assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 200
        done = await act(admin, f"{PAGE}/cles/{key_id}/revoquer")
        assert (done.status_code, done.headers["location"]) == (303, f"{PAGE}?revoquee={key_id}")
        page = await admin.get(done.headers["location"])
        assert f"La paire de clés n° {key_id} est révoquée." in text(page)
        assert "Révoquée le " in text(page)
    # The open session fails at once, and so does a new login.
    assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 401
    assert (await app.login(public_key, private_key)).status_code == 401


async def test_create_and_revoke_need_the_form_token_and_stay_in_the_instance(app):
    other = await instance(app, company="Autre", email="zoe@example.fr", reps=[])
    await instance(app)
    with app.db.read() as session:
        foreign = session.query(ApiKey.id).filter(ApiKey.instance_id == other.instance_id).scalar()
    async with browser_of(app, "alice@example.fr") as admin:
        assert (await admin.post(PAGE + "/cles", data={"csrf": "faux"})).status_code == 400
        assert (await admin.get(PAGE)).text.count("<tr data-key=") == 1  # activation's pair
        assert (await admin.get(f"{PAGE}/cles/{foreign}/revoquer")).status_code == 404
        assert (await act(admin, f"{PAGE}/cles/{foreign}/revoquer")).status_code == 404
        assert (await admin.get(f"{PAGE}/cles/99999999999/revoquer")).status_code in (404, 422)
    assert (await app.client.get("/api/v4/accounts", headers=other.headers)).status_code == 200


def advanced_screen(url: str, instance_id: int, public_key: str, private_key: str) -> list[str]:
    """« Installation avancée »: the configuration wizard's screen checks the pair."""
    answers = ConfigAnswers(mode="avancee")
    form = {
        "cloud_url": url,
        "instance_id": str(instance_id),
        "public_key": public_key,
        "private_key": private_key,
    }
    return InstanceScreen().validate(answers, form)


def sync_call(url: str, public_key: str, private_key: str) -> None:
    """A sync call as ``ssm-connector run`` makes it: the connector's client upserts."""
    with CrmClient(url, public_key, private_key, max_attempts=1) as crm:
        crm.upsert("accounts", [{"extId": "C0077", "name": "Par la nouvelle paire"}])
        crm.heartbeat("running", {}, "9.9.9")


async def test_a_pair_from_the_page_configures_the_advanced_install_until_revoked(app):
    tenant = await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        created = await act(admin, PAGE + "/cles")
        public_key, private_key = public_key_of(created.text), private_key_of(created.text)
        with served(app) as url:
            found = await anyio.to_thread.run_sync(
                advanced_screen, url, tenant.instance_id, public_key, private_key
            )
            assert found == []
            await anyio.to_thread.run_sync(sync_call, url, public_key, private_key)
            assert "9.9.9" in text(await admin.get(PAGE))
            assert "Par la nouvelle paire" in text(await admin.get("/comptes"))
            with app.db.read() as session:
                key_id = session.query(ApiKey.id).filter(ApiKey.public_key == public_key).scalar()
            assert (await act(admin, f"{PAGE}/cles/{key_id}/revoquer")).status_code == 303
            refused = await anyio.to_thread.run_sync(
                advanced_screen, url, tenant.instance_id, public_key, private_key
            )
            assert refused == [connector_messages.CLOUD_AUTH_REFUSED]
            with pytest.raises(CloudAuthError) as failed:
                await anyio.to_thread.run_sync(sync_call, url, public_key, private_key)
    assert str(failed.value) == connector_messages.CLOUD_AUTH_REFUSED
    assert "a refusé les clés d'API" in connector_messages.CLOUD_AUTH_REFUSED
