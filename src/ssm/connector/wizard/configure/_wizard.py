"""The configuration wizard's screens in order, the wizard over them, and ``setup``'s journey."""

from __future__ import annotations

from pathlib import Path

from ssm.connector.wizard.configure._answers import ConfigAnswers
from ssm.connector.wizard.configure._context import (
    ConfigureDefaults,
    EndLinks,
    find_defaults,
)
from ssm.connector.wizard.configure.activation import ActivationScreen
from ssm.connector.wizard.configure.activation_key import ActivationKeyScreen
from ssm.connector.wizard.configure.administrator import AdministratorScreen
from ssm.connector.wizard.configure.companies_summary import CompaniesSummaryScreen
from ssm.connector.wizard.configure.company import CompanyScreen
from ssm.connector.wizard.configure.company_confirm import CompanyConfirmScreen
from ssm.connector.wizard.configure.connection import ConnectionScreen
from ssm.connector.wizard.configure.connection_result import ConnectionResultScreen
from ssm.connector.wizard.configure.credentials import CredentialsScreen
from ssm.connector.wizard.configure.end import EndScreen
from ssm.connector.wizard.configure.instance import InstanceScreen
from ssm.connector.wizard.configure.launch import LaunchScreen
from ssm.connector.wizard.configure.prerequisites import PrerequisitesScreen
from ssm.connector.wizard.install.context import InstallContext
from ssm.connector.wizard.install.wizard import install_wizard
from ssm.connector.wizard.machine import Screen, Wizard
from ssm.sage100 import is_sql_server_location


def configure_screens(links: EndLinks | None = None) -> list[Screen]:
    """The screens in the guide's order (each mode skips the other's screens)."""
    return [
        LaunchScreen(),
        PrerequisitesScreen(),
        InstanceScreen(),
        ActivationKeyScreen(),
        ConnectionScreen(),
        ConnectionResultScreen(),
        AdministratorScreen(),
        CompanyScreen(),
        CompanyConfirmScreen(),
        CredentialsScreen(),
        CompaniesSummaryScreen(),
        ActivationScreen(),
        EndScreen(links or EndLinks.from_environment()),
    ]


def _with_defaults(answers: ConfigAnswers, defaults: ConfigureDefaults) -> ConfigAnswers:
    """Fill what was not given with what the machine says."""
    server = answers.sage_server or defaults.sage_server
    return answers.model_copy(
        update={
            "sage_server": server,
            "sql_server": is_sql_server_location(server),
            "sage_version": answers.sage_version or defaults.sage_version,
            "cloud_url": answers.cloud_url or defaults.cloud_url,
        }
    )


def configure_wizard(
    install_dir: Path, answers: ConfigAnswers | None = None, *, links: EndLinks | None = None
) -> Wizard:
    """A configuration wizard for the install folder ``install_dir``."""
    start = (answers or ConfigAnswers()).model_copy(update={"install_dir": install_dir})
    return Wizard(configure_screens(links), _with_defaults(start, find_defaults(install_dir)))


def setup_wizard(context: InstallContext, *, links: EndLinks | None = None) -> Wizard:
    """``ssm-connector setup``: the installation, then (box ticked) the configuration."""
    options = context.options
    defaults = ConfigureDefaults.found(
        options.resolved_sage_server() or "", options.resolved_cloud_url() or ""
    )
    start = _with_defaults(ConfigAnswers(), defaults)
    return install_wizard(context, start, then=configure_screens(links))
