"""Reliability fixtures: a Sage company big enough for many checkpoints, install helpers.

The ``reliability`` size (600 tiers, 800 contacts, 300 items, 600 sales documents) fills
more than one upsert of 200 accounts and, with ``batch_size = 10``, gives about a hundred
checkpoints to kill the connector between, while a full sync stays within seconds.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import COMPANY

from ssm.connector.demo import DemoPaths
from ssm.sage100 import generate_server
from ssm.sage100.emulator import SIZES

RELIABILITY_SIZE = dataclasses.replace(
    SIZES["tiny"],
    tiers=600,
    contacts=800,
    articles=300,
    families=8,
    collaborateurs=8,
    documents=600,
)


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


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; any still alive at the end is killed by its id."""
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
