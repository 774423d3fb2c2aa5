"""Turn a wizard screen's ``view()`` into what the page template shows.

A screen's view (``ssm.connector.wizard.ScreenView``) knows nothing of HTML; this module turns
it into small records the templates show as they are, so the templates stay free of logic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ssm.connector.wizard import Screen, Wizard
from ssm.connector.wizard.browser.texts import NEXT, PHASES, PREVIOUS
from ssm.connector.wizard.view import FieldView


@dataclass(frozen=True)
class Option:
    """One choice of a select or radio field."""

    value: str
    label: str


@dataclass(frozen=True)
class Choice:
    """One row of a ``choices`` field: a button submitting ``value``, or a state."""

    value: str
    label: str
    action: str
    state: str
    primary: bool


@dataclass(frozen=True)
class Link:
    """A link, or a QR code (``image`` is its SVG as a data URI)."""

    label: str
    url: str
    image: str = ""


@dataclass(frozen=True)
class Field:
    """One form field of a screen."""

    name: str
    label: str
    kind: str = "text"  # text, password, checkbox, select, radio, choices, textarea
    value: str = ""
    checked: bool = False
    options: tuple[Option, ...] = ()
    choices: tuple[Choice, ...] = ()
    help: str = ""
    link: str = ""
    required: bool = False
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prerequisite:
    """One line of the prerequisites report."""

    name: str
    ok: bool
    detail: str = ""
    what_to_do: str = ""


@dataclass(frozen=True)
class Step:
    """One entry of the steps list in the side bar."""

    title: str
    current: bool
    done: bool


@dataclass
class Page:
    """Everything a screen's page shows."""

    name: str
    title: str
    texts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    qr_codes: list[Link] = field(default_factory=list)
    prerequisites: list[Prerequisite] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    next_label: str = NEXT
    back_label: str = PREVIOUS
    can_go_back: bool = True
    can_cancel: bool = True
    shows_next: bool = True
    shows_cancel: bool = True
    wizard_name: str = PHASES["install"].wizard
    is_progress: bool = False
    polling: bool = False
    steps: list[Step] = field(default_factory=list)
    step_number: int = 0


def _field(raw: FieldView, errors: Mapping[str, list[str]]) -> Field:
    kind = "text" if raw["type"] == "path" else raw["type"]
    value = raw["value"]
    return Field(
        name=raw["name"],
        label=raw["label"],
        kind=kind,
        value="" if value is None or isinstance(value, bool) else str(value),
        checked=kind == "checkbox" and bool(value),
        options=tuple(Option(v, label) for v, label in raw.get("options", {}).items()),
        choices=tuple(
            Choice(c["value"], c["label"], c["action"], c["state"], c["primary"])
            for c in raw.get("choices", [])
        ),
        help=raw.get("help", ""),
        errors=tuple(errors.get(raw["name"], ())),
    )


def split_errors(
    errors: Iterable[str], field_names: Iterable[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Attach each error that names a field (``"field: message"``) to it; the rest stay global."""
    names = set(field_names)
    general: list[str] = []
    by_field: dict[str, list[str]] = {}
    for error in errors:
        head, sep, tail = str(error).partition(":")
        if sep and head.strip() in names:
            by_field.setdefault(head.strip(), []).append(tail.strip())
        else:
            general.append(str(error))
    return general, by_field


def phase_screens(wizard: Wizard, screen: Screen) -> list[Screen]:
    """The screens shown in the side bar: those of ``screen``'s assistant that apply."""
    phase = getattr(screen, "phase", "install")
    return [
        s
        for s in wizard.screens
        if s.applies(wizard.answers) and getattr(s, "phase", "install") == phase
    ]


def side_steps(wizard: Wizard, screen: Screen) -> tuple[list[Step], int]:
    """The side bar's steps and the number of ``screen``'s step (0 when not listed).

    Consecutive screens with one title (the connection test and its result) are one step:
    the list never shows the same line twice.
    """
    titles: list[str] = []
    current = -1
    for candidate in phase_screens(wizard, screen):
        if not titles or titles[-1] != str(candidate.title):
            titles.append(str(candidate.title))
        if candidate is screen:
            current = len(titles) - 1
    steps = [Step(title=t, current=i == current, done=i < current) for i, t in enumerate(titles)]
    return steps, current + 1


def build_page(
    wizard: Wizard,
    *,
    errors: Iterable[str] = (),
    form: Mapping[str, str] | None = None,
) -> Page:
    """Read the wizard's current screen into a page, with errors and the values just typed."""
    screen = wizard.current
    view = wizard.view()
    raw_fields = view.get("fields", [])
    general, by_field = split_errors(errors, [f["name"] for f in raw_fields])
    fields = [_field(raw, by_field) for raw in raw_fields]
    if form is not None:
        fields = [_refill(f, form) for f in fields]
    buttons = {b["action"]: b for b in view["buttons"]}
    steps, step_number = side_steps(wizard, screen)
    return Page(
        name=view["name"],
        title=view["title"],
        texts=[view["text"]] if view["text"] else [],
        warnings=view.get("warnings", []),
        fields=fields,
        summary=[(row["label"], row["value"]) for row in view.get("summary", [])],
        links=[Link(link["label"], link["url"]) for link in view.get("links", [])],
        qr_codes=[
            Link(qr["label"], qr["url"], qr["svg_data_uri"]) for qr in view.get("qr_codes", [])
        ],
        prerequisites=[
            Prerequisite(p["name"], p["ok"], p["detail"], p["what_to_do"])
            for p in view.get("prerequisites", [])
        ],
        errors=general,
        next_label=buttons["submit"]["label"],
        back_label=buttons["back"]["label"],
        can_go_back=view["can_go_back"] and buttons["back"]["enabled"],
        can_cancel=buttons["cancel"]["enabled"],
        shows_next=buttons["submit"]["enabled"],
        shows_cancel=buttons["cancel"]["enabled"],
        wizard_name=PHASES[view["phase"]].wizard,
        is_progress=view.get("busy", False),
        steps=steps,
        step_number=step_number,
    )


def _refill(f: Field, form: Mapping[str, str]) -> Field:
    """Show again what the user typed when the screen refused it."""
    if f.kind == "checkbox":
        return Field(**{**f.__dict__, "checked": f.name in form})
    if f.kind == "password":
        return f  # never sent back to the browser
    if f.name in form:
        return Field(**{**f.__dict__, "value": form[f.name]})
    return f
