"""« Test de connexion »: the Sage 100 server reached, its companies and administrators kept."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.configure import sage_administrators
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView
from ssm.sage100 import Sage100Error, open_server

__all__ = ["ConnectionScreen"]


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
        administrators: list[tuple[str, str, str, str]] = []
        for database, _ in companies:
            for admin in sage_administrators(server, database, login):
                if all(email != admin.email for _, _, email, _ in administrators):
                    administrators.append(
                        (admin.first_name, admin.last_name, admin.email, database)
                    )
        update = {"companies": companies, "administrators": tuple(administrators)}
        return answers.model_copy(update=update)
