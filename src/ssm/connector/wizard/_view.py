"""What a wizard screen gives its front end: typed dictionaries, the same for every screen.

Screens build them without I/O; the web pages, the unattended mode and the tests read the
same keys, so no front end guesses at a screen's shape.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

FieldType = Literal["text", "path", "select", "checkbox"]


class FieldView(TypedDict):
    """One input of a screen."""

    name: str
    label: str
    type: FieldType
    value: str | bool | None
    options: NotRequired[dict[str, str]]  # value → label, for selects


class ButtonView(TypedDict):
    """« Précédent », « Annuler » or the forward button."""

    action: Literal["back", "cancel", "submit"]
    label: str
    enabled: bool


class SummaryRow(TypedDict):
    """One line of the summary before installing."""

    label: str
    value: str


class PrerequisiteView(TypedDict):
    """One line of the prerequisites report."""

    name: str
    ok: bool
    detail: str
    what_to_do: str


class ScreenView(TypedDict):
    """Everything a front end shows for one screen."""

    title: str
    text: str
    buttons: list[ButtonView]
    fields: NotRequired[list[FieldView]]
    warnings: NotRequired[list[str]]
    prerequisites: NotRequired[list[PrerequisiteView]]
    summary: NotRequired[list[SummaryRow]]
    busy: NotRequired[bool]  # work is running (the install): the front end polls


class WizardView(ScreenView):
    """A screen's view with the wizard's navigation state (``Wizard.view``)."""

    name: str
    can_go_back: bool
    cancel_confirmation: str
