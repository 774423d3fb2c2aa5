"""Unattended mode: the answers come from a TOML file and drive the same screens.

The file::

    [install]
    dir = "/opt/sage-sales-management-sage100"   # required, absolute
    country = "FR"                                 # ISO code, default FR
    accept_terms = true                            # required where the terms screen shows
    launch_configuration = false                   # default true
    sage_server = "/srv/sage100"                   # optional, like --sage-server
    cloud_url = "https://…"                        # optional, like --cloud-url

An unknown key is refused with its name (and the closest known key), before anything is
written.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ssm.connector import messages as msg
from ssm.connector.errors import InstallError, WizardError
from ssm.connector.install import Answers, InstallOptions
from ssm.connector.wizard.install.context import InstallContext, build_context
from ssm.connector.wizard.install.wizard import install_wizard


class InstallSection(BaseModel):
    """The ``[install]`` section of an answers file."""

    model_config = ConfigDict(extra="forbid")

    dir: str
    country: str = "FR"
    accept_terms: bool = False
    launch_configuration: bool = True
    sage_server: str | None = None
    cloud_url: str | None = None


def load_answers_file(path: Path, other_sections: tuple[str, ...] = ()) -> InstallSection:
    """Read and check an answers file's ``[install]``; every defect is one French line.

    ``other_sections`` are tables another reader checks (``setup``: ``[configure]``).

    Raises:
        InstallError: unreadable, not TOML, unknown key, missing or ill-typed value.
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InstallError(msg.ANSWERS_UNREADABLE.format(path=path, detail=exc)) from exc
    allowed = ["install", *other_sections]
    for key in data:
        if key not in allowed:
            raise InstallError(_unknown(path, key, allowed))
    section = data.get("install")
    if not isinstance(section, dict):
        raise InstallError(msg.ANSWERS_MISSING_SECTION.format(path=path))
    known = list(InstallSection.model_fields)
    for key in section:
        if key not in known:
            raise InstallError(_unknown(path, f"install.{key}", known, key))
    try:
        return InstallSection.model_validate(section)
    except ValidationError as exc:
        detail = "; ".join(
            f"install.{'.'.join(map(str, e['loc']))} : {_french(e['type'])}" for e in exc.errors()
        )
        raise InstallError(msg.ANSWERS_INVALID.format(path=path, detail=detail)) from exc


def _unknown(path: Path, shown: str, known: list[str], key: str | None = None) -> str:
    guesses = difflib.get_close_matches(key or shown, known, n=1)
    hint = msg.ANSWERS_HINT.format(guess=guesses[0]) if guesses else ""
    return msg.ANSWERS_UNKNOWN_KEY.format(path=path, key=shown, hint=hint, known=", ".join(known))


def _french(error_type: str) -> str:
    return {
        "missing": "valeur obligatoire absente",
        "bool_type": "true ou false attendu",
        "bool_parsing": "true ou false attendu",
        "string_type": "texte attendu",
    }.get(error_type, f"valeur invalide ({error_type})")


def merge_options(section: InstallSection, options: InstallOptions) -> InstallOptions:
    """Command-line options win over the file's ``sage_server`` and ``cloud_url``."""
    return replace(
        options,
        sage_server=options.sage_server or section.sage_server,
        cloud_url=options.cloud_url or section.cloud_url,
    )


def run_unattended(section: InstallSection, context: InstallContext) -> tuple[Answers, list[str]]:
    """Walk the installation wizard with the file's answers.

    Returns:
        The final answers and the warnings shown on the way (e.g. Sage 100 running).

    Raises:
        WizardError: a screen refused its answers; nothing was written.
    """
    wizard = install_wizard(context)
    warnings: list[str] = list(wizard.view().get("warnings", []))
    forms: dict[str, dict[str, str]] = {
        "welcome": {"country": section.country},
        "folder": {"install_dir": section.dir},
        "terms": {"accept_terms": str(section.accept_terms).lower()},
        "summary": {},
        "progress": {},
        "done": {"launch_configuration": str(section.launch_configuration).lower()},
    }
    while not wizard.finished:
        result = wizard.submit(forms[wizard.current.name])
        if result.errors:
            raise WizardError(result.errors)
    return wizard.answers, warnings


def install_unattended(answers_file: Path, options: InstallOptions) -> tuple[Answers, list[str]]:
    """Read ``answers_file`` and install with it (``ssm-connector install --unattended``)."""
    section = load_answers_file(answers_file)
    return run_unattended(section, build_context(merge_options(section, options)))
