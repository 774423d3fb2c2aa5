"""Screen 3, privacy policy and terms: only where the country's regulation requires it."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.install.countries import terms_required
from ssm.connector.wizard.parts import buttons, truthy
from ssm.connector.wizard.view import ScreenView

#: The wizard's own page showing the text to read (see ``ssm.connector.wizard.browser``).
TERMS_ROUTE = "/conditions"


class TermsScreen:
    """Consent to the privacy policy and terms, needed to go on."""

    name = "terms"
    title = msg.TERMS_TITLE

    def applies(self, answers: Answers) -> bool:
        """Shown only where required (see :mod:`ssm.connector.wizard.install.countries`)."""
        return terms_required(answers.country)

    def view(self, answers: Answers) -> ScreenView:
        """The text, the link to what is to be read, and the consent box (kept when back)."""
        return {
            "title": self.title,
            "text": msg.TERMS_TEXT,
            "links": [{"label": msg.TERMS_READ, "url": TERMS_ROUTE}],
            "fields": [
                {
                    "name": "accept_terms",
                    "label": msg.TERMS_LABEL,
                    "type": "checkbox",
                    "value": answers.accept_terms,
                }
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Consent is required."""
        return [] if truthy(form, "accept_terms") else [msg.TERMS_REQUIRED]

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Record the consent."""
        return answers.model_copy(update={"accept_terms": True})
