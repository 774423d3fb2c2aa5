"""The connector's ``SSM_*`` variables, read through one model."""

from __future__ import annotations

import pytest

from ssm.connector.environment import ConnectorEnvironment, read_environment, variable
from ssm.connector.errors import ConfigurationError
from ssm.connector.install import STEP_DELAY_ENV, InstallOptions


def test_each_field_is_read_from_its_ssm_variable(monkeypatch):
    for field in ConnectorEnvironment.model_fields:
        monkeypatch.setenv(variable(field), "2")
    assert read_environment().model_dump() == {
        field: 2.0 if field == "test_install_step_delay" else "2"
        for field in ConnectorEnvironment.model_fields
    }


def test_the_installer_proposes_the_cloud_from_the_environment(monkeypatch):
    monkeypatch.setenv("SSM_CLOUD_URL", "https://crm.example.com")
    assert InstallOptions().resolved_cloud_url() == "https://crm.example.com"
    monkeypatch.setenv("SSM_CLOUD_URL", "")
    assert InstallOptions().resolved_cloud_url() is None


def test_the_install_step_delay_is_a_named_test_knob():
    assert STEP_DELAY_ENV == "SSM_TEST_INSTALL_STEP_DELAY"


def test_a_value_of_the_wrong_type_is_one_french_sentence_naming_the_variable(monkeypatch):
    monkeypatch.setenv(STEP_DELAY_ENV, "bientôt")
    with pytest.raises(ConfigurationError) as refused:
        read_environment()
    assert str(refused.value) == (
        "La variable d'environnement SSM_TEST_INSTALL_STEP_DELAY vaut « bientôt », qui n'est "
        "pas une valeur possible : corrigez-la ou supprimez-la (voir docs/configuration.md)."
    )


def test_an_unknown_field_has_no_variable():
    with pytest.raises(KeyError):
        variable("cloud_adress")
