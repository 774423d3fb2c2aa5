"""The installation wizard: one module per screen, in the guide's order, and its modes.

``wizard.py`` lists the screens (``welcome``, ``folder``, ``terms``, ``summary``,
``progress``, ``done``) and runs the install (``ssm.connector.install``) as the progress
screen's action; ``context.py`` is what the screens know of this machine (``countries.py``,
``processes.py``); ``unattended.py`` drives the same screens from a TOML answers file.

Example::

    wizard = install_wizard(build_context(InstallOptions(register_service=False)))
    wizard.submit({"country": "US"})
"""

from ssm.connector.wizard.install.context import InstallContext, build_context
from ssm.connector.wizard.install.unattended import (
    InstallSection,
    install_unattended,
    load_answers_file,
    run_unattended,
)
from ssm.connector.wizard.install.wizard import install_screens, install_wizard

__all__ = [
    "InstallContext",
    "InstallSection",
    "build_context",
    "install_screens",
    "install_unattended",
    "install_wizard",
    "load_answers_file",
    "run_unattended",
]
