"""The configuration wizard's screens in order, and the wizard over them."""

from __future__ import annotations

from pathlib import Path

from ssm.connector.wizard._machine import Screen, Wizard
from ssm.connector.wizard.configuration._answers import ConfigAnswers
from ssm.connector.wizard.configuration.screens import (
    ActivationKeyScreen,
    ActivationScreen,
    AdministratorScreen,
    CompaniesSummaryScreen,
    CompanyScreen,
    ConnectionScreen,
    CredentialsScreen,
    EndScreen,
    LaunchScreen,
    PrerequisitesScreen,
)


def configure_screens() -> list[Screen]:
    """The screens in the guide's order."""
    return [
        LaunchScreen(),
        PrerequisitesScreen(),
        ActivationKeyScreen(),
        ConnectionScreen(),
        AdministratorScreen(),
        CompanyScreen(),
        CredentialsScreen(),
        CompaniesSummaryScreen(),
        ActivationScreen(),
        EndScreen(),
    ]


def configure_wizard(install_dir: Path, answers: ConfigAnswers | None = None) -> Wizard:
    """A configuration wizard for the install folder ``install_dir``."""
    start = (answers or ConfigAnswers()).model_copy(update={"install_dir": install_dir})
    return Wizard(configure_screens(), start)
