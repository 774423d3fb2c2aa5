"""The on-premises connector: configuration, synchronisation, demo and command line.

It reads Sage 100 through ``ssm.sage100`` (in-process) and writes to Sales Management
through its public HTTP API only (``CrmClient``).
"""

from ssm.connector.configure import Administrator, configure
from ssm.connector.crm_client import Activation, CrmClient, UpsertResult
from ssm.connector.demo import DemoOptions, run_demo
from ssm.connector.errors import (
    ActivationRefusedError,
    CloudAuthError,
    CloudError,
    CloudUnreachableError,
    ConfigurationError,
    ConnectorError,
    DemoError,
)
from ssm.connector.service.passes import RunReport, count_entities, sync_once
from ssm.connector.settings import InstallConfig, InstallLayout, Secrets, load_install, save_install

__all__ = [
    "Activation",
    "ActivationRefusedError",
    "Administrator",
    "CloudAuthError",
    "CloudError",
    "CloudUnreachableError",
    "ConfigurationError",
    "ConnectorError",
    "CrmClient",
    "DemoError",
    "DemoOptions",
    "InstallConfig",
    "InstallLayout",
    "RunReport",
    "Secrets",
    "UpsertResult",
    "configure",
    "count_entities",
    "load_install",
    "run_demo",
    "save_install",
    "sync_once",
]
