"""Configuration fixtures: every background sync a test starts is stopped at its end."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ssm.connector.install import stop_background


@pytest.fixture
def stop_afterwards() -> Iterator[Callable[[Path], Path]]:
    """Register an install folder whose background sync must be stopped after the test."""
    folders: list[Path] = []
    yield lambda folder: folders.append(folder) or folder
    for folder in folders:
        stop_background(folder)
