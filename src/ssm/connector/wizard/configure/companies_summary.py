"""The companies once one is configured: one company per instance."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen, choices_field, company_rows
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["CompaniesSummaryScreen"]


class CompaniesSummaryScreen(ConfigScreen):
    """6d. The companies: « Prêt à synchroniser » for the configured one, « Configurer » else."""

    name = "companies_summary"
    title = msg.CONFIGURE_SUMMARY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company; « Configurer » on another one explains the single company."""
        a = config_answers(answers)
        choices = company_rows(a, ready=a.company, primary=False)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_SUMMARY_TEXT,
            "fields": [choices_field("configure_other", msg.CONFIGURE_COMPANY_LABEL, "", choices)],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """« Configurer » on a second company is refused: one company per instance."""
        a = config_answers(answers)
        other = form.get("configure_other", "").strip()
        if other and other != a.company:
            return [msg.CONFIGURE_ONLY_ONE.format(company=a.company_name(a.company))]
        return []
