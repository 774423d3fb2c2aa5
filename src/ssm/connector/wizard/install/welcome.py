"""Screen 1, welcome: close open applications; the country; prerequisites checked first."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers, failed
from ssm.connector.wizard.install.context import InstallContext
from ssm.connector.wizard.install.countries import COUNTRIES, is_known, normalise
from ssm.connector.wizard.install.processes import sage_processes
from ssm.connector.wizard.parts import buttons, report
from ssm.connector.wizard.view import ScreenView
from ssm.i18n import french_sort_key


class WelcomeScreen:
    """Welcome, the recommendation to close applications, a warning if Sage 100 runs."""

    name = "welcome"
    title = msg.WELCOME_TITLE

    def __init__(self, context: InstallContext) -> None:
        self.context = context

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def warnings(self) -> list[str]:
        """A warning per running Sage 100 application (not blocking)."""
        running = sage_processes(self.context.processes)
        return [msg.SAGE_RUNNING.format(names=", ".join(running))] if running else []

    def view(self, answers: Answers) -> ScreenView:
        """Texts, warnings, the first prerequisites report, the country field."""
        return {
            "title": self.title,
            "text": msg.WELCOME_TEXT,
            "warnings": self.warnings(),
            "prerequisites": report(self.context.report),
            "fields": [
                {
                    "name": "country",
                    "label": msg.COUNTRY_LABEL,
                    "type": "select",
                    "value": answers.country,
                    "options": dict(
                        sorted(COUNTRIES.items(), key=lambda kv: french_sort_key(kv[1]))
                    ),
                }
            ],
            "buttons": buttons(back=False),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A known country code, and every prerequisite not tied to the folder met."""
        errors = []
        code = form.get("country", answers.country)
        if not is_known(code):
            errors.append(msg.COUNTRY_UNKNOWN.format(code=code, known=", ".join(sorted(COUNTRIES))))
        return errors + failed(self.context.check(None))

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the country (normalised)."""
        code = normalise(form.get("country", answers.country))
        return answers.model_copy(update={"country": code})
