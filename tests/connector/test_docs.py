"""Docs are tested: a connector command, setting or answers-file key missing from the docs
fails here."""

import re
from pathlib import Path

import pytest

from ssm.connector.cli import app
from ssm.connector.environment import ConnectorEnvironment, variable
from ssm.connector.settings import InstallConfig
from ssm.connector.wizard.configure import ConfigureAnswersFile
from ssm.connector.wizard.install.unattended import InstallSection

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", [c.name or c.callback.__name__ for c in app.registered_commands]
)
def test_every_command_is_in_the_readme(command):
    assert f"`ssm-connector {command}" in README


@pytest.mark.parametrize(
    "key",
    [
        f"{section}.{field}"
        for section, model in InstallConfig.model_fields.items()
        for field in model.annotation.model_fields
    ],
)
def test_every_configuration_key_is_documented(key):
    assert f"`{key}`" in CONFIG_DOC


@pytest.mark.parametrize("field", list(ConnectorEnvironment.model_fields))
def test_every_environment_variable_is_documented(field):
    assert f"| `{variable(field)}` |" in CONFIG_DOC


CONFIGURE_DOC = (ROOT / "docs" / "configure.md").read_text(encoding="utf-8")
INSTALL_DOC = (ROOT / "docs" / "install.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", list(ConfigureAnswersFile.model_fields))
def test_every_configure_answers_key_is_documented(key):
    assert re.search(rf"^(\[{key}\]|{key} = )", CONFIGURE_DOC, re.MULTILINE), key


@pytest.mark.parametrize("key", list(InstallSection.model_fields))
def test_every_install_answers_key_is_documented(key):
    assert f"`install.{key}`" in INSTALL_DOC
