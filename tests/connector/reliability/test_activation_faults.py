"""The cloud goes down during the activation: a clear message, and « Activer » again works
without leaving a half-made instance behind.

Two ways to be down, through a proxy in front of the real cloud: the connection drops before
the cloud sees the request (``drop``), or the cloud creates the instance and the answer is
lost (``drop_after``) — the dangerous case, where a naive retry would find the key used and
the instance's keys known to nobody. The connector's request id makes the cloud answer the
retry with the same instance and a fresh key pair.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from fault_proxy import FaultPlan, FaultProxy

from ssm.connector import CrmClient, InstallLayout, load_install
from ssm.connector.demo import issue_activation_key
from ssm.connector.install import stop_background
from ssm.connector.wizard.configure import configure_wizard
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER

COMPANY = "BIJOU"


def _cloud(demo_paths: Any, sql: str) -> Any:
    with sqlite3.connect(demo_paths.cloud_database) as db:
        return db.execute(sql).fetchone()[0]


@pytest.mark.parametrize("fault", ["drop", "drop_after"])
def test_activation_survives_the_cloud_going_down(tmp_path, demo_paths, cloud_url, fault):
    folder = tmp_path / "install"
    folder.mkdir()
    key = issue_activation_key(demo_paths)
    with FaultProxy(cloud_url) as proxy:
        wizard = configure_wizard(folder)
        forms = {
            "launch": {"mode": "rapide"},
            "prerequisites": {"sage_server": str(demo_paths.sage_server)},
            "activation_key": {"activation_key": key, "cloud_url": proxy.url},
            "company": {"company": COMPANY},
            "credentials": {"sage_user": DEFAULT_SAGE_USER, "sage_password": DEFAULT_SAGE_PASSWORD},
        }
        while wizard.current.name != "activation":
            form = forms.get(wizard.current.name, {})
            if wizard.current.name == "administrator":
                form = {"candidate": next(iter(wizard.view()["fields"][0]["options"]))}
            assert wizard.submit(form).ok

        proxy.plan = FaultPlan(rate=1.0, faults=(fault,))
        refused = wizard.submit({})
        assert refused.errors and "injoignable" in refused.errors[0]
        assert not InstallLayout(folder).config_file.exists()
        assert wizard.current.name == "activation"
        reached = [e for e in proxy.log if e.path == "/api/v4/activation"]
        assert len(reached) == 6  # every attempt of the client, all lost
        assert _cloud(demo_paths, "SELECT COUNT(*) FROM instances") == (fault == "drop_after")

        proxy.plan = FaultPlan()  # the cloud is back
        try:
            assert wizard.submit({}).ok
            config, secrets = load_install(InstallLayout(folder))
            private = secrets.private_key.get_secret_value()
            with CrmClient(proxy.url, config.cloud.public_key, private) as crm:
                assert crm.company().companyId == COMPANY
        finally:
            stop_background(folder)

    assert _cloud(demo_paths, "SELECT COUNT(*) FROM instances") == 1
    assert _cloud(demo_paths, "SELECT COUNT(*) FROM users WHERE role = 'administrator'") == 1
    assert _cloud(demo_paths, "SELECT COUNT(*) FROM outbox") == 1  # one welcome e-mail
    live = "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL"
    assert _cloud(demo_paths, live) == 1  # the pairs of lost answers are revoked
    assert not (folder / "data" / "activation-request.json").exists()
