"""The configuration's prerequisites screen: the Sage 100 server, its login, its version."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.settings import sql_login
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import (
    ConfigScreen,
    form_value,
    password_field,
    text_field,
)
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView
from ssm.sage100 import SUPPORTED_MAJORS, Sage100Error, is_sql_server_location, open_server

__all__ = ["PrerequisitesScreen"]


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
