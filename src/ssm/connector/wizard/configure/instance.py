"""The advanced mode's screen: the existing instance and its API key pair, checked by the cloud."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.configure import check_instance
from ssm.connector.errors import ConnectorError
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import (
    ConfigScreen,
    form_value,
    password_field,
    text_field,
)
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["InstanceScreen"]


class InstanceScreen(ConfigScreen):
    """3 (« Installation avancée »). The existing instance and its API key pair."""

    name = "instance"
    title = msg.CONFIGURE_INSTANCE_TITLE

    def applies(self, answers: Answers) -> bool:
        """Only in the advanced mode."""
        return super().applies(answers) and config_answers(answers).advanced

    def view(self, answers: Answers) -> ScreenView:
        """The address, the instance and the pair (the private key never shown back)."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_INSTANCE_TEXT,
            "fields": [
                text_field("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
                text_field("instance_id", msg.CONFIGURE_INSTANCE_ID_LABEL, a.instance_id),
                text_field("public_key", msg.CONFIGURE_PUBLIC_KEY_LABEL, a.public_key),
                password_field("private_key", msg.CONFIGURE_PRIVATE_KEY_LABEL),
            ],
            "buttons": buttons(),
        }

    def _form(self, answers: Answers, form: Mapping[str, str]) -> dict[str, str]:
        a = config_answers(answers)
        return {
            name: form_value(form, name, getattr(a, name))
            for name in ("cloud_url", "instance_id", "public_key", "private_key")
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The pair logs in and opens the instance given."""
        values = self._form(answers, form)
        if not values["cloud_url"]:
            return [msg.CONFIGURE_CLOUD_MISSING]
        if not (values["instance_id"] and values["public_key"] and values["private_key"]):
            return [msg.CONFIGURE_INSTANCE_MISSING]
        if not values["instance_id"].isdigit():
            return [msg.CONFIGURE_INSTANCE_ID_INVALID.format(value=values["instance_id"])]
        try:
            found = check_instance(
                values["cloud_url"],
                int(values["instance_id"]),
                values["public_key"],
                values["private_key"],
            )
        except ConnectorError as exc:
            return [str(exc)]
        self._company = found.companyId or ""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the pair and the company the instance already feeds."""
        update: dict[str, object] = dict(self._form(answers, form))
        update["instance_company"] = getattr(self, "_company", "")
        return answers.model_copy(update=update)
