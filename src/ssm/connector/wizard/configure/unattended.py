r"""Unattended configuration: a TOML answers file drives the configuration screens.

The file (every key at the top level, plus an optional ``[administrator]`` table)::

    mode = "rapide"                      # "rapide" (default) or "avancee"
    cloud_url = "https://…"              # or --cloud-url / SSM_CLOUD_URL
    activation_key = "…"                 # "rapide": a new instance
    instance_id = 42                     # "avancee": an existing instance and its key pair
    public_key = "…"
    private_key = "…"
    sage_server = "SRV-SAGE\\SAGE100"    # a SQL Server, or an emulated server's folder;
                                         # default: the one the installer found
    sage_authentication = "sql"          # "windows" (default) or "sql" (SQL Server)
    sql_user = "ssm_lecture"             # with "sql" only
    sql_password = "…"
    company = "BIJOU"
    sage_user = "<Administrateur>"
    sage_password = "…"                  # default "": a fresh Sage user has none

    [administrator]                      # default: the company's first rep with an e-mail
    first_name = "Claire"
    last_name = "Martin"
    email = "claire.martin@example.com"

A misspelt key is refused with its name before anything is written. The activation starts
the background sync, as the wizard's « Activer » does.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ssm.connector import messages as msg
from ssm.connector.environment import read_environment
from ssm.connector.errors import InstallError, WizardError
from ssm.connector.install import Answers, InstallOptions, uninstall
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configure._wizard import configure_wizard
from ssm.connector.wizard.install.context import build_context
from ssm.connector.wizard.install.unattended import load_answers_file, merge_options, run_unattended


class AdministratorSection(BaseModel):
    """The ``[administrator]`` table."""

    model_config = ConfigDict(extra="forbid")

    first_name: str
    last_name: str
    email: str


class ConfigureAnswersFile(BaseModel):
    """A configuration answers file."""

    model_config = ConfigDict(extra="forbid")

    mode: str = "rapide"
    cloud_url: str | None = None
    activation_key: str = ""
    instance_id: int | None = None
    public_key: str = ""
    private_key: str = ""
    sage_server: str = ""
    sage_authentication: str = "windows"  # checked by the prerequisites screen, in French
    sql_user: str = ""
    sql_password: str = Field(default="", repr=False)
    company: str
    sage_user: str
    sage_password: str = Field(default="", repr=False)  # a fresh Sage user has none
    administrator: AdministratorSection | None = None


def load_configure_answers(path: Path, section: str | None = None) -> ConfigureAnswersFile:
    """Read and check a configuration answers file; every defect is one French line.

    ``section`` reads the keys from that table instead of the top level (``setup``'s
    ``[configure]``).

    Raises:
        InstallError: unreadable, not TOML, unknown key, missing or ill-typed value.
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InstallError(msg.ANSWERS_UNREADABLE.format(path=path, detail=exc)) from exc
    if section is not None:
        table = data.get(section)
        if not isinstance(table, dict):
            raise InstallError(msg.ANSWERS_MISSING_TABLE.format(path=path, section=section))
        data = table
    known = list(ConfigureAnswersFile.model_fields)
    for key in data:
        if key not in known:
            raise InstallError(_unknown(path, key, key, known))
    admin = data.get("administrator")
    if isinstance(admin, dict):
        admin_known = list(AdministratorSection.model_fields)
        for key in admin:
            if key not in admin_known:
                raise InstallError(_unknown(path, f"administrator.{key}", key, admin_known))
    try:
        loaded = ConfigureAnswersFile.model_validate(data)
    except ValidationError as exc:
        detail = "; ".join(
            f"{'.'.join(map(str, e['loc']))} : "
            + ("valeur obligatoire absente" if e["type"] == "missing" else e["msg"])
            for e in exc.errors()
        )
        raise InstallError(msg.ANSWERS_INVALID.format(path=path, detail=detail)) from exc
    needed = ["instance_id", "public_key", "private_key"] if loaded.mode == "avancee" else []
    needed = needed or ["activation_key"]
    for key in needed:
        if not getattr(loaded, key):
            raise InstallError(msg.CONFIGURE_ANSWERS_MISSING.format(path=path, key=key))
    return loaded


