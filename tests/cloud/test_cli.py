"""``ssm-cloud``: end to end against a real uvicorn on a free loopback port."""

import gc
import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ssm.cloud.app import get_database
from ssm.cloud.cli import worker_app
from ssm.cloud.settings import CloudSettings
from ssm.garbage_collector import GC_FIRST_THRESHOLD

from .server_helpers import SSM_CLOUD, issue_key, serving


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SSM_CLOUD, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def server(tmp_path, request):
    """``ssm-cloud serve`` on a free port; yields (base_url, database_url).

    Parametrize indirectly with a dict to add environment variables.
    """
    with serving(tmp_path, env=getattr(request, "param", {})) as served:
        yield served.base_url, served.database


def test_serve_end_to_end_with_a_key_from_keys_issue(server):
    base_url, database = server
    key = issue_key(database)
    assert key.startswith("SSM-")
    with httpx.Client(base_url=base_url) as client:
        activated = client.post(
            "/api/v4/activation",
            json={
                "activationKey": key,
                "companyName": "Bout en bout SA",
                "administrator": {"firstName": "Léa", "lastName": "Roy", "email": "lea@roy.fr"},
            },
        )
        assert activated.status_code == 201, activated.text
        keys = activated.json()
        again = client.post(
            "/api/v4/activation",
            json={
                "activationKey": key,
                "companyName": "Bout en bout SA",
                "administrator": {"firstName": "Léa", "lastName": "Roy", "email": "lea@roy.fr"},
            },
        )
        assert again.json()["code"] == "invalid_activation_key"
        token = client.post(
            "/api/v4/login", json={"username": keys["publicKey"], "password": keys["privateKey"]}
        ).json()["token"]
        headers = {"X-Session-Key": token}
        items = [{"extId": f"C{i}", "name": f"Client {i}"} for i in range(200)]
        results = client.post("/api/v4/accounts/upsert", json=items, headers=headers).json()
        assert {r["status"] for r in results} == {"created"}
        listed = client.get("/api/v4/accounts", headers=headers | {"X-FM-Entity-Count": "500"})
        assert listed.headers["X-FM-Total-Count"] == "200"
        assert client.get("/-/version").json()["api"] == "v4"


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(
            "serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 'x.sqlite'}"
        )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"127.0.0.1:{port}" in lines[0]


def _workers(parent: int) -> list[int]:
    """The uvicorn workers of ``parent``: its children started by multiprocessing's spawn."""
    found = []
    for folder in Path("/proc").iterdir():
        try:
            stat_line = (folder / "stat").read_text()
            cmdline = (folder / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat_line.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(folder.name))
    return found


def test_two_workers_each_answer(tmp_path):
    """``--workers 2``: two processes share the socket; each answers while the other is stopped."""
    with serving(tmp_path, "--workers", "2") as served:
        workers = _workers(served.process.pid)
        assert len(workers) == 2
        for answering in workers:
            (stopped,) = (w for w in workers if w != answering)
            os.kill(stopped, signal.SIGSTOP)
            try:
                # A new connection: only the running worker can accept it.
                with httpx.Client(base_url=served.base_url, timeout=10) as client:
                    assert client.get("/-/health").status_code == 200
            finally:
                os.kill(stopped, signal.SIGCONT)


def test_a_worker_tunes_the_collector_once_its_app_is_built(tmp_path):
    threshold = gc.get_threshold()
    gc.set_threshold(700, *threshold[1:])
    try:
        app = worker_app(CloudSettings(database_url=f"sqlite:///{tmp_path / 'cloud.sqlite'}"))
        get_database(app).dispose()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == GC_FIRST_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


@pytest.mark.parametrize(
    "command",
    [["serve", "--port", "1"], ["serve", "--port", "1", "--workers", "2"], ["keys", "issue"]],
)
def test_unusable_database_says_so_in_one_line(tmp_path, command):
    missing = tmp_path / "missing-folder" / "cloud.sqlite"
    result = run(*command, "--database", f"sqlite:///{missing}")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "Impossible d'ouvrir la base de données" in lines[0]
    assert "Traceback" not in result.stderr


def test_invalid_database_url_says_so_in_one_line():
    result = run("keys", "issue", "--database", "nosuchdriver://x")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_url_comes_from_the_environment(tmp_path):
    database = tmp_path / "from-env.sqlite"
    result = subprocess.run(
        [SSM_CLOUD, "keys", "issue"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={"SSM_CLOUD_DATABASE_URL": f"sqlite:///{database}", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert database.exists()


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run(
        [sys.executable, "-m", "ssm.cloud", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert "serve" in result.stdout


LIMITED = {"SSM_CLOUD_RATE_LIMIT_ACTIVATION_PER_IP": "3"}


def _checks_refused(base_url: str, proxies_say: list[str]) -> int:
    """How many key checks, each claiming another client address, were rate-limited."""
    with httpx.Client(base_url=base_url) as client:
        answers = [
            client.post(
                "/api/v4/activation/check",
                json={"activationKey": "SSM-NOPE"},
                headers={"X-Forwarded-For": address},
            ).status_code
            for address in proxies_say
        ]
    return answers.count(429)


@pytest.mark.parametrize("server", [LIMITED], indirect=True)
def test_a_client_cannot_choose_the_address_its_limits_count_against(server):
    """F7 of issue 12: uvicorn believed loopback's X-Forwarded-For, so each forged address
    had fresh limits. Without SSM_CLOUD_TRUSTED_PROXIES nobody's header is believed."""
    base_url, _ = server
    forged = [f"203.0.113.{n}" for n in range(1, 7)]
    assert _checks_refused(base_url, forged) == 3


@pytest.mark.parametrize(
    "server", [{**LIMITED, "SSM_CLOUD_TRUSTED_PROXIES": "127.0.0.1"}], indirect=True
)
def test_a_listed_proxy_is_believed(server):
    base_url, _ = server
    clients = [f"203.0.113.{n}" for n in range(1, 7)]
    assert _checks_refused(base_url, clients) == 0


def test_a_new_sqlite_database_is_the_owners_alone(tmp_path):
    """F8 of issue 12: the cloud's SQLite file (every tenant's data) was 0644."""
    database = tmp_path / "new.sqlite"
    previous = os.umask(0o022)
    try:
        done = run("db", "upgrade", "--database", f"sqlite:///{database}")
    finally:
        os.umask(previous)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
