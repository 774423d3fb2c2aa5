"""The configuration wizard (« Installer le module complémentaire CRM »), built on ``Wizard``.

Example::

    wizard = configure_wizard(Path("/opt/ssm"))
    wizard.submit({"mode": "rapide"})
"""

from __future__ import annotations

from ssm.connector.wizard.configuration._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configuration._context import KNOWLEDGE_BASE_ROUTE, EndLinks
from ssm.connector.wizard.configuration._wizard import (
    configure_screens,
    configure_wizard,
    setup_wizard,
)
from ssm.connector.wizard.configuration.unattended import (
    ConfigureAnswersFile,
    configure_unattended,
    load_configure_answers,
    run_configure_unattended,
    setup_unattended,
)

__all__ = [
    "KNOWLEDGE_BASE_ROUTE",
    "ConfigAnswers",
    "ConfigureAnswersFile",
    "EndLinks",
    "config_answers",
    "configure_screens",
    "configure_unattended",
    "configure_wizard",
    "load_configure_answers",
    "run_configure_unattended",
    "setup_unattended",
    "setup_wizard",
]