def _unknown(path: Path, shown: str, key: str, known: list[str]) -> str:
    guesses = difflib.get_close_matches(key, known, n=1)
    hint = msg.ANSWERS_HINT.format(guess=guesses[0]) if guesses else ""
    return msg.ANSWERS_UNKNOWN_KEY.format(path=path, key=shown, hint=hint, known=", ".join(known))


def run_configure_unattended(
    install_dir: Path, answers: ConfigureAnswersFile, cloud_url: str | None = None
) -> ConfigAnswers:
    """Walk the configuration wizard with the file's answers.

    Raises:
        WizardError: a screen refused its answers (before activation nothing is written).
    """
    if not install_dir.is_dir():
        raise InstallError(msg.CONFIGURE_NOT_AN_INSTALL.format(path=install_dir))
    url = cloud_url or answers.cloud_url or read_environment().cloud_url
    wizard = configure_wizard(install_dir.absolute())
    admin = answers.administrator
    cloud = {"cloud_url": url} if url else {}  # else the address the installer recorded
    server = {"sage_server": answers.sage_server} if answers.sage_server else {}
    forms: dict[str, dict[str, str]] = {
        "launch": {"mode": answers.mode},
        "prerequisites": {
            **server,  # else the server the installer recorded
            "sage_authentication": answers.sage_authentication,
            "sql_user": answers.sql_user,
            "sql_password": answers.sql_password,
        },
        "instance": {
            **cloud,
            "instance_id": str(answers.instance_id or ""),
            "public_key": answers.public_key,
            "private_key": answers.private_key,
        },
        "activation_key": {"activation_key": answers.activation_key, **cloud},
        "company": {"company": answers.company},
        "credentials": {"sage_user": answers.sage_user, "sage_password": answers.sage_password},
    }
    while not wizard.finished:
        name = wizard.current.name
        form = forms.get(name, {})
        if name == "administrator":
            form = _administrator_form(config_answers(wizard.answers), answers.company, admin)
        result = wizard.submit(form)
        if result.errors:
            raise WizardError(result.errors)
    return config_answers(wizard.answers)


def _administrator_form(
    found: ConfigAnswers, company: str, admin: AdministratorSection | None
) -> dict[str, str]:
    """The ``[administrator]`` table, else the first rep with an e-mail of ``company``."""
    if admin is not None:
        return {"first_name": admin.first_name, "last_name": admin.last_name, "email": admin.email}
    for _, _, email, database in found.administrators:
        if database == company:
            return {"candidate": email}
    return {}


def configure_unattended(
    install_dir: Path, answers_file: Path, cloud_url: str | None = None
) -> ConfigAnswers:
    """``ssm-connector configure --unattended``: read the file, walk the wizard."""
    return run_configure_unattended(install_dir, load_configure_answers(answers_file), cloud_url)


def setup_unattended(
    answers_file: Path, options: InstallOptions
) -> tuple[Answers, ConfigAnswers | None, list[str]]:
    """``ssm-connector setup --unattended``: ``[install]`` then ``[configure]`` of one file.

    Both tables are checked before anything is installed, so a misspelt configuration key
    costs nothing. The configuration runs when ``install.launch_configuration`` is true.
    When a configuration screen refuses its answers (a wrong Sage password, a company
    without a column the connector needs), the install this command made is undone: the
    operator fixes the file and runs the same command again, nothing left behind.
    """
    section = load_answers_file(answers_file, other_sections=("configure",))
    configuration = None
    if section.launch_configuration:
        configuration = load_configure_answers(answers_file, section="configure")
    installed, warnings = run_unattended(section, build_context(merge_options(section, options)))
    if configuration is None or installed.install_dir is None:
        return installed, None, warnings
    try:
        configured = run_configure_unattended(installed.install_dir, configuration)
    except WizardError as exc:
        if InstallLayout(installed.install_dir).config_file.exists():
            raise  # the activation wrote its credentials: keep them for « configure »
        uninstall(installed.install_dir)
        raise WizardError(
            [*exc.errors, msg.SETUP_UNDONE.format(path=installed.install_dir)]
        ) from exc
    return installed, configured, warnings
