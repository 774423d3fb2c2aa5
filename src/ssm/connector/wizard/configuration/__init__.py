"""The configuration wizard (« Installer le module complémentaire CRM »), built on ``Wizard``.

Example::

    wizard = configure_wizard(Path("/opt/ssm"))
    wizard.submit({"mode": "rapide"})
"""

from __future__ import annotations

from ssm.connector.wizard.configuration._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configuration._wizard import configure_screens, configure_wizard
from ssm.connector.wizard.configuration.unattended import (
    ConfigureAnswersFile,
    configure_unattended,
    load_configure_answers,
    run_configure_unattended,
)

__all__ = [
    "ConfigAnswers",
    "ConfigureAnswersFile",
    "config_answers",
    "configure_screens",
    "configure_unattended",
    "configure_wizard",
    "load_configure_answers",
    "run_configure_unattended",
]
