"""Transient faults between the connector and the cloud never lose or duplicate a record.

A proxy in front of the real cloud fails one request in five (seeded): 500s, 429s with
``Retry-After``, timeouts, connections dropped before the answer, and answers lost after
the cloud applied the write. The connector retries; a pass may still end ``failed`` when
one request fails six times in a row, so passes are repeated (bounded) until one
succeeds. Then the cloud must equal Sage record by record.

The command line's client waits 30 s before a timeout; to keep the test short, the passes
run in-process with the same code and a client that waits 0.5 s (``open_crm`` patched).
"""

from __future__ import annotations

import pytest
from fault_proxy import FAULTS, FaultPlan, FaultProxy
from sage_cloud_compare import assert_cloud_matches_sage
from sqlalchemy import text
from support import COMPANY, set_config

import ssm.connector.service.passes as runner
from ssm.connector import CrmClient, InstallLayout, sync_once
from ssm.connector.service.passes import RunReport, reconcile
from ssm.sage100 import Activity, open_server

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's

SEED = 3
CLIENT_TIMEOUT = 0.5
PASSES = 8
OUTCOMES = ("created", "updated", "unchanged", "deleted", "failed")


@pytest.fixture
def short_timeouts(monkeypatch):
    """The connector's CRM client gives up waiting after half a second."""

    def open_crm(config, secrets):
        return CrmClient(
            config.cloud.url,
            config.cloud.public_key,
            secrets.private_key.get_secret_value(),
            timeout=CLIENT_TIMEOUT,
        )

    monkeypatch.setattr(runner, "open_crm", open_crm)


def _until_succeeded(run, layout: InstallLayout) -> list[RunReport]:
    reports = []
    for _ in range(PASSES):
        report = run(layout)
        reports.append(report)
        for stream in report.streams:
            figures = stream.as_dict()
            assert stream.read == sum(figures[k] for k in OUTCOMES), figures
        if report.status == "succeeded":
            return reports
    statuses = [(r.status, [s.aborted for s in r.streams if s.aborted]) for r in reports]
    raise AssertionError(f"no pass succeeded in {PASSES}: {statuses}")


def _sage_edits(server, seed: int) -> None:
    engine = open_server(server).engine(COMPANY)
    try:
        activity = Activity(engine, seed=seed)
        for _ in range(60):
            activity.step()
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE F_COMPTET SET CT_Telephone = '05 55 55 55 55' WHERE cbMarq % 5 = 0")
            )
            conn.execute(text("UPDATE F_ARTICLE SET AR_PrixVen = AR_PrixVen * 2"))
    finally:
        engine.dispose()


def test_faults_on_one_request_in_five_lose_and_duplicate_nothing(
    installed, cloud_url, demo_paths, short_timeouts
):
    layout = installed()
    plan = FaultPlan(seed=SEED, rate=0.2, hold=CLIENT_TIMEOUT + 0.3)
    with FaultProxy(cloud_url, plan) as proxy:
        set_config(layout, "cloud", url=proxy.url)
        set_config(layout, "sync", batch_size=10)

        _until_succeeded(sync_once, layout)
        _sage_edits(demo_paths.sage_server, SEED)
        _until_succeeded(sync_once, layout)
        _until_succeeded(reconcile, layout)

    injected = proxy.faults()
    assert set(injected) == set(FAULTS), injected
    assert sum(injected.values()) >= 0.1 * len(proxy.log), (injected, len(proxy.log))
    lost_writes = [
        e for e in proxy.log if e.fault in ("drop_after", "timeout_after") and e.status == 200
    ]
    assert any(e.path.endswith("/upsert") for e in lost_writes), "no upsert answer was lost"
    assert_cloud_matches_sage(layout, cloud_url=cloud_url)
