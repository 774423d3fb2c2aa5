"""Screen 2, install folder: per-OS default, absolute, writable, room, no other install."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ssm.connector import messages as msg
from ssm.connector.install import (
    NEEDED_MB,
    Answers,
    contained_install,
    enclosing_install,
    free_mb,
    is_install,
    is_interrupted,
    kept_data,
    writable_error,
)
from ssm.connector.wizard.install.context import InstallContext
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView


class FolderScreen:
    """Choose where the connector goes."""

    name = "folder"
    title = msg.FOLDER_TITLE

    def __init__(self, context: InstallContext) -> None:
        self.context = context

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def view(self, answers: Answers) -> ScreenView:
        """The folder field, prefilled with the answer or the per-OS default."""
        value = str(answers.install_dir) if answers.install_dir else self.context.default_dir
        return {
            "title": self.title,
            "text": msg.FOLDER_TEXT,
            "fields": [
                {"name": "install_dir", "label": msg.FOLDER_LABEL, "type": "path", "value": value}
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The first reason the folder cannot be used, in French (empty list when it can)."""
        raw = str(form.get("install_dir", "")).strip()
        if not raw:
            return [msg.FOLDER_MISSING]
        if not Path(raw).is_absolute():
            return [msg.FOLDER_RELATIVE.format(path=raw, example=self.context.default_dir)]
        path = Path(os.path.abspath(raw))  # noqa: PTH100 - keep symlinks as typed
        error = _usable(path)
        return [error] if error else []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the folder, normalised."""
        path = Path(os.path.abspath(str(form["install_dir"]).strip()))  # noqa: PTH100
        return answers.model_copy(update={"install_dir": path})


def _usable(path: Path) -> str | None:
    if path.exists() and not path.is_dir():
        return msg.FOLDER_NOT_DIRECTORY.format(path=path)
    interrupted = is_interrupted(path)  # the install will roll it back first
    if is_install(path) and not interrupted:
        return msg.FOLDER_IS_INSTALL.format(path=path)
    other = enclosing_install(path)
    if other is not None:
        return msg.FOLDER_INSIDE_INSTALL.format(path=path, other=other)
    if path.is_dir() and not interrupted:
        other = contained_install(path)
        if other is not None:
            return msg.FOLDER_CONTAINS_INSTALL.format(path=path, other=other)
        if any(path.iterdir()) and not kept_data(path):  # kept data/ and logs/ are reused
            return msg.FOLDER_NOT_EMPTY.format(path=path)
    reason = writable_error(path)
    if reason is not None:
        return msg.FOLDER_NOT_WRITABLE.format(path=path, detail=reason)
    free = free_mb(path)
    if free < NEEDED_MB:
        return msg.FOLDER_NO_SPACE.format(path=path, free=free, needed=NEEDED_MB)
    return None
