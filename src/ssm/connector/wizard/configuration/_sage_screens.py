r"""The configuration's Sage 100 screens: server and login, connection test, Sage user.

The prerequisites screen takes the server and how to log in to it, « Test de connexion »
lists its companies, and « Enregistrer » checks the Sage user and the company's columns.
The server is an emulated server's folder or a SQL Server (``SERVEUR\INSTANCE``…) reached
with « Authentification Windows » or « Authentification SQL Server ». Every refusal of the
``ssm.sage100`` package is shown as its sentence; a SQL password is never shown back.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import _configure
from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.settings import sql_login
from ssm.connector.wizard._view import ScreenView
from ssm.connector.wizard.configuration._answers import config_answers
from ssm.connector.wizard.configuration._parts import (
    ConfigScreen,
    form_value,
    password_field,
    text_field,
)
from ssm.connector.wizard.screens._common import buttons
from ssm.sage100 import (
    SUPPORTED_MAJORS,
    Sage100Error,
    SageLoginError,
    SageSchemaError,
    is_sql_server_location,
    open_server,
)

__all__ = ["ConnectionResultScreen", "ConnectionScreen", "CredentialsScreen", "PrerequisitesScreen"]


class PrerequisitesScreen(ConfigScreen):
    r"""2. Prerequisites: the Sage 100 server, how to log in to it, its version detected.

    The server is an emulated server's folder or a SQL Server (``SERVEUR\INSTANCE``…),
    reached with Windows or SQL Server authentication. A SQL Server whose version cannot
    be read from here (no Sage in this machine's registry, server not reached) is not
    refused: the guide's « Test de connexion » (step 4) reaches it and says what is wrong.
    """

    name = "prerequisites"
    title = msg.CONFIGURE_PREREQ_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The detected version, the supported range, the server and its authentication."""
        a = config_answers(answers)
        first, last = SUPPORTED_MAJORS[0], SUPPORTED_MAJORS[-1]
        undetected = (
            msg.CONFIGURE_VERSION_LATER if a.sql_server else msg.CONFIGURE_VERSION_NOT_FOUND
        )
        kept = msg.CONFIGURE_SQL_KEPT_HELP if a.sql_password else ""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_PREREQ_TEXT.format(first=first, last=last),
            "prerequisites": [
                {
                    "name": msg.PRE_SAGE,
                    "ok": bool(a.sage_version) or a.sql_server,  # step 4 tests a SQL Server
                    "detail": a.sage_version or undetected,
                    "what_to_do": msg.SAGE_NOT_FOUND_TODO,
                }
            ],
            "fields": [
                text_field(
                    "sage_server",
                    msg.CONFIGURE_SERVER_LABEL,
                    a.sage_server,
                    msg.CONFIGURE_SERVER_HELP,
                ),
                {
                    "name": "sage_authentication",
                    "label": msg.CONFIGURE_AUTH_LABEL,
                    "type": "radio",
                    "value": a.sage_authentication,
                    "options": dict(msg.CONFIGURE_AUTH_MODES),
                    "help": msg.CONFIGURE_AUTH_HELP,
                },
                text_field(
                    "sql_user",
                    msg.CONFIGURE_SQL_USER_LABEL,
                    a.sql_user,
                    msg.CONFIGURE_SQL_USER_HELP,
                ),
                password_field("sql_password", msg.CONFIGURE_SQL_PASSWORD_LABEL, kept),
            ],
            "buttons": buttons(),
        }

    def _form(self, answers: Answers, form: Mapping[str, str]) -> dict[str, str]:
        """The server and its login; an empty password keeps the one typed for that login."""
        a = config_answers(answers)
        values = {
            name: form_value(form, name, getattr(a, name))
            for name in ("sage_server", "sage_authentication", "sql_user")
        }
        password = form.get("sql_password", a.sql_password)
        same_login = (values["sage_server"], values["sql_user"]) == (a.sage_server, a.sql_user)
        if not password and same_login:
            password = a.sql_password  # a password field is never sent back to the browser
        values["sql_password"] = password if values["sage_authentication"] == "sql" else ""
        return values

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login is complete, the server readable (or a SQL Server) and supported."""
        values = self._form(answers, form)
        server, mode = values["sage_server"], values["sage_authentication"]
        if not server:
            return [msg.CONFIGURE_SERVER_MISSING]
        if mode not in msg.CONFIGURE_AUTH_MODES:
            return [msg.CONFIGURE_AUTH_UNKNOWN.format(mode=mode)]
        if mode == "sql" and not values["sql_user"]:
            return [msg.CONFIGURE_SQL_USER_MISSING]
        self._sql_server = is_sql_server_location(server)
        self._version = ""
        try:
            opened = open_server(
                server, login=sql_login(mode, values["sql_user"], values["sql_password"])
            )
        except Sage100Error as exc:  # e.g. a SQL Server URL holding a password
            return [str(exc)]
        try:
            found = opened.version()
        except Sage100Error as exc:
            return [] if self._sql_server else [str(exc)]
        if not found.supported and not (self._sql_server and found.major == 0):
            fields = {"product": found.product, "version": found.version, "location": server}
            return [f"{msg.SAGE_UNSUPPORTED.format(**fields)} {msg.SAGE_UNSUPPORTED_TODO}"]
        self._version = f"{found.product} {found.version}"
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the server, its login and its version."""
        update: dict[str, object] = dict(self._form(answers, form))
        update["sql_server"] = getattr(self, "_sql_server", False)
        update["sage_version"] = getattr(self, "_version", "")
        return answers.model_copy(update=update)


