"""The company selection: the server's companies, each with « Configurer »."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configure.parts import (
    ConfigScreen,
    choices_field,
    company_rows,
    form_value,
    without_submit,
)
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["CompanyScreen"]


def _administrator_company(a: ConfigAnswers) -> str:
    """The company of the rep chosen as administrator ("" when typed in, or none chosen).

    The administrator is chosen before the company (the guide's order): a rep of another
    company would become the instance's administrator and get its welcome e-mail.
    """
    return next((db for _, _, email, db in a.administrators if email == a.admin_email), "")


class CompanyScreen(ConfigScreen):
    """6. The server's companies, each with « Configurer »."""

    name = "company"
    title = msg.CONFIGURE_COMPANY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company."""
        a = config_answers(answers)
        choices = company_rows(a, ready="", primary=True)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_COMPANY_TEXT,
            "fields": [choices_field("company", msg.CONFIGURE_COMPANY_LABEL, a.company, choices)],
            "buttons": without_submit(buttons()),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A company of the server, the one an existing instance feeds if it feeds one."""
        a = config_answers(answers)
        company = form_value(form, "company", a.company)
        known = [database for database, _ in a.companies]
        if company not in known:
            return [msg.CONFIGURE_COMPANY_UNKNOWN.format(company=company, known=", ".join(known))]
        if a.instance_company and company != a.instance_company:
            return [msg.CONFIGURE_SECOND_COMPANY.format(company=a.instance_company)]
        other = _administrator_company(a)
        if other and other != company:
            return [
                msg.CONFIGURE_ADMIN_OTHER_COMPANY.format(
                    email=a.admin_email,
                    other=a.company_name(other),
                    company=a.company_name(company),
                )
            ]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the company."""
        company = form_value(form, "company", config_answers(answers).company)
        return answers.model_copy(update={"company": company})
