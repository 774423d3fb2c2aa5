"""Wizards as state machines independent of their front end (web pages, unattended, tests).

``Wizard`` walks ``Screen`` objects; each screen is one module with ``view`` (no I/O),
``validate`` and ``apply``. Both wizards are built on this machinery: the installation
wizard in ``install/``, the configuration wizard in ``configure/``; ``browser/`` serves
either one in the local browser. What both share stays here: the state machine
(``machine.py``), the views a front end renders (``view.py``) and the screens' common
parts (``parts.py``).

Example::

    from ssm.connector.wizard.install import build_context, install_wizard

    wizard = install_wizard(build_context(InstallOptions(register_service=False)))
    wizard.submit({"country": "US"})
    wizard.submit({"install_dir": "/opt/ssm"})
"""

from ssm.connector.errors import WizardError
from ssm.connector.install import Answers
from ssm.connector.wizard.machine import Action, Screen, StepResult, Wizard

__all__ = ["Action", "Answers", "Screen", "StepResult", "Wizard", "WizardError"]
