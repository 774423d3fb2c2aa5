"""docs/emulator.md documents every table, command, size and the demo login."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER
from ssm.sage100.cli import app
from ssm.sage100.emulator import SIZES
from ssm.sage100.schema import GENERATIONS, METADATA

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
    assert DEFAULT_SAGE_PASSWORD == ""  # a fresh Sage: the doc says the login has none
    assert f"**`{DEFAULT_SAGE_USER}`**" in DOC and "without a password" in DOC
    assert "PROT_Hash binary(32)" in DOC


def test_generations_and_every_generate_option_are_documented() -> None:
    for generation in GENERATIONS:
        assert f"**{generation}**" in DOC
    generate = typer.main.get_command(app).commands["generate"]  # type: ignore[attr-defined]
    flags = [flag for p in generate.params for flag in (*p.opts, *p.secondary_opts)]
    assert "--no-triggers" in flags
    for flag in flags:
        if flag.startswith("--") and flag not in ("--help", "--triggers"):
            assert flag in DOC, flag
