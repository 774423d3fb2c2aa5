"""docs/cloud.md documents every setting, command and route."""

from pathlib import Path

import pytest
import typer.main

from ssm.cloud.app import ROUTERS
from ssm.cloud.cli import app as cli_app
from ssm.cloud.settings import CloudSettings

DOC = (Path(__file__).parents[2] / "docs" / "cloud.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", sorted(CloudSettings.model_fields))
def test_every_setting_is_documented(field):
    assert f"SSM_CLOUD_{field.upper()}" in DOC


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield " ".join(path), command


@pytest.mark.parametrize(
    ("name", "command"), list(_commands(typer.main.get_command(cli_app))), ids=lambda x: str(x)
)
def test_every_command_and_option_is_documented(name, command):
    assert f"ssm-cloud {name}" in DOC
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert option in DOC, f"{name} {option}"


@pytest.mark.parametrize(
    "route", [route for router in ROUTERS for route in router.routes], ids=lambda r: r.path
)
def test_every_route_is_documented(route):
    path = route.path
    for method in route.methods:
        assert f"{method} {path}" in DOC
