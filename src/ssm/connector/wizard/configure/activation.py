"""Activation: the configuration written (``ssm.connector.configure``), the sync started."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.configure import Administrator, attach, configure
from ssm.connector.errors import ConnectorError, WizardError
from ssm.connector.install import Answers, start_background
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView
from ssm.sage100 import Sage100Error

__all__ = ["ActivationScreen", "activate"]


class ActivationScreen(ConfigScreen):
    """7. Activation: the configuration written, then the background sync started."""

    name = "activation"
    title = msg.CONFIGURE_ACTIVATION_TITLE
    commits = True  # the key is redeemed: no going back, and « Annuler » leaves it configured

    def view(self, answers: Answers) -> ScreenView:
        """The confirmation, and « Activer »."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_ACTIVATION_TEXT.format(company=a.company_name(a.company)),
            "buttons": buttons(msg.CONFIGURE_ACTIVATE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Activate; a refusal keeps the wizard here, and « Activer » again resumes."""
        a = config_answers(answers)
        if a.install_dir is None:
            return [msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")]
        try:
            self._started = activate(a)
        except (ConnectorError, Sage100Error) as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Remember what was started."""
        return answers.model_copy(update={"activated": getattr(self, "_started", "")})


def activate(answers: ConfigAnswers) -> str:
    """Write the configuration (unless already written) and start the background sync.

    Raises:
        ConnectorError: the cloud refused or cannot be reached, or the service did not start.
        Sage100Error: the Sage company or login is refused.
    """
    if answers.install_dir is None:
        raise WizardError([msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")])
    layout = InstallLayout(answers.install_dir)
    if not layout.config_file.is_file():
        a = answers
        if a.advanced:
            attach(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                instance_id=int(a.instance_id),
                public_key=a.public_key,
                private_key=a.private_key,
                sql_login=a.sql_login(),
            )
        else:
            configure(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                activation_key=a.activation_key,
                administrator=Administrator(a.admin_first_name, a.admin_last_name, a.admin_email),
                sql_login=a.sql_login(),
            )
    return start_background(answers.install_dir)
