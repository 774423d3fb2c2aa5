"""What a wizard screen gives its front end: typed dictionaries, the same for every screen.

Screens build them without I/O; the web pages, the unattended mode and the tests read the
same keys, so no front end guesses at a screen's shape.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

FieldType = Literal["text", "path", "select", "radio", "checkbox", "password", "choices"]


class ChoiceView(TypedDict):
    """One row of a ``choices`` field: a button that submits ``value``, or a state."""

    value: str
    label: str
    action: str  # the button's label; empty when the row shows ``state`` instead
    state: str
    primary: bool


class FieldView(TypedDict):
    """One input of a screen (a password is never given back in ``value``)."""

    name: str
    label: str
    type: FieldType
    value: str | bool | None
    options: NotRequired[dict[str, str]]  # value → label, for selects and radio buttons
    choices: NotRequired[list[ChoiceView]]
    help: NotRequired[str]  # what to type, shown under the field


class LinkView(TypedDict):
    """A link to read elsewhere (the knowledge base)."""

    label: str
    url: str


class QrCodeView(TypedDict):
    """A QR code to scan, with the link it encodes."""

    label: str
    url: str
    svg_data_uri: str


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
    links: NotRequired[list[LinkView]]
    qr_codes: NotRequired[list[QrCodeView]]
    busy: NotRequired[bool]  # work is running (the install): the front end polls


class WizardView(ScreenView):
    """A screen's view with the wizard's navigation state (``Wizard.view``)."""

    name: str
    can_go_back: bool
    phase: Literal["install", "configure"]
