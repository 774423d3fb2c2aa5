"""The quick mode's administrator: a Sage rep with an e-mail, or typed in."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configure.parts import QuickScreen, form_value, text_field
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import FieldView, ScreenView

__all__ = ["AdministratorScreen"]


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _sure_candidate(a: ConfigAnswers) -> str:
    """The rep proposed first, only when the server has one company (hers for certain).

    The company is chosen after this screen: with several on the server, a rep proposed
    could be of the other one, made administrator and e-mailed on one « Suivant ».
    """
    return a.administrators[0][2] if len(a.companies) == 1 else ""


class AdministratorScreen(QuickScreen):
    """5. The administrator: a Sage rep with an e-mail, or typed in when there is none."""

    name = "administrator"
    title = msg.CONFIGURE_ADMIN_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The reps as a select (plus « another person »), then the typed fields."""
        a = config_answers(answers)
        fields: list[FieldView] = []
        if a.administrators:
            options = {
                email: msg.CONFIGURE_ADMIN_OPTION.format(
                    first=first, last=last, email=email, company=a.company_name(database)
                )
                for first, last, email, database in a.administrators
            }
            options[""] = msg.CONFIGURE_ADMIN_OTHER
            typed_in = a.admin_email and a.admin_email not in options
            known = "" if typed_in else a.admin_email or _sure_candidate(a)
            fields.append(
                {
                    "name": "candidate",
                    "label": msg.CONFIGURE_ADMIN_TITLE,
                    "type": "select",
                    "value": known,
                    "options": options,
                }
            )
        typed = not any(email == a.admin_email for _, _, email, _ in a.administrators)
        fields += [
            text_field(
                "first_name", msg.CONFIGURE_ADMIN_FIRST, a.admin_first_name if typed else ""
            ),
            text_field("last_name", msg.CONFIGURE_ADMIN_LAST, a.admin_last_name if typed else ""),
            text_field("email", msg.CONFIGURE_ADMIN_EMAIL, a.admin_email if typed else ""),
        ]
        text = msg.CONFIGURE_ADMIN_TEXT
        if not a.administrators:
            text = f"{msg.CONFIGURE_ADMIN_TYPED_TEXT} {text}"
        return {"title": self.title, "text": text, "fields": fields, "buttons": buttons()}

    def _chosen(self, answers: Answers, form: Mapping[str, str]) -> tuple[str, str, str]:
        a = config_answers(answers)
        candidate = form.get("candidate", "").strip()
        for first, last, email, _ in a.administrators:
            if candidate and email == candidate:
                return first, last, email
        return (
            form_value(form, "first_name", a.admin_first_name),
            form_value(form, "last_name", a.admin_last_name),
            form_value(form, "email", a.admin_email),
        )

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Three values, a plausible e-mail."""
        first, last, email = self._chosen(answers, form)
        if not (first and last and email):
            return [msg.CONFIGURE_ADMIN_MISSING]
        if not _EMAIL.match(email):
            return [msg.CONFIGURE_ADMIN_BAD_EMAIL.format(email=email)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the administrator."""
        first, last, email = self._chosen(answers, form)
        update = {"admin_first_name": first, "admin_last_name": last, "admin_email": email}
        return answers.model_copy(update=update)
