"""The Sage user and password, checked by an automatic login on « Enregistrer »."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.configure import sage_company
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen, password_field, text_field
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView
from ssm.sage100 import Sage100Error, SageLoginError, SageSchemaError

__all__ = ["CredentialsScreen"]


class CredentialsScreen(ConfigScreen):
    """6c. The Sage user and password, « Enregistrer » with an automatic login check."""

    name = "credentials"
    title = msg.CONFIGURE_CREDENTIALS_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """User and password (the password is never shown back)."""
        a = config_answers(answers)
        on_sql_server = msg.CONFIGURE_CREDENTIALS_HELP_SQLSERVER if a.sql_server else ""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_CREDENTIALS_TEXT.format(company=a.company_name(a.company)),
            "fields": [
                text_field("sage_user", msg.CONFIGURE_USER_LABEL, a.sage_user),
                password_field("sage_password", msg.CONFIGURE_PASSWORD_LABEL, on_sql_server),
            ],
            "buttons": buttons(msg.CONFIGURE_SAVE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login test against the company, then its columns (``check_company``).

        On SQL Server, SQL Server checks the SQL login (or the Windows account) and the
        Sage user must exist; Sage's own password hash cannot be checked outside Sage.
        """
        a = config_answers(answers)
        user = form.get("sage_user", a.sage_user)
        password = form.get("sage_password", a.sage_password)
        try:
            sage_company(a.sage_server, a.company, user, password, a.sql_login())
        except SageLoginError:
            return [msg.CONFIGURE_LOGIN_REFUSED.format(user=user)]  # one sentence
        except SageSchemaError as exc:
            return [msg.CONFIGURE_COMPANY_REFUSED.format(company=a.company, detail=exc)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the credentials."""
        a = config_answers(answers)
        update = {
            "sage_user": form.get("sage_user", a.sage_user),
            "sage_password": form.get("sage_password", a.sage_password),
        }
        return answers.model_copy(update=update)
