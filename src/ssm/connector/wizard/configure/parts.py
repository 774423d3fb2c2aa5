"""What every configuration screen shares: its defaults, its fields, its buttons.

The screens live one module each beside this one (``launch.py``, ``prerequisites.py`` …
``end.py``); all build their views from these parts, so every screen's fields have one
shape. The buttons both wizards share are in ``ssm.connector.wizard.parts``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.view import ButtonView, ChoiceView, FieldView

__all__ = [
    "ConfigScreen",
    "QuickScreen",
    "choices_field",
    "company_rows",
    "form_value",
    "password_field",
    "text_field",
    "without_cancel",
    "without_submit",
]


def text_field(name: str, label: str, value: str, help: str = "") -> FieldView:
    """A text field, with what to type under it when ``help`` is given."""
    field: FieldView = {"name": name, "label": label, "type": "text", "value": value}
    if help:
        field["help"] = help
    return field


def password_field(name: str, label: str, help: str = "") -> FieldView:
    """A password field: its value is never given back to the front end."""
    field: FieldView = {"name": name, "label": label, "type": "password", "value": ""}
    if help:
        field["help"] = help
    return field


def form_value(form: Mapping[str, str], key: str, default: str) -> str:
    """The form's value for ``key``, stripped, else ``default``."""
    return form.get(key, default).strip()


class ConfigScreen:
    """Defaults shared by the configuration screens."""

    name = ""
    title = ""
    phase = "configure"
    commits = False

    def applies(self, answers: Answers) -> bool:
        """Shown when the configuration was asked for (always, outside ``setup``)."""
        return answers.launch_configuration

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Nothing to check by default."""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Nothing to keep by default."""
        return answers


class QuickScreen(ConfigScreen):
    """Screens of « Installation rapide » only."""

    def applies(self, answers: Answers) -> bool:
        """Not in the advanced mode."""
        return super().applies(answers) and not config_answers(answers).advanced


def choices_field(name: str, label: str, value: str, choices: list[ChoiceView]) -> FieldView:
    """Rows of buttons, each submitting its value (the launch modes, the companies)."""
    return {"name": name, "label": label, "type": "choices", "value": value, "choices": choices}


def without_submit(found: list[ButtonView]) -> list[ButtonView]:
    """The screen's own buttons submit it (the launch modes, « Configurer »)."""
    return [{**b, "enabled": False} if b["action"] == "submit" else b for b in found]


def without_cancel(found: list[ButtonView]) -> list[ButtonView]:
    """Nothing left to cancel (the end screen)."""
    return [{**b, "enabled": False} if b["action"] == "cancel" else b for b in found]


def company_rows(a: ConfigAnswers, *, ready: str, primary: bool) -> list[ChoiceView]:
    """One row per company: « Prêt à synchroniser » for ``ready``, « Configurer » for others."""
    return [
        {
            "value": database,
            "label": f"{name} ({database})",
            "action": "" if database == ready else msg.CONFIGURE_COMPANY_BUTTON,
            "state": msg.CONFIGURE_READY if database == ready else "",
            "primary": primary,
        }
        for database, name in a.companies
    ]
