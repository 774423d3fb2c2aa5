"""What the wizard's browser tests configure against: a Sage 100 server and a cloud of their own
(a fresh cloud issues the activation keys), and an install folder whose name has spaces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ssm.connector.demo import DemoPaths, local_cloud
from ssm.connector.install import stop_background
from ssm.sage100 import generate_server

COMPANY = "BIJOU"


@dataclass(frozen=True)
class World:
    """The test's Sage 100 server and cloud, and the folder being configured."""

    paths: DemoPaths
    cloud_url: str
    folder: Path


@pytest.fixture(name="world")
def world_fixture(tmp_path: Path) -> Iterator[World]:
    """A one-company Sage server, a cloud on loopback; the folder's sync is stopped after."""
    paths = DemoPaths(tmp_path / "world")
    generate_server(paths.sage_server, company=COMPANY, size="tiny", seed=5)
    folder = tmp_path / "Sage Sales Management pour Sage 100"
    with local_cloud(paths, say=lambda _: None) as url:
        yield World(paths, url, folder)
    stop_background(folder)
