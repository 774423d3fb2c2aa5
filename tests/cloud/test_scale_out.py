"""Two ``ssm-cloud serve`` processes on one PostgreSQL database are one service.

The cloud keeps no state in process memory: API and web sessions, activation keys, password
links, the outbox and rate limits are rows. So a client that moves from one server to the
other between two calls (a load balancer without sticky sessions) sees one consistent
service. Both servers start together on an empty database, so they also race to migrate it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from email import message_from_bytes, policy
from pathlib import Path

import httpx
import pytest

from .server_helpers import SSM_CLOUD, free_port, issue_key, wait_healthy
from .web_helpers import CSRF, LINK

PASSWORD = "correct horse battery"


def _serve(
    stack: ExitStack, name: str, env: dict[str, str], folder: Path
) -> tuple[str, subprocess.Popen[bytes], Path]:
    """Start ``ssm-cloud serve`` on a free loopback port: its base URL, process and log."""
    port = free_port()
    log_path = folder / f"serve-{name}.log"
    log = stack.enter_context(log_path.open("w"))
    process = subprocess.Popen(
        [SSM_CLOUD, "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    stack.callback(stop)
    return f"http://127.0.0.1:{port}", process, log_path


@pytest.fixture
def two_servers(postgres_server, tmp_path) -> Iterator[tuple[str, str, str, Path]]:
    """Servers A and B on one new, empty PostgreSQL database and one mail folder."""
    url = postgres_server.create_database(template="template0")
    mail = tmp_path / "outbox"
    env = {key: value for key, value in os.environ.items() if not key.startswith("SSM_CLOUD_")} | {
        "SSM_CLOUD_DATABASE_URL": url,
        "SSM_CLOUD_MAIL_DIR": str(mail),
        "SSM_CLOUD_RATE_LIMIT_ACTIVATION_PER_IP": "5",
    }
    with ExitStack() as stack:
        stack.callback(postgres_server.drop_database, url)
        started = [_serve(stack, name, env, tmp_path) for name in ("a", "b")]
        for base_url, process, log_path in started:
            wait_healthy(base_url, process, log_path, seconds=30)
        yield started[0][0], started[1][0], url, mail


def _activation(key: str) -> dict[str, object]:
    return {
        "activationKey": key,
        "companyName": "Deux Serveurs SA",
        "administrator": {"firstName": "Léa", "lastName": "Roy", "email": "lea@roy.fr"},
    }


def test_a_client_moving_between_two_servers_sees_one_service(two_servers):
    a, b, database_url, mail = two_servers
    key = issue_key(database_url)
    with httpx.Client(timeout=30) as client:
        # An activation key redeemed on A is refused on B.
        activated = client.post(f"{a}/api/v4/activation", json=_activation(key))
        assert activated.status_code == 201, activated.text
        again = client.post(f"{b}/api/v4/activation", json=_activation(key))
        assert again.status_code == 400
        assert again.json()["code"] == "invalid_activation_key"
        keys = activated.json()

        # Log in on A, use the token on B.
        login = client.post(
            f"{a}/api/v4/login",
            json={"username": keys["publicKey"], "password": keys["privateKey"]},
        )
        assert login.status_code == 200, login.text
        headers = {"X-Session-Key": login.json()["token"]}
        assert client.get(f"{b}/api/v4/accounts", headers=headers).status_code == 200

        # Upsert on A, read on B; the same batch again on B changes nothing.
        items = [{"extId": f"C{i}", "name": f"Client {i}"} for i in range(50)]
        created = client.post(f"{a}/api/v4/accounts/upsert", json=items, headers=headers)
        assert {r["status"] for r in created.json()} == {"created"}
        listed = client.get(f"{b}/api/v4/accounts", headers=headers | {"X-FM-Entity-Count": "100"})
        assert listed.headers["X-FM-Total-Count"] == "50"
        assert {r["extId"] for r in listed.json()} == {f"C{i}" for i in range(50)}
        unchanged = client.post(f"{b}/api/v4/accounts/upsert", json=items, headers=headers)
        assert {r["status"] for r in unchanged.json()} == {"unchanged"}
        one = created.json()[0]["id"]
        assert client.get(f"{b}/api/v4/accounts/{one}", headers=headers).json()["extId"] == "C0"

        # A's outbox is B's.
        outbox = client.get(f"{b}/api/v4/outbox", headers=headers).json()
        assert [entry["recipient"] for entry in outbox] == ["lea@roy.fr"]

        # The welcome e-mail's password link, issued by A, works on B, once.
        (eml,) = sorted(mail.glob("*.eml"))
        body = message_from_bytes(eml.read_bytes(), policy=policy.default).get_content()
        match = LINK.search(body)
        assert match is not None, body
        token = match.group(1)
        page = client.get(f"{b}/password/{token}")
        assert page.status_code == 200, page.text
        csrf = CSRF.search(page.text)
        assert csrf is not None, page.text
        form = {"password": PASSWORD, "confirmation": PASSWORD, "csrf": csrf.group(1)}
        chosen = client.post(f"{b}/password/{token}", data=form)
        assert chosen.status_code == 200, chosen.text
        assert client.get(f"{a}/password/{token}").status_code != 200  # used, on A too

        # A web login on B is a web session on A.
        login_page = client.get(f"{b}/login")
        csrf = CSRF.search(login_page.text)
        assert csrf is not None, login_page.text
        signed_in = client.post(
            f"{b}/login",
            data={"email": "lea@roy.fr", "password": PASSWORD, "csrf": csrf.group(1)},
        )
        assert signed_in.status_code == 303, signed_in.text
        home = client.get(f"{a}/")
        assert home.status_code == 200, home.text
        assert "Deux Serveurs SA" in home.text

        # Rate limits are counted in the database: 5 activations a minute across A and B
        # (two above, three here), then the sixth, on either server, is refused.
        for server in (a, b, a):
            refused = client.post(f"{server}/api/v4/activation", json=_activation("SSM-NOPE"))
            assert refused.status_code in (400, 422), refused.text
        limited = client.post(f"{b}/api/v4/activation", json=_activation("SSM-NOPE"))
        assert limited.status_code == 429, limited.text
