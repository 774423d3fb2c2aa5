"""What a configuration test checks once the background sync runs: the cloud filled up."""

from __future__ import annotations

import time
from pathlib import Path

from ssm.connector import CrmClient, InstallLayout, load_install
from ssm.sage100 import open_server

COMPANY = "BIJOU"


def sage_accounts(server: str, company: str = COMPANY) -> int:
    """Clients and prospects of the Sage company (``F_COMPTET.CT_Type = 0``)."""
    engine = open_server(server).engine(company)
    try:
        with engine.connect() as connection:
            (count,) = connection.exec_driver_sql(
                "SELECT COUNT(*) FROM F_COMPTET WHERE CT_Type = 0"
            ).one()
    finally:
        engine.dispose()
    return int(count)


def wait_for_accounts(folder: Path, timeout: float = 60) -> int:
    """Accounts in the cloud once the background sync has sent them all (or the timeout)."""
    config, secrets = load_install(InstallLayout(folder))
    expected = sage_accounts(config.sage.server, config.sage.company)
    private = secrets.private_key.get_secret_value()
    with CrmClient(config.cloud.url, config.cloud.public_key, private) as crm:
        deadline = time.monotonic() + timeout
        while (count := crm.count("accounts")) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
    return count
