"""The quick mode's activation key screen, the key checked by the cloud."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.configure import check_activation_key
from ssm.connector.errors import ConnectorError
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import QuickScreen, form_value, text_field
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["ActivationKeyScreen"]


class ActivationKeyScreen(QuickScreen):
    """3. The activation key, checked by the cloud (the one message for every refusal)."""

    name = "activation_key"
    title = msg.CONFIGURE_KEY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The key and the service address."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_KEY_TEXT,
            "fields": [
                text_field("activation_key", msg.CONFIGURE_KEY_LABEL, a.activation_key),
                text_field("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The cloud says the key can be redeemed (it is redeemed at the activation)."""
        a = config_answers(answers)
        key = form_value(form, "activation_key", a.activation_key)
        url = form_value(form, "cloud_url", a.cloud_url)
        if not url:
            return [msg.CONFIGURE_CLOUD_MISSING]
        if not key.strip():
            return [msg.ACTIVATION_KEY_MISSING]  # nothing typed: not « code non valide »
        try:
            check_activation_key(url, key)
        except ConnectorError as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the key and the address."""
        a = config_answers(answers)
        return answers.model_copy(
            update={
                "activation_key": form_value(form, "activation_key", a.activation_key),
                "cloud_url": form_value(form, "cloud_url", a.cloud_url),
            }
        )
