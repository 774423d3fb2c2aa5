"""Reliability fixtures: a Sage company big enough for many checkpoints, install helpers.

The ``reliability`` size (600 tiers, 800 contacts, 300 items, 600 sales documents) fills
more than one upsert of 200 accounts and, with ``batch_size = 10``, gives about a hundred
checkpoints to kill the connector between, while a full sync stays within seconds.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from ssm.connector import InstallLayout
from ssm.connector._demo import DemoPaths
from ssm.sage100 import generate_server
from ssm.sage100.emulator import SIZES

COMPANY = "BIJOU"  # the company tests/connector/conftest.py configures
RELIABILITY_SIZE = dataclasses.replace(
    SIZES["tiny"],
    tiers=600,
    contacts=800,
    articles=300,
    families=8,
    collaborateurs=8,
    documents=600,
)
CONNECTOR = Path(sys.executable).with_name("ssm-connector")


@pytest.fixture(scope="session")
def reliability_template(tmp_path_factory) -> Path:
    """A Sage 100 server of the reliability size, generated once; tests copy it."""
    path = tmp_path_factory.mktemp("reliability") / "sage100"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(SIZES, "reliability", RELIABILITY_SIZE)
        generate_server(path, company=COMPANY, size="reliability", seed=11)
    return path


@pytest.fixture
def demo_paths(tmp_path, reliability_template) -> DemoPaths:
    """Overrides the connector tests' tiny server with a copy of the reliability one."""
    paths = DemoPaths(tmp_path / "work")
    shutil.copytree(reliability_template, paths.sage_server)
    return paths


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


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; any still alive at the end is killed by its id."""
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