class ConnectionScreen(ConfigScreen):
    """4. « Test de connexion » to the Sage 100 server."""

    name = "connection"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The server to test, and how it is logged in to when it is a SQL Server."""
        a = config_answers(answers)
        server = a.sage_server
        if a.sql_server:
            mode = msg.CONFIGURE_AUTH_MODES.get(a.sage_authentication, a.sage_authentication)
            shown = (
                msg.CONFIGURE_CONNECTION_SQL if a.sql_login() else msg.CONFIGURE_CONNECTION_WINDOWS
            )
            server = shown.format(server=server, mode=mode, user=a.sql_user)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CONNECTION_TEXT.format(server=server),
            "buttons": buttons(msg.CONFIGURE_CONNECTION_BUTTON),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The server lists at least one company; its refusal is shown as it is."""
        a = config_answers(answers)
        try:
            if not open_server(a.sage_server, login=a.sql_login()).companies():
                return [msg.CONFIGURE_CONNECTION_NONE.format(server=a.sage_server)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the companies and the reps who could administer the instance."""
        a = config_answers(answers)
        server, login = a.sage_server, a.sql_login()
        companies = tuple(
            (c.database, c.name) for c in open_server(server, login=login).companies()
        )
        administrators: list[tuple[str, str, str]] = []
        for database, _ in companies:
            for admin in _configure.sage_administrators(server, database, login):
                row = (admin.first_name, admin.last_name, admin.email)
                if row not in administrators:
                    administrators.append(row)
        update = {"companies": companies, "administrators": tuple(administrators)}
        return answers.model_copy(update=update)


class ConnectionResultScreen(ConfigScreen):
    """4b. The confirmation message of the connection test, then « Suivant »."""

    name = "connection_ok"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """How many companies the server holds."""
        a = config_answers(answers)
        count, server = len(a.companies), a.sage_server
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CONNECTION_OK.format(count=count, server=server),
            "buttons": buttons(),
        }


class CredentialsScreen(ConfigScreen):
    """6c. The Sage user and password, « Enregistrer » with an automatic login check."""

    name = "credentials"
    title = msg.CONFIGURE_CREDENTIALS_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """User and password (the password is never shown back)."""
        a = config_answers(answers)
        on_sql_server = msg.CONFIGURE_CREDENTIALS_HELP_SQLSERVER if a.sql_server else ""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CREDENTIALS_TEXT.format(company=a.company_name(a.company)),
            "fields": [
                text_field("sage_user", msg.CONFIGURE_USER_LABEL, a.sage_user),
                password_field("sage_password", msg.CONFIGURE_PASSWORD_LABEL, on_sql_server),
            ],
            "buttons": buttons(msg.CONFIGURE_SAVE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login test against the company, then its columns (``check_company``).

        On SQL Server, SQL Server checks the SQL login (or the Windows account) and the
        Sage user must exist; Sage's own password hash cannot be checked outside Sage.
        """
        a = config_answers(answers)
        user = form.get("sage_user", a.sage_user)
        password = form.get("sage_password", a.sage_password)
        try:
            _configure.sage_company(a.sage_server, a.company, user, password, a.sql_login())
        except SageLoginError as exc:
            return [msg.CONFIGURE_LOGIN_REFUSED.format(company=a.company, detail=exc)]
        except SageSchemaError as exc:
            return [msg.CONFIGURE_COMPANY_REFUSED.format(company=a.company, detail=exc)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the credentials."""
        a = config_answers(answers)
        update = {
            "sage_user": form.get("sage_user", a.sage_user),
            "sage_password": form.get("sage_password", a.sage_password),
        }
        return answers.model_copy(update=update)
