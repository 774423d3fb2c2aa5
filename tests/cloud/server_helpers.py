"""A real ``ssm-cloud serve`` on a free loopback port, for tests that need the real server."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

SSM_CLOUD = str(Path(sys.executable).with_name("ssm-cloud"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(
    base_url: str, process: subprocess.Popen[bytes], log_path: Path, seconds: float = 15
) -> None:
    """Wait until the server at ``base_url`` answers its health check; fail if it died."""
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base_url) as client:
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if client.get("/-/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{base_url} did not answer in {seconds} s"
            time.sleep(0.05)


@dataclass
class Served:
    """A running server: where it answers, its database, its process and its output."""

    base_url: str
    port: int
    database: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def serving(folder: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``ssm-cloud serve [args]`` on a SQLite file in ``folder`` until the block ends."""
    database = f"sqlite:///{folder / 'served.sqlite'}"
    port = free_port()
    log_path = folder / "serve.log"
    command = [SSM_CLOUD, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*command, "--database", database, *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base_url, process, log_path)
            yield Served(base_url, port, database, process, log_path)
        finally:
            process.terminate()
            process.wait(timeout=10)


def issue_key(database: str) -> str:
    """A fresh activation key from ``ssm-cloud keys issue``, as an operator issues one."""
    result = subprocess.run(
        [SSM_CLOUD, "keys", "issue", "--database", database, "--expires-in-days", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def activated_session(client: httpx.Client, database: str, company: str) -> dict[str, str]:
    """Activate a new instance with a fresh key and log its key pair in: the API's headers."""
    activated = client.post(
        "/api/v4/activation",
        json={
            "activationKey": issue_key(database),
            "companyName": company,
            "administrator": {"firstName": "Léa", "lastName": "Roy", "email": "lea@roy.fr"},
        },
    )
    assert activated.status_code == 201, activated.text
    keys = activated.json()
    login = client.post(
        "/api/v4/login", json={"username": keys["publicKey"], "password": keys["privateKey"]}
    )
    assert login.status_code == 200, login.text
    return {"X-Session-Key": login.json()["token"]}


@contextmanager
def served(app) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app.app, lifespan="off", log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
