"""One bad record in an upsert of 200: the other 199 land, the bad one is listed with its key.

Two ways the cloud can refuse it: as one item of the answer (a field longer than the CRM
allows), or by refusing the whole request (a proxy answers 422 when the body holds a
marker), in which case the connector splits the chunk in halves until the bad record
stands alone. The proxy also logs what reached the cloud: every good record is created
once, never sent twice.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fault_proxy import Exchange, FaultPlan, FaultProxy
from sage_cloud_compare import assert_cloud_matches_sage
from sqlalchemy import text
from support import COMPANY, connector_json, set_config

from ssm.sage100 import open_server

MARKER = "REFUS-PROXY-7F3A"
POSITION = 100  # where the bad record sits in the first upsert of 200 accounts


def _a_client_inside_the_first_chunk(server) -> tuple[str, int]:
    """A client at about ``POSITION`` in cbMarq order, with no contact and no document.

    Nothing else depends on it, so its refusal fails no other stream.
    """
    engine = open_server(server).engine(COMPANY)
    try:
        with engine.connect() as conn:
            keys = conn.execute(
                text(
                    "SELECT CT_Num, NOT EXISTS (SELECT 1 FROM F_CONTACTT k"
                    " WHERE k.CT_Num = t.CT_Num) AND NOT EXISTS (SELECT 1 FROM F_DOCENTETE d"
                    " WHERE d.DO_Tiers = t.CT_Num) FROM F_COMPTET t"
                    " WHERE CT_Type = 0 ORDER BY cbMarq"
                )
            ).all()
    finally:
        engine.dispose()
    assert len(keys) > 200, "the company needs more than one chunk of accounts"
    for index in range(POSITION, 195):
        key, alone = keys[index]
        if alone:
            return key, index
    raise AssertionError("no client without contacts and documents in the first chunk")


def _edit(server, sql: str, key: str) -> None:
    engine = open_server(server).engine(COMPANY)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), {"key": key})
    finally:
        engine.dispose()


def _account_upserts(proxy: FaultProxy) -> list[Exchange]:
    return [e for e in proxy.log if e.path == "/api/v4/accounts/upsert"]


def _sync_through(proxy: FaultProxy, layout) -> dict:
    set_config(layout, "cloud", url=proxy.url)
    set_config(layout, "sync", batch_size=200)
    return connector_json("sync", "--dir", str(layout.root))


def _check_outcome(report: dict, status: dict, key: str, code: str) -> None:
    accounts = report["streams"]["accounts"]
    assert report["status"] == "partial", report["status"]
    assert accounts["failed"] == 1, accounts
    assert accounts["created"] == accounts["read"] - 1, accounts
    assert [(e["key"], e["code"]) for e in accounts["errors"]] == [(key, code)]
    for name, figures in report["streams"].items():
        if name != "accounts":
            assert figures["status"] == "succeeded", (name, figures)
    listed = [(e["stream"], e["key"]) for e in status["errors"]]
    assert listed == [("accounts", key)], status["errors"]


@pytest.fixture
def proxied(installed, cloud_url):
    """An install whose cloud traffic goes through a logging proxy (no random faults)."""
    layout = installed()
    return layout, cloud_url


def test_one_item_the_cloud_refuses_in_a_chunk_of_200(proxied, demo_paths):
    layout, cloud_url = proxied
    key, index = _a_client_inside_the_first_chunk(demo_paths.sage_server)
    # Sage's CT_Ape is short; the emulator's column is not, and the CRM's naf holds 10.
    _edit(
        demo_paths.sage_server,
        "UPDATE F_COMPTET SET CT_Ape = '12345678901' WHERE CT_Num = :key",
        key,
    )
    with FaultProxy(cloud_url) as proxy:
        report = _sync_through(proxy, layout)
    status = connector_json("status", "--dir", str(layout.root))

    # Two chunks travel at once, so the proxy may see the second first: find ours by key.
    first = next(e for e in _account_upserts(proxy) if any(i["extId"] == key for i in e.body))
    assert len(first.body) == 200 and first.body[index]["extId"] == key
    outcomes = Counter(answer["status"] for answer in first.answer)
    assert outcomes == {"created": 199, "error": 1}, outcomes
    _check_outcome(report, status, key, "field_too_long")
    assert "naf" in report["streams"]["accounts"]["errors"][0]["message"]
    assert_cloud_matches_sage(layout, may_fail={"accounts": [key]}, cloud_url=cloud_url)


def test_a_whole_chunk_refused_is_bisected_down_to_the_bad_record(proxied, demo_paths):
    layout, cloud_url = proxied
    key, _ = _a_client_inside_the_first_chunk(demo_paths.sage_server)
    _edit(
        demo_paths.sage_server,
        f"UPDATE F_COMPTET SET CT_Commentaire = '{MARKER}' WHERE CT_Num = :key",
        key,
    )
    with FaultProxy(cloud_url, FaultPlan(refuse_marker=MARKER)) as proxy:
        report = _sync_through(proxy, layout)
    status = connector_json("status", "--dir", str(layout.root))

    upserts = _account_upserts(proxy)
    refused = [e for e in upserts if e.fault == "refuse"]
    sizes = [len(e.body) for e in refused]
    assert sizes[0] == 200 and sizes[-1] == 1, sizes
    assert len(refused) <= 9, sizes  # halving 200 reaches one record in 8 steps
    assert refused[-1].body[0]["extId"] == key
    assert all(MARKER in str(e.body) for e in refused)
    landed = Counter(
        item["extId"] for e in upserts if e.fault is None for item in e.body
    )  # every good record reached the cloud exactly once
    assert key not in landed
    assert set(landed.values()) == {1}, [k for k, n in landed.items() if n > 1]
    _check_outcome(report, status, key, "http_422")
    assert report["streams"]["accounts"]["created"] == len(landed)
    assert_cloud_matches_sage(layout, may_fail={"accounts": [key]}, cloud_url=cloud_url)
