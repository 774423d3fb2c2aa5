"""The screens of the installation wizard, one module each, in the guide's order."""

from ssm.connector.wizard.screens.done import DoneScreen
from ssm.connector.wizard.screens.folder import FolderScreen
from ssm.connector.wizard.screens.progress import ProgressScreen
from ssm.connector.wizard.screens.summary import SummaryScreen
from ssm.connector.wizard.screens.terms import TermsScreen
from ssm.connector.wizard.screens.welcome import WelcomeScreen

__all__ = [
    "DoneScreen",
    "FolderScreen",
    "ProgressScreen",
    "SummaryScreen",
    "TermsScreen",
    "WelcomeScreen",
]
