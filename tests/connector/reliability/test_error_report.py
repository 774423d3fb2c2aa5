"""The error list reported by ``ssm-connector run``: once per change, a refusal logged once.

A real service process, a real cloud behind the logging proxy. The proxy first refuses every
``PUT /api/v4/integration/errors`` with 422, as a cloud that cannot take the list would; the
service must say so once in French, not resend the same list after every pass and every
heartbeat, and send the list again as soon as it changes.
"""

from __future__ import annotations

import json
import signal
import time

from cloud_web import administrator, record_id, sync_badge
from fault_proxy import FaultPlan, FaultProxy
from sqlalchemy import text
from support import set_config, spawn

from ssm.connector import load_install, sync_once
from ssm.sage100 import open_server

REPORT = "/api/v4/integration/errors"


def _wait(predicate, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.1)


def _reports(proxy: FaultProxy):
    return [e for e in proxy.log if e.method == "PUT" and e.path == REPORT]


def _synced(proxy: FaultProxy, key: str, city: str) -> bool:
    return any(
        e.path == "/api/v4/accounts/upsert"
        and e.status == 200
        and any(item.get("extId") == key and item.get("city") == city for item in e.body)
        for e in list(proxy.log)
    )


def test_a_refused_report_is_logged_once_and_sent_again_only_when_the_list_changes(
    installed, cloud_url, demo_paths
):
    layout = installed()
    sync_once(layout)  # every account in the cloud, so a refused one has a badge to show
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)

    def sage(sql: str, **params: str) -> None:
        with engine.begin() as conn:
            conn.execute(text(sql), params)

    with engine.connect() as conn:
        first, second, third = conn.execute(
            text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 ORDER BY cbMarq LIMIT 3")
        ).scalars()
        second_name = conn.execute(
            text("SELECT CT_Intitule FROM F_COMPTET WHERE CT_Num = :k"), {"k": second}
        ).scalar_one()
    sage("UPDATE F_COMPTET SET CT_Intitule = '' WHERE CT_Num = :k", k=first)

    with FaultProxy(cloud_url, FaultPlan(refuse_path=REPORT)) as proxy:
        set_config(layout, "cloud", url=proxy.url)
        service = spawn("run", "--dir", str(layout.root), "--poll-interval", "0.2")
        try:
            _wait(lambda: len(_reports(proxy)) >= 1, "the first report")
            # Passes that leave the error list as it was: nothing is sent again.
            for city in ("Lyon", "Nantes", "Brest"):
                sage("UPDATE F_COMPTET SET CT_Ville = :c WHERE CT_Num = :k", c=city, k=third)
                _wait(lambda city=city: _synced(proxy, third, city), f"{third} in {city}")
            # A second refused record: a new list, sent (and refused) once.
            sage("UPDATE F_COMPTET SET CT_Intitule = '' WHERE CT_Num = :k", k=second)
            _wait(lambda: len(_reports(proxy)) >= 2, "the report of two records")
            sage("UPDATE F_COMPTET SET CT_Ville = 'Rennes' WHERE CT_Num = :k", k=third)
            _wait(lambda: _synced(proxy, third, "Rennes"), f"{third} in Rennes")
            # The cloud takes the list again; the next change of the list reaches it.
            proxy.plan.refuse_path = None
            sage("UPDATE F_COMPTET SET CT_Intitule = :n WHERE CT_Num = :k", n=second_name, k=second)
            _wait(lambda: len(_reports(proxy)) >= 3, "the report of one record")
            _wait(lambda: _reports(proxy)[-1].status == 200, "the cloud's answer")
        finally:
            service.send_signal(signal.SIGTERM)
            service.wait(timeout=60)
    engine.dispose()

    reports = _reports(proxy)
    assert [e.fault for e in reports] == ["refuse", "refuse", None], reports
    # (The contacts of a refused account are refused too: only the accounts are compared.)
    accounts = [sorted(i["extId"] for i in e.body if i["resource"] == "accounts") for e in reports]
    assert accounts == [[first], sorted([first, second]), [first]]
    events = [
        json.loads(line)
        for line in (layout.logs_dir / "connector.log").read_text(encoding="utf-8").splitlines()
    ]
    refused = [e for e in events if e["event"] == "errors_report.refused"]
    assert len(refused) == 2, refused  # once per refused list, not once per pass or heartbeat
    assert all("n'a pas été acceptée" in e["reason"] for e in refused)
    assert f"({len(reports[0].body)} enregistrements)" in refused[0]["reason"]
    assert "(422)" in refused[0]["reason"]
    with administrator(cloud_url, demo_paths.cloud_database.parent / "outbox") as browser:
        badges = {
            key: sync_badge(browser, f"/comptes/{record_id(cloud_url, layout, 'accounts', key)}")[0]
            for key in (first, second)
        }
    assert badges == {first: "error", second: "synced"}
