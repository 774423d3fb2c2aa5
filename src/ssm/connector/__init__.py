"""The on-premises connector: configuration, synchronisation, demo and command line.

It reads Sage 100 through ``ssm.sage100`` (in-process) and writes to Sales Management
through its public HTTP API only (``CrmClient``).

Configuration and the demo are imported from their modules (``ssm.connector.configure``,
``ssm.connector.demo``), not from here: every ``ssm-connector sync`` imports this package,
and would pay for their imports before its first row leaves.
"""

from ssm.connector.crm_client import Activation, CrmClient, UpsertResult
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
    "CloudAuthError",
    "CloudError",
    "CloudUnreachableError",
    "ConfigurationError",
    "ConnectorError",
    "CrmClient",
    "DemoError",
    "InstallConfig",
    "InstallLayout",
    "RunReport",
    "Secrets",
    "UpsertResult",
    "count_entities",
    "load_install",
    "save_install",
    "sync_once",
]
