"""What the configuration wizard asks, on top of the installation answers."""

from __future__ import annotations

from pydantic import Field

from ssm.connector.install import Answers
from ssm.connector.settings import sql_login
from ssm.sage100 import SqlLogin


class ConfigAnswers(Answers):
    """The configuration answers (immutable: screens return a copy).

    ``install_dir`` is the folder being configured. ``companies`` and ``administrators`` are
    what the connection test found on the Sage 100 server, so later screens render without
    asking the server again. ``sage_authentication``, ``sql_user`` and ``sql_password`` say
    how a SQL Server is logged in to (an emulated server ignores them); ``sql_server`` is
    whether ``sage_server`` names one, found when the server was typed. Secrets have
    ``repr=False`` so they never show in a log line.
    """

    mode: str = "rapide"  # "rapide": new instance; "avancee": an existing one
    cloud_url: str = ""
    activation_key: str = Field(default="", repr=False)
    instance_id: str = ""
    public_key: str = ""
    private_key: str = Field(default="", repr=False)
    instance_company: str = ""  # the Sage company an existing instance already feeds
    sage_server: str = ""
    sage_authentication: str = "windows"  # "windows" or "sql" (settings.AUTHENTICATIONS)
    sql_user: str = ""
    sql_password: str = Field(default="", repr=False)
    sql_server: bool = False
    sage_version: str = ""
    companies: tuple[tuple[str, str], ...] = ()  # (database, name)
    #: (first name, last name, e-mail, database of the company the rep was found in)
    administrators: tuple[tuple[str, str, str, str], ...] = ()
    company: str = ""
    sage_user: str = ""
    sage_password: str = Field(default="", repr=False)
    admin_first_name: str = ""
    admin_last_name: str = ""
    admin_email: str = ""
    activated: str = ""  # what the activation started, once it succeeded

    @property
    def advanced(self) -> bool:
        """« Installation avancée »: attach to an existing instance."""
        return self.mode == "avancee"

    def sql_login(self) -> SqlLogin | None:
        """The SQL Server login to open the server with (None: Windows authentication)."""
        return sql_login(self.sage_authentication, self.sql_user, self.sql_password)

    def company_name(self, database: str) -> str:
        """The display name of a company found on the server."""
        return dict(self.companies).get(database, database)


def config_answers(answers: Answers) -> ConfigAnswers:
    """The answers of a configuration wizard (always a :class:`ConfigAnswers`)."""
    if not isinstance(answers, ConfigAnswers):
        raise TypeError("the configuration screens need ConfigAnswers")
    return answers
