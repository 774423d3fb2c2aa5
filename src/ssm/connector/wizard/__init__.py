"""Wizards as state machines independent of their front end (web pages, unattended, tests).

``Wizard`` walks ``Screen`` objects; each screen is one module with ``view`` (no I/O),
``validate`` and ``apply``. The installation wizard is :func:`install_wizard`; the
configuration wizard will reuse the machinery.

Example::

    context = build_context(InstallOptions(register_service=False))
    wizard = install_wizard(context)
    wizard.submit({"country": "US"})
    wizard.submit({"install_dir": "/opt/ssm"})
"""

from ssm.connector.errors import WizardError
from ssm.connector.install import Answers
from ssm.connector.wizard._machine import Action, Screen, StepResult, Wizard
from ssm.connector.wizard.context import InstallContext, build_context
from ssm.connector.wizard.installation import install_screens, install_wizard
from ssm.connector.wizard.unattended import (
    InstallSection,
    install_unattended,
    load_answers_file,
    run_unattended,
)

__all__ = [
    "Action",
    "Answers",
    "InstallContext",
    "InstallSection",
    "Screen",
    "StepResult",
    "Wizard",
    "WizardError",
    "build_context",
    "install_screens",
    "install_unattended",
    "install_wizard",
    "load_answers_file",
    "run_unattended",
]
