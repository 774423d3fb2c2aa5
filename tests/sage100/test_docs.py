"""docs/emulator.md documents every table, command, size and the demo login."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER
from ssm.sage100.cli import app
from ssm.sage100.emulator import SIZES
from ssm.sage100.schema import METADATA

DOC = (Path(__file__).parents[2] / "docs" / "emulator.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("table", sorted(METADATA.tables))
def test_every_table_is_documented(table: str) -> None:
    assert f"`{table}`" in DOC


@pytest.mark.parametrize(
    "command", [c.name or c.callback.__name__ for c in app.registered_commands]
)
def test_every_command_is_documented(command: str) -> None:
    assert f"ssm-sage100 {command}" in DOC


def test_sizes_and_login_are_documented() -> None:
    for size in SIZES:
        assert f"`{size}`" in DOC
    assert DEFAULT_SAGE_USER in DOC and DEFAULT_SAGE_PASSWORD in DOC
