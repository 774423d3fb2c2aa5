"""SIGKILL the connector while it writes requested quotes into Sage: each is written once.

50 quotes are made through the CRM's API and priced by one sync; the rep then requests the
synchronisation of each, and a real ``ssm-connector sync`` is killed without warning
(SIGKILL) again and again until every quote is in Sage, each a seeded random delay after
its first commit, so that kills fall between a reservation and the Sage write, between the
write and the CRM's binding, or between the binding and the feed position. After a last
sync run to its end: exactly 50 quotes in Sage (one per ``DO_Ref``), every number
distinct, no number burnt (the series' counter moved by 50), and every CRM quote
«Enregistré dans Sage 100» with its Sage number and key, none sent back by the
Sage → CRM ``quotes`` stream as a second quote. The delays are printed, so a failure can
be replayed.
"""

from __future__ import annotations

import random

import pytest
from support import (
    connector_json,
    crm_api,
    crm_records,
    kill_after_first_commit,
    set_config,
)

from ssm.connector import load_install
from ssm.connector.sync import StateStore
from ssm.sage100 import open_server

pytestmark = pytest.mark.shared_cloud

SEED = 20261208
QUOTES = 50
MAX_KILLS = 30


def _sage_quotes(engine) -> list:
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT cbMarq, DO_Ref, DO_Piece FROM F_DOCENTETE"
            " WHERE DO_Domaine = 0 AND DO_Type = 0 AND DO_Ref LIKE 'SSM%'"
        ).all()


def _counter(engine) -> str:
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT DC_Piece FROM F_DOCCURRENTPIECE"
            " WHERE DC_Domaine = 0 AND DC_IdCol = 0 AND DC_Souche = 0"
        ).scalar_one()


def _customer_and_items(engine) -> tuple[str, list[str]]:
    """A client Sage sells to, and items it can price (awake)."""
    with engine.connect() as conn:
        client = conn.exec_driver_sql(
            "SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 AND CT_ControlEnc != 2"
            " ORDER BY CT_Num LIMIT 1"
        ).scalar_one()
        items = conn.exec_driver_sql(
            "SELECT AR_Ref FROM F_ARTICLE WHERE AR_Sommeil = 0 ORDER BY AR_Ref LIMIT 3"
        ).scalars()
        return client, list(items)


def test_sigkill_while_requested_quotes_are_written_writes_each_once(installed, spawned):
    layout = installed()
    set_config(layout, "sync", batch_size=10)
    assert connector_json("sync", "--dir", str(layout.root))["status"] == "succeeded"
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    api = crm_api(layout)
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    try:
        client, items = _customer_and_items(engine)
        account = next(a for a in crm_records(layout, "accounts") if a["extId"] == client)
        product = {p["extId"]: p["id"] for p in crm_records(layout, "products")}
        ids = []
        for n in range(QUOTES):
            lines = [{"productId": product[ref], "quantity": n % 7 + 1} for ref in items]
            response = api.post("/api/v4/quotes", json={"accountId": account["id"], "lines": lines})
            assert response.status_code == 200, response.text
            ids.append(int(response.json()["id"]))
        assert connector_json("sync", "--dir", str(layout.root))["status"] == "succeeded"
        for quote_id in ids:
            response = api.post(f"/api/v4/quotes/{quote_id}/sync")
            assert response.status_code == 200, response.text
        before = _counter(engine)
        last_seq = api.get("/api/v4/changes", params={"after": 0, "limit": 1000}).json()["last"]

        # Killed again and again until every quote is in Sage: how many kills land inside
        # the writing depends on the machine's pace, not on the seed; at least three must.
        positions, inside = [], 0
        for _ in range(MAX_KILLS):
            delay = rng.uniform(0.0, 0.15)
            kill_after_first_commit(layout, spawned, delay)
            with StateStore(layout.state_file) as state:
                position = state.feed_position()
            positions.append(position)
            in_sage = len(_sage_quotes(engine))
            print(f"killed {delay:.3f} s after the first commit: feed at {position},", end=" ")
            print(f"{in_sage} quotes in Sage")
            if position >= last_seq:
                break
            inside += 1
        assert positions == sorted(positions), positions  # a kill never moves the feed back
        assert inside >= 3, positions  # the kills fell inside the writing
        final = connector_json("sync", "--dir", str(layout.root))
        assert final["status"] == "succeeded", final

        written = _sage_quotes(engine)
        assert sorted(r.DO_Ref for r in written) == sorted(f"SSM{i}" for i in ids)
        assert len({r.DO_Piece for r in written}) == QUOTES
        digits = len(before) - len(before.rstrip("0123456789"))
        first = int(before[-digits:])
        taken = sorted(int(r.DO_Piece[-digits:]) for r in written)
        assert taken == list(range(first, first + QUOTES))  # none burnt by a kill
        assert int(_counter(engine)[-digits:]) == first + QUOTES
        by_ref = {r.DO_Ref: r for r in written}
        for quote_id in ids:
            quote = api.get(f"/api/v4/quotes/{quote_id}").json()
            row = by_ref[f"SSM{quote_id}"]
            assert (quote["status"], quote["number"], quote["extId"]) == (
                "in_sage",
                row.DO_Piece,
                str(row.cbMarq),
            ), quote
        keys = {str(r.cbMarq) for r in written}
        crm_quotes = [q for q in crm_records(layout, "quotes") if q["extId"] in keys]
        assert sorted(int(q["id"]) for q in crm_quotes) == sorted(ids)  # no second CRM quote
        with StateStore(layout.state_file) as state:
            assert state.unconfirmed_keys("quotes") == frozenset()
    finally:
        api.close()
        engine.dispose()
