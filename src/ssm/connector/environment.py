"""The connector's environment variables, read in one place: ``SSM_*``, typed and documented.

Everything an install chooses lives in ``config/connector.toml`` (``settings.py``); the
environment only supplies what is known before there is an install (the Sage 100 server and
the cloud address the installer proposes), a reseller's links, the secrets store forced on a
machine, and a test knob. Reading them through one model gives each a type, a default and a
description that ``docs/configuration.md`` lists (a test checks it does)::

    server = read_environment().sage100_server or None

The variables are read at each call, not once at import, so a test or a long-lived wizard
sees the environment as it is now.
"""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ssm.connector import messages as msg
from ssm.connector.errors import ConfigurationError

PREFIX = "SSM_"


class ConnectorEnvironment(BaseSettings):
    """The ``SSM_*`` variables the connector reads; an empty value means « not set »."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore")

    sage100_server: str = Field(
        default="",
        description=(
            "Sage 100 server proposed by the installer and the configuration when none is "
            "given (before the Windows registry)."
        ),
    )
    cloud_url: str = Field(
        default="",
        description=(
            "Sales Management address proposed by the installer and the configuration when "
            "none is given."
        ),
    )
    secrets_store: str = Field(
        default="",
        description=(
            "Where the configuration keeps the secrets: auto (empty), keyring or file; "
            "any other value is refused when the secrets are saved."
        ),
    )
    knowledge_base_url: str = Field(
        default="",
        description="Knowledge-base link of the configuration's end screen.",
    )
    ios_app_url: str = Field(
        default="", description="iOS app link (and QR code) of the configuration's end screen."
    )
    android_app_url: str = Field(
        default="",
        description="Android app link (and QR code) of the configuration's end screen.",
    )
    test_install_step_delay: float = Field(
        default=0.0,
        ge=0,
        description=(
            "Test knob: seconds the installer sleeps between its steps, so a test can kill "
            "it mid-way. Never set it in production."
        ),
    )


def variable(field: str) -> str:
    """The environment variable of a field (``cloud_url`` → ``SSM_CLOUD_URL``)."""
    if field not in ConnectorEnvironment.model_fields:
        raise KeyError(field)
    return PREFIX + field.upper()


def read_environment() -> ConnectorEnvironment:
    """The variables as they are now.

    Raises:
        ConfigurationError: a variable holds a value of the wrong type; the French sentence
            names it.
    """
    try:
        return ConnectorEnvironment()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = variable(str(first["loc"][0]))
        raise ConfigurationError(
            msg.ENVIRONMENT_INVALID.format(name=name, value=first.get("input"))
        ) from None
