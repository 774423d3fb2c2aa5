"""The alert after a company is chosen: « Annuler » goes back, « Suivant » goes on."""

from __future__ import annotations

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen
from ssm.connector.wizard.view import ScreenView

__all__ = ["CompanyConfirmScreen"]


class CompanyConfirmScreen(ConfigScreen):
    """6b. The alert: « Annuler » goes back to the selection, « Suivant » goes on."""

    name = "company_confirm"
    title = msg.CONFIGURE_CONFIRM_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The guide's alert, word for word."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": a.company_name(a.company),
            "warnings": [msg.CONFIGURE_SINGLE_COMPANY],
            "buttons": [
                {"action": "back", "label": msg.CANCEL, "enabled": True},
                {"action": "cancel", "label": msg.CANCEL, "enabled": False},
                {"action": "submit", "label": msg.NEXT, "enabled": True},
            ],
        }
