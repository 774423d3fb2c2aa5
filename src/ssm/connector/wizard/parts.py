"""Small helpers shared by the screens: form values and the buttons every screen has."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Prerequisite
from ssm.connector.wizard.view import ButtonView, PrerequisiteView

_TRUE = {"1", "true", "on", "yes", "oui", "vrai"}


def truthy(form: Mapping[str, str], key: str) -> bool:
    """A checkbox value: ticked when present with a true-like value (HTML sends ``on``)."""
    return str(form.get(key, "")).strip().lower() in _TRUE


def buttons(next_label: str = msg.NEXT, *, back: bool = True) -> list[ButtonView]:
    """« Précédent », « Annuler » and the forward button, in the guide's wording."""
    return [
        {"action": "back", "label": msg.PREVIOUS, "enabled": back},
        {"action": "cancel", "label": msg.CANCEL, "enabled": True},
        {"action": "submit", "label": next_label, "enabled": True},
    ]


def report(prerequisites: tuple[Prerequisite, ...] | list[Prerequisite]) -> list[PrerequisiteView]:
    """Prerequisites as a front end shows them."""
    return [
        PrerequisiteView(name=p.name, ok=p.ok, detail=p.detail, what_to_do=p.what_to_do)
        for p in prerequisites
    ]
