"""The installation wizard: the six screens of the guide, the install as the progress action."""

from __future__ import annotations

from collections.abc import Sequence

from ssm.connector.install import Answers, install, uninstall
from ssm.connector.wizard.install.context import InstallContext
from ssm.connector.wizard.install.done import DoneScreen
from ssm.connector.wizard.install.folder import FolderScreen
from ssm.connector.wizard.install.progress import ProgressScreen
from ssm.connector.wizard.install.summary import SummaryScreen
from ssm.connector.wizard.install.terms import TermsScreen
from ssm.connector.wizard.install.welcome import WelcomeScreen
from ssm.connector.wizard.machine import Screen, Wizard


def install_screens(context: InstallContext) -> list[Screen]:
    """welcome, folder, terms (where required), summary, progress, done."""
    return [
        WelcomeScreen(context),
        FolderScreen(context),
        TermsScreen(),
        SummaryScreen(context),
        ProgressScreen(),
        DoneScreen(),
    ]


def install_wizard(
    context: InstallContext, answers: Answers | None = None, *, then: Sequence[Screen] = ()
) -> Wizard:
    """A wizard whose progress screen installs, and whose cancel afterwards uninstalls.

    ``then`` are screens shown after the install's last one (``setup``: the configuration).
    """

    def run_install(current: Answers) -> Answers:
        install(current, context.options)
        return current

    def undo_install(current: Answers) -> None:
        if current.install_dir is not None:
            uninstall(current.install_dir)

    return Wizard(
        [*install_screens(context), *then],
        answers,
        actions={"progress": run_install},
        undo=undo_install,
    )
