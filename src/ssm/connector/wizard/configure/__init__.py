"""The configuration wizard (« Installer le module complémentaire CRM »), built on ``Wizard``.

One module per screen, in the guide's order (``_wizard.py`` lists them): ``launch``,
``prerequisites`` (the Sage server and how to log in to it), ``instance`` or
``activation_key``, ``connection`` and ``connection_result``, ``administrator``,
``company``, ``company_confirm``, ``credentials``, ``companies_summary``, ``activation``,
``end``; ``parts.py`` is what they share. Each screen does its checks in ``validate`` so a
refusal keeps the wizard on the screen; what the connection test finds (companies,
administrators) is kept in the answers, so the screens after it render without asking the
Sage server again. The configuration itself (the key redeemed, the files written) is
``ssm.connector.configure``, callable without any front end.

Example::

    wizard = configure_wizard(Path("/opt/ssm"))
    wizard.submit({"mode": "rapide"})
"""

from __future__ import annotations

from ssm.connector.wizard.configure._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configure._context import KNOWLEDGE_BASE_ROUTE, EndLinks
from ssm.connector.wizard.configure._wizard import (
    configure_screens,
    configure_wizard,
    setup_wizard,
)
from ssm.connector.wizard.configure.unattended import (
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
