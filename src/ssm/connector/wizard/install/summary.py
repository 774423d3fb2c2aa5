"""Screen 4, summary of the choices and « Installer »; prerequisites checked again."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers, failed
from ssm.connector.wizard.install.context import InstallContext
from ssm.connector.wizard.install.countries import COUNTRIES, terms_required
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView


class SummaryScreen:
    """What will be installed where."""

    name = "summary"
    title = msg.SUMMARY_TITLE

    def __init__(self, context: InstallContext) -> None:
        self.context = context

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def view(self, answers: Answers) -> ScreenView:
        """The choices, one line each, and the « Installer » button."""
        terms = (
            msg.SUMMARY_TERMS_ACCEPTED
            if terms_required(answers.country)
            else msg.SUMMARY_TERMS_NOT_REQUIRED
        )
        service = (
            self.context.options.kind()
            if self.context.options.register_service
            else msg.SERVICE_SKIPPED
        )
        return {
            "title": self.title,
            "text": msg.SUMMARY_TEXT,
            "summary": [
                {"label": msg.SUMMARY_FOLDER, "value": str(answers.install_dir)},
                {
                    "label": msg.SUMMARY_COUNTRY,
                    "value": COUNTRIES.get(answers.country, answers.country),
                },
                {"label": msg.SUMMARY_TERMS, "value": terms},
                {"label": msg.SUMMARY_SERVICE, "value": service},
            ],
            "buttons": buttons(msg.INSTALL),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Every prerequisite, for the chosen folder, checked again just before installing."""
        return failed(self.context.check(answers.install_dir))

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Nothing to record."""
        return answers
