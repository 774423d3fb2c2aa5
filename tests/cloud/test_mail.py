"""Mail, the welcome e-mail and the password page, against the real app."""

import os
import re
import socket
import stat
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from argon2 import PasswordHasher
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import OutboxMessage, PasswordToken, User
from ssm.cloud.services.passwords import csrf_token

pytestmark = pytest.mark.anyio

LINK = re.compile(r"http://[^\s]+/password/([A-Za-z0-9_-]+)")
GOOD = "correct horse battery"


def eml_files(app) -> list[Path]:
    folder = app.outbox
    return sorted(folder.glob("*.eml"))


def read_eml(path: Path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def token_of(app) -> str:
    (path,) = eml_files(app)
    match = LINK.search(read_eml(path).get_content())
    assert match is not None
    return match.group(1)


def dump(app) -> str:
    """Every table's rows as text: what an attacker with the database would see."""
    return app.dump()


async def submit(app, token, password=GOOD, confirmation=None, csrf=None):
    return await app.client.post(
        f"/password/{token}",
        data={
            "password": password,
            "confirmation": password if confirmation is None else confirmation,
            "csrf": csrf_token(token) if csrf is None else csrf,
        },
    )


async def test_activation_stores_and_writes_the_welcome_email(app):
    tenant = await app.tenant(company="Dupont SARL")
    (path,) = eml_files(app)
    message = read_eml(path)
    assert message["To"] == "alice@example.fr"
    assert message["Subject"] == messages.WELCOME_SUBJECT
    body = message.get_content()
    assert "Bonjour Alice" in body and "Dupont SARL" in body and "72 heures" in body
    assert LINK.search(body).group(0).startswith("http://cloud.test/password/")
    outbox = (await app.client.get("/api/v4/outbox", headers=tenant.headers)).json()
    assert len(outbox) == 1
    entry = outbox[0]
    assert entry["recipient"] == "alice@example.fr"
    assert entry["transport"] == "file"
    assert entry["sentAt"] is not None and entry["error"] is None
    assert messages.MASKED_LINK in entry["body"]
    assert "/password/" not in entry["body"]


async def test_outbox_files_are_the_owners_alone(app):
    """F8 of issue 12: a welcome e-mail holds a live password link; it was 0644 in 0755."""
    previous = os.umask(0o022)
    try:
        await app.tenant(company="Dupont SARL")
    finally:
        os.umask(previous)
    (path,) = eml_files(app)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_public_url_setting_builds_the_link(cloud):
    app = await cloud(public_url="https://crm.example.fr/")
    await app.tenant()
    (path,) = eml_files(app)
    assert "https://crm.example.fr/password/" in read_eml(path).get_content()


async def test_token_is_stored_hashed_only(app):
    await app.tenant()
    token = token_of(app)
    assert token not in dump(app)
    with app.db.read() as session:
        assert len(session.scalars(select(PasswordToken.token_hash)).one()) == 64


async def test_link_sets_the_password_once(app):
    await app.tenant()
    token = token_of(app)
    form = await app.client.get(f"/password/{token}")
    assert form.status_code == 200
    assert "Choisissez votre mot de passe" in form.text
    assert csrf_token(token) in form.text
    done = await submit(app, token)
    assert done.status_code == 200
    assert messages.MDP_CHANGED in done.text.replace("&#39;", "'")
    with app.db.read() as session:
        admin = session.scalars(select(User)).one()
    assert admin.password_hash is not None and GOOD not in dump(app)
    assert PasswordHasher().verify(admin.password_hash, GOOD)
    again = await submit(app, token, password="another password 123")
    assert again.status_code == 410
    assert "déjà servi" in again.text
    assert (await app.client.get(f"/password/{token}")).status_code == 410
    with app.db.read() as session:
        assert session.scalars(select(User.password_hash)).one() == admin.password_hash


@pytest.mark.parametrize(
    ("password", "confirmation", "message"),
    [
        ("court", "court", "au moins 12 caractères"),
        (GOOD, GOOD + "!", "ne sont pas identiques"),
    ],
)
async def test_bad_passwords_are_refused_and_nothing_stored(app, password, confirmation, message):
    await app.tenant()
    token = token_of(app)
    response = await submit(app, token, password, confirmation)
    assert response.status_code == 400
    assert message in response.text
    with app.db.read() as session:
        assert session.scalars(select(User.password_hash)).one() is None
        assert session.scalars(select(PasswordToken.used_at)).one() is None
    assert (await submit(app, token)).status_code == 200


async def test_wrong_csrf_is_refused(app):
    await app.tenant()
    token = token_of(app)
    response = await submit(app, token, csrf="forged")
    assert response.status_code == 400
    assert "formulaire a expiré" in response.text


async def test_unknown_token_is_refused(app):
    for method in ("get", "post"):
        response = await getattr(app.client, method)("/password/nope")
        assert response.status_code == 404
        assert "n'est pas valide" in response.text.replace("&#39;", "'")


async def test_expired_token_is_refused(app):
    await app.tenant()
    token = token_of(app)
    later = datetime.now(UTC) + timedelta(hours=73)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    for response in (await app.client.get(f"/password/{token}"), await submit(app, token)):
        assert response.status_code == 410
        assert "a expiré" in response.text
    with app.db.read() as session:
        assert session.scalars(select(User.password_hash)).one() is None


async def test_outbox_is_isolated_between_tenants(app):
    first = await app.tenant(company="Un")
    second = await app.tenant(company="Deux")
    one = (await app.client.get("/api/v4/outbox", headers=first.headers)).json()
    two = (await app.client.get("/api/v4/outbox", headers=second.headers)).json()
    assert len(one) == len(two) == 1
    assert "Un" in one[0]["body"] and "Deux" in two[0]["body"]
    assert one[0]["id"] != two[0]["id"]
    assert (await app.client.get("/api/v4/outbox")).status_code == 401


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


async def test_welcome_email_goes_through_a_real_smtp_server(cloud):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = await cloud(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        tenant = await app.tenant()
    finally:
        controller.stop()
    (received,) = inbox.messages
    assert received["To"] == "alice@example.fr"
    body = received.get_payload(decode=True).decode("utf-8")
    token = LINK.search(body).group(1)
    assert eml_files(app) == []
    (entry,) = (await app.client.get("/api/v4/outbox", headers=tenant.headers)).json()
    assert entry["transport"] == "smtp" and entry["sentAt"] and entry["error"] is None
    assert (await submit(app, token)).status_code == 200


async def test_failed_smtp_send_is_recorded_and_kept(cloud):
    app = await cloud(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)
    tenant = await app.tenant()
    (entry,) = (await app.client.get("/api/v4/outbox", headers=tenant.headers)).json()
    assert entry["transport"] == "smtp"
    assert entry["sentAt"] is None
    assert "ConnectionRefusedError" in entry["error"]
    assert len(eml_files(app)) == 1
    with app.db.read() as session:
        assert session.scalars(select(OutboxMessage.error)).one() == entry["error"]
