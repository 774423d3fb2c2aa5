"""docs/cloud.md documents every setting, command and route.

The four bulk routes every declared resource gets are documented once, under
``/api/v4/{resource}``: a route of a declared resource that is one of those four counts as
documented by its generic row, so a new resource needs no line in the doc, while a route
of its own (``PUT /api/v4/accounts/{id}``) must appear by its path.
"""

from pathlib import Path

import pytest
import typer.main

from ssm.cloud.app import ROUTERS
from ssm.cloud.cli import app as cli_app
from ssm.cloud.resources import RESOURCES
from ssm.cloud.settings import CloudSettings

DOC = (Path(__file__).parents[2] / "docs" / "cloud.md").read_text(encoding="utf-8")

BULK_ROUTES = {
    ("GET", ""),
    ("POST", "/upsert"),
    ("POST", "/delete"),
    ("GET", "/{id}"),
}
"""The routes every declared resource with a service gets, after ``/api/v4/{name}``."""

SERVED = [declared.name for declared in RESOURCES if declared.service is not None]


def documented_as(method: str, path: str) -> str:
    """The path the doc names a route by: generic for a bulk route, else its own."""
    for name in SERVED:
        prefix = f"/api/v4/{name}"
        rest = path.removeprefix(prefix)
        if rest != path and (method, rest) in BULK_ROUTES:
            return "/api/v4/{resource}" + rest
    return path


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
    for method in route.methods:
        assert f"{method} {documented_as(method, route.path)}" in DOC


@pytest.mark.parametrize("name", SERVED)
def test_every_served_resource_has_the_four_documented_bulk_routes(name):
    served = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        for method in route.methods
        if route.path.startswith(f"/api/v4/{name}")
    }
    assert {(method, f"/api/v4/{name}{rest}") for method, rest in BULK_ROUTES} <= served
    for method, rest in BULK_ROUTES:
        assert f"| `{method} /api/v4/{{resource}}{rest}` |" in DOC
