"""Turn a wizard screen's ``view()`` into what the page template shows.

A screen's view is a plain mapping (texts, fields, defaults, buttons) that knows nothing of
HTML; this module reads it leniently into small typed records so that the templates stay free of
logic and any front end can show the same screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ssm.connector.web import _texts


class ScreenLike(Protocol):
    """The part of ``ssm.connector.wizard.Screen`` a front end uses."""

    name: str
    title: str

    def applies(self, answers: Any) -> bool:
        """Whether the screen is shown for these answers."""
        ...

    def view(self, answers: Any) -> dict[str, Any]:
        """What to show: texts, fields, defaults, buttons."""
        ...


class WizardLike(Protocol):
    """The part of ``ssm.connector.wizard.Wizard`` a front end drives."""

    screens: Any
    answers: Any

    @property
    def current(self) -> Any:
        """The screen shown now."""
        ...

    def submit(self, form: Mapping[str, str]) -> Any:
        """Validate, apply and move to the next screen."""
        ...

    def back(self) -> Any:
        """Go to the previous applicable screen, answers kept."""
        ...

    def cancel(self) -> Any:
        """Give up, leaving the machine as it was."""
        ...


@dataclass(frozen=True)
class Option:
    """One choice of a select or radio field."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One form field of a screen."""

    name: str
    label: str
    kind: str = "text"  # text, checkbox, select, radio, textarea
    value: str = ""
    checked: bool = False
    options: tuple[Option, ...] = ()
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
    prerequisites: list[Prerequisite] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    next_label: str = _texts.NEXT
    can_go_back: bool = True
    can_cancel: bool = True
    is_progress: bool = False
    polling: bool = False
    steps: list[Step] = field(default_factory=list)
    step_number: int = 0


def _strings(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _first(view: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in view and view[key] is not None:
            return view[key]
    return None


def _options(raw: Any) -> tuple[Option, ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        return tuple(Option(str(k), str(v)) for k, v in raw.items())
    options = []
    for item in raw:
        if isinstance(item, str):
            options.append(Option(item, item))
        elif isinstance(item, tuple | list):
            options.append(Option(str(item[0]), str(item[1] if len(item) > 1 else item[0])))
        else:
            value = str(_get(item, "value", ""))
            options.append(Option(value, str(_get(item, "label", value))))
    return tuple(options)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes", "oui"}
    return bool(value)


def _field(raw: Any, errors: Mapping[str, list[str]]) -> Field:
    name = str(_get(raw, "name", ""))
    kind = str(_get(raw, "type", None) or _get(raw, "kind", None) or "text")
    value = _get(raw, "value", None)
    if value is None:
        value = _get(raw, "default", None)
    options = _options(_get(raw, "options", None) or _get(raw, "choices", None))
    if kind == "text" and options:
        kind = "select"
    return Field(
        name=name,
        label=str(_get(raw, "label", name)),
        kind=kind,
        value="" if value is None or isinstance(value, bool) else str(value),
        checked=kind == "checkbox" and _truthy(value),
        options=options,
        help=str(_get(raw, "help", "") or ""),
        link=str(_get(raw, "link", "") or _get(raw, "url", "") or ""),
        required=bool(_get(raw, "required", False)),
        errors=tuple(errors.get(name, ())),
    )


def _summary(raw: Any) -> list[tuple[str, str]]:
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        return [(str(k), str(v)) for k, v in raw.items()]
    rows = []
    for item in raw:
        if isinstance(item, tuple | list):
            rows.append((str(item[0]), str(item[1])))
        else:
            rows.append((str(_get(item, "label", "")), str(_get(item, "value", ""))))
    return rows


def _prerequisites(raw: Any) -> list[Prerequisite]:
    return [
        Prerequisite(
            name=str(_get(item, "name", "")),
            ok=bool(_get(item, "ok", False)),
            detail=str(_get(item, "detail", "") or ""),
            what_to_do=str(_get(item, "what_to_do", "") or ""),
        )
        for item in raw or ()
    ]


def _buttons(view: Mapping[str, Any]) -> Mapping[str, Any]:
    raw = view.get("buttons")
    if isinstance(raw, Mapping):
        return raw
    merged: dict[str, Any] = {}
    for button in raw or ():  # [{"action": "submit", "label": "Installer", "enabled": True}, …]
        action = str(_get(button, "action", ""))
        enabled = bool(_get(button, "enabled", True))
        if action in ("submit", "next"):
            merged["next"] = _get(button, "label", None)
        elif action in ("back", "cancel"):
            merged[action] = enabled
    return merged


def _field_errors(raw: Any) -> dict[str, list[str]]:
    if isinstance(raw, Mapping):
        return {str(k): _strings(v) for k, v in raw.items()}
    return {}


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


def build_page(
    wizard: WizardLike,
    *,
    errors: Iterable[str] = (),
    form: Mapping[str, str] | None = None,
) -> Page:
    """Read the wizard's current screen into a page, with errors and the values just typed."""
    screen = wizard.current
    answers = wizard.answers
    view: Mapping[str, Any] = screen.view(answers) or {}
    raw_fields = list(view.get("fields") or ())
    names = [str(_get(f, "name", "")) for f in raw_fields]
    general, by_field = split_errors(errors, names)
    for key, messages in _field_errors(view.get("field_errors")).items():
        by_field.setdefault(key, []).extend(messages)
    fields = [_field(raw, by_field) for raw in raw_fields]
    if form is not None:
        fields = [_refill(f, form) for f in fields]
    buttons = _buttons(view)
    name = str(screen.name)
    applicable = [s for s in wizard.screens if s.applies(answers)]
    position = next((i for i, s in enumerate(applicable) if s is screen), -1)
    default_next = {"summary": _texts.INSTALL, "done": _texts.FINISH}.get(name, _texts.NEXT)
    is_progress = name == "progress"
    return Page(
        name=name,
        title=str(view.get("title") or screen.title),
        texts=_strings(_first(view, "texts", "paragraphs", "text", "intro", "message")),
        warnings=_strings(_first(view, "warnings", "warning")),
        fields=fields,
        summary=_summary(view.get("summary")),
        prerequisites=_prerequisites(view.get("prerequisites")),
        errors=general + _strings(view.get("errors")),
        next_label=str(buttons.get("next") or view.get("next_label") or default_next),
        can_go_back=bool(buttons.get("back", position > 0 and not is_progress)),
        can_cancel=bool(buttons.get("cancel", not is_progress)),
        is_progress=is_progress,
        steps=[
            Step(title=str(s.title), current=i == position, done=i < position)
            for i, s in enumerate(applicable)
        ],
        step_number=position + 1,
    )


def _refill(f: Field, form: Mapping[str, str]) -> Field:
    """Show again what the user typed when the screen refused it."""
    if f.kind == "checkbox":
        return Field(**{**f.__dict__, "checked": f.name in form})
    if f.name in form:
        return Field(**{**f.__dict__, "value": form[f.name]})
    return f
