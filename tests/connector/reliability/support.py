"""Helpers of the reliability tests: run the connector, change an install's configuration."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import tomli_w

from ssm.connector import InstallLayout, load_install
from ssm.connector.service.passes import open_crm

COMPANY = "BIJOU"  # the company tests/connector/conftest.py configures
CONNECTOR = Path(sys.executable).with_name("ssm-connector")


def set_config(layout: InstallLayout, section: str, **values: Any) -> None:
    """Change values of the install's ``config/connector.toml``."""
    config = tomllib.loads(layout.config_file.read_text(encoding="utf-8"))
    config.setdefault(section, {}).update(values)
    layout.config_file.write_text(tomli_w.dumps(config), encoding="utf-8")


def connector(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``ssm-connector`` to its end."""
    return subprocess.run(
        [str(CONNECTOR), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def connector_json(*args: str, timeout: float = 120) -> dict[str, Any]:
    """Run ``ssm-connector … --json`` and parse its last line."""
    done = connector(*args, "--json", timeout=timeout)
    lines = done.stdout.strip().splitlines()
    assert lines, f"no JSON from ssm-connector {args} (rc {done.returncode}): {done.stderr}"
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def spawn(*args: str) -> subprocess.Popen[bytes]:
    """Start ``ssm-connector`` in the background (its own process group)."""
    return subprocess.Popen(
        [str(CONNECTOR), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def crm_api(layout: InstallLayout) -> httpx.Client:
    """A session on the CRM's API, as the install's key logs in."""
    config, secrets = load_install(layout)
    api = httpx.Client(base_url=config.cloud.url, timeout=30)
    login = {
        "username": config.cloud.public_key,
        "password": secrets.private_key.get_secret_value(),
    }
    api.headers["X-Session-Key"] = api.post("/api/v4/login", json=login).json()["token"]
    return api


def crm_records(layout: InstallLayout, resource: str) -> list[dict[str, Any]]:
    """Every record of a CRM resource, page by page, as the connector lists them."""
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return list(crm.iter_all(resource))


def kill_after_first_commit(
    layout: InstallLayout, spawned: list[subprocess.Popen[bytes]], delay: float
) -> None:
    """Start ``sync``; SIGKILL it ``delay`` seconds after its first commit (or its end)."""
    db = sqlite3.connect(layout.state_file, timeout=5)
    try:
        start = db.execute("PRAGMA data_version").fetchone()[0]
        process = spawn("sync", "--dir", str(layout.root))
        spawned.append(process)
        deadline = time.monotonic() + 30
        while db.execute("PRAGMA data_version").fetchone()[0] == start:
            if process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.002)
    finally:
        db.close()
    time.sleep(delay)
    process.kill()  # SIGKILL, by the pid of the process this test started
    process.wait(timeout=10)
