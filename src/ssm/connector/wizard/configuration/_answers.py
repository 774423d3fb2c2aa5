"""What the configuration wizard asks, on top of the installation answers."""

from __future__ import annotations

from pydantic import Field

from ssm.connector.install import Answers


class ConfigAnswers(Answers):
    """The configuration answers (immutable: screens return a copy).

    ``install_dir`` is the folder being configured; ``configured`` is set once the
    activation has written the configuration and the secrets.
    """

    mode: str = "rapide"
    cloud_url: str = ""
    activation_key: str = Field(default="", repr=False)
    sage_server: str = ""
    sage_version: str = ""
    company: str = ""
    confirm_single_company: bool = False
    sage_user: str = ""
    sage_password: str = Field(default="", repr=False)
    admin_first_name: str = ""
    admin_last_name: str = ""
    admin_email: str = ""
    instance_id: str = ""
    configured: bool = False


def config_answers(answers: Answers) -> ConfigAnswers:
    """The answers of a configuration wizard (always a :class:`ConfigAnswers`)."""
    if not isinstance(answers, ConfigAnswers):
        raise TypeError("the configuration screens need ConfigAnswers")
    return answers
