"""The connection test's confirmation message."""

from __future__ import annotations

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["ConnectionResultScreen"]


class ConnectionResultScreen(ConfigScreen):
    """4b. The confirmation message of the connection test, then « Suivant »."""

    name = "connection_ok"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """How many companies the server holds; on SQL Server, that CRM → Sage is off.

        The notice goes under the guide's sentence, which stays as the guide words it.
        """
        a = config_answers(answers)
        count, server = len(a.companies), a.sage_server
        shown: ScreenView = {
            "title": self.title,
            "text": msg.CONFIGURE_CONNECTION_OK.format(count=count, server=server),
            "buttons": buttons(),
        }
        if a.sql_server:  # as ``service.passes.crm_to_sage_unavailable`` finds it
            shown["warnings"] = [msg.TWO_WAY_SQLSERVER]
        return shown
