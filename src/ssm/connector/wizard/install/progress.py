"""Screen 5, progress: the guide's notice while the install runs (the wizard's action)."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView


class ProgressScreen:
    """Shown while installing; submitting it runs the install."""

    name = "progress"
    title = msg.PROGRESS_TITLE

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def view(self, answers: Answers) -> ScreenView:
        """« Cette opération peut prendre quelques instants… »."""
        view_buttons = buttons(back=False)
        view_buttons[-1]["enabled"] = False
        return {
            "title": self.title,
            "text": msg.PROGRESS_NOTICE,
            "busy": True,
            "buttons": view_buttons,
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Nothing to check: the summary did."""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Nothing to record; the install is the wizard's action for this screen."""
        return answers
