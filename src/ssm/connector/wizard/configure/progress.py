"""A configuration in progress, kept in its install folder so it can always be reopened.

The wizard's first address carries a one-time token: closing the browser tab, or opening the
address a second time, locks the person out of the assistant that is still running. So the
browser front end writes, after every step of the configuration, where it stands in
``<install folder>/.configuration-en-cours.json`` (owner-only): the screen shown, the answers
without their secrets (only the names of those already typed), and how to reach the running
assistant (its port and a key that asks it for a fresh address). ``ssm-connector configure
--dir`` reads it: a running assistant hands out a new address and keeps everything typed; a
stopped one (Ctrl-C, a reboot) is rebuilt from the file, back on the first screen that asked
for a secret it no longer has. The file is removed when the configuration ends or is cancelled.

Example::

    save_progress(wizard, port=8123, key=key)
    wizard = resumed_configure_wizard(Path("/opt/ssm"))
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ssm.connector.wizard.configure._answers import ConfigAnswers
from ssm.connector.wizard.configure._wizard import configure_wizard
from ssm.connector.wizard.machine import Wizard
from ssm.private_files import private_opener

PROGRESS_FILE = ".configuration-en-cours.json"

#: The answers never written to disk: those pydantic keeps out of ``repr`` (keys, passwords).
SECRET_FIELDS = tuple(
    name for name, info in ConfigAnswers.model_fields.items() if info.repr is False
)


class Progress(BaseModel):
    """What the progress file holds."""

    model_config = ConfigDict(frozen=True)

    screen: str
    answers: ConfigAnswers
    secrets_given: tuple[str, ...] = ()
    port: int = 0
    key: str = Field(default="", repr=False)


def progress_path(folder: Path) -> Path:
    """The progress file of the install folder ``folder``."""
    return folder / PROGRESS_FILE


def save_progress(wizard: Wizard, *, port: int, key: str) -> Path | None:
    """Write where the configuration stands; ``None`` when not configuring an existing folder.

    Only a screen of the configuration phase is recorded (an install in progress has no folder
    yet), and only once its folder exists.
    """
    answers = wizard.answers
    folder = answers.install_dir if isinstance(answers, ConfigAnswers) else None
    if folder is None or getattr(wizard.current, "phase", "") != "configure":
        return None
    if not folder.is_dir() or wizard.finished or wizard.cancelled:
        return None
    given = tuple(name for name in SECRET_FIELDS if getattr(answers, name))
    kept = answers.model_copy(update=dict.fromkeys(SECRET_FIELDS, ""))
    progress = Progress(
        screen=wizard.current.name, answers=kept, secrets_given=given, port=port, key=key
    )
    path = progress_path(folder)
    with open(path, "w", encoding="utf-8", opener=private_opener) as handle:
        handle.write(progress.model_dump_json())
    return path


def read_progress(folder: Path) -> Progress | None:
    """The configuration in progress in ``folder``, or ``None`` (none, or an unreadable file)."""
    try:
        raw = progress_path(folder).read_text(encoding="utf-8")
        return Progress.model_validate(json.loads(raw))
    except (OSError, ValueError, ValidationError):
        return None


def clear_progress(folder: Path) -> None:
    """Forget the configuration in progress (it ended or was cancelled)."""
    progress_path(folder).unlink(missing_ok=True)


def resume_screen(wizard: Wizard, progress: Progress) -> str:
    """Where a rebuilt wizard starts: the saved screen, or an earlier one asking for a secret.

    The file keeps no secret, so the first screen that asked for one already typed must be
    shown again before the saved one.
    """
    answers = progress.answers
    for screen in wizard.screens:
        if screen.name == progress.screen:
            break
        if not screen.applies(answers):
            continue
        asked = {field["name"] for field in screen.view(answers).get("fields", [])}
        if asked & set(progress.secrets_given):
            return screen.name
    return progress.screen


def resumed_configure_wizard(folder: Path) -> Wizard:
    """The configuration wizard of ``folder``, where the last one stopped if it left a file."""
    progress = read_progress(folder)
    if progress is None:
        return configure_wizard(folder)
    wizard = configure_wizard(folder, progress.answers)
    wizard.resume_at(resume_screen(wizard, progress))
    return wizard
