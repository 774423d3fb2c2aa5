"""The configuration's first screen: « Installation rapide » or « Installation avancée »."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure.parts import ConfigScreen, without_submit
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ChoiceView, ScreenView

__all__ = ["LaunchScreen"]


class LaunchScreen(ConfigScreen):
    """1. « Installation rapide » (recommended, first) or « Installation avancée » (discreet)."""

    name = "launch"
    title = msg.CONFIGURE_LAUNCH_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """Two buttons, the quick one primary."""
        choices: list[ChoiceView] = [
            {
                "value": mode,
                "label": msg.CONFIGURE_MODE_TEXTS[mode],
                "action": label,
                "state": "",
                "primary": mode == "rapide",
            }
            for mode, label in msg.CONFIGURE_MODES.items()
        ]
        return {
            "title": self.title,
            "text": msg.CONFIGURE_LAUNCH_TEXT,
            "fields": [
                {
                    "name": "mode",
                    "label": msg.CONFIGURE_MODE_LABEL,
                    "type": "choices",
                    "value": config_answers(answers).mode,
                    "choices": choices,
                }
            ],
            "buttons": without_submit(buttons(back=False)),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A known mode, and a folder not configured yet."""
        mode = form.get("mode", config_answers(answers).mode)
        if mode not in msg.CONFIGURE_MODES:
            known = ", ".join(msg.CONFIGURE_MODES)
            return [msg.CONFIGURE_MODE_UNKNOWN.format(mode=mode, known=known)]
        folder = answers.install_dir
        if folder is not None and InstallLayout(folder).config_file.is_file():
            return [msg.CONFIGURE_ALREADY_CONFIGURED.format(path=folder)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the mode."""
        return answers.model_copy(update={"mode": form.get("mode", "rapide")})
