"""SIGKILL the connector while it writes prospects made in the CRM: each reaches Sage once.

100 prospects are made through the CRM's API, then a real ``ssm-connector sync`` is killed
without warning (SIGKILL: no handler runs, no file is closed) several times, each time a
seeded random delay after its first commit, so that most kills fall inside the CRM → Sage
step: between a reservation and the Sage write, between the write and the CRM's binding,
or between the binding and the feed position. Ten more prospects are then made, each with a
contact at once (it waits for its prospect), and contacts are added to up to ten prospects
already bound; the kills go on. After
a last sync run to its end: exactly 100 prospects in Sage, each bound to its CRM account
(the account's ``extId`` is its ``CT_Num``, all distinct), none written twice, every
contact in Sage once and bound, and no CRM account or contact made a second time by the
Sage → CRM streams. The delays are printed, so a failure can be replayed.
"""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from support import (
    connector_json,
    crm_api,
    crm_records,
    kill_after_first_commit,
    set_config,
)

from ssm.connector import InstallLayout, load_install
from ssm.connector.sync import StateStore
from ssm.sage100 import open_server

pytestmark = pytest.mark.shared_cloud

SEED = 20261207
PROSPECTS = 100
LATER = 10  # prospects made after the first kills, each with a contact made at once
KILLS = 16
NAME = "Prospect tué {:03d}"


def _post(api: httpx.Client, resource: str, body: dict[str, object]) -> int:
    response = api.post(f"/api/v4/{resource}", json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["id"])


def _feed_position(state_file: Path) -> tuple[int, int]:
    """The feed position, and how many Sage rows wait for their binding."""
    with StateStore(state_file) as state:
        waiting = len(state.unconfirmed_keys("accounts") | state.unconfirmed_keys("contacts"))
        return state.feed_position(), waiting


def _kills(layout: InstallLayout, spawned, rng: random.Random, count: int) -> list[int]:
    """Kill ``count`` syncs at random delays; the feed position after each."""
    positions = []
    for _ in range(count):
        delay = rng.uniform(0.0, 0.4)
        kill_after_first_commit(layout, spawned, delay)
        position, waiting = _feed_position(layout.state_file)
        positions.append(position)
        print(f"killed {delay:.3f} s after the first commit: feed at {position}, {waiting} unbound")
    return positions


def test_sigkill_while_crm_prospects_are_written_writes_each_once(installed, spawned):
    layout = installed()
    set_config(layout, "sync", batch_size=10)
    assert connector_json("sync", "--dir", str(layout.root))["status"] == "succeeded"
    rng = random.Random(SEED)
    print(f"seed {SEED}")
    api = crm_api(layout)
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    try:
        ids = [_post(api, "accounts", {"name": NAME.format(n)}) for n in range(LATER, PROSPECTS)]
        first = api.get("/api/v4/changes", params={"after": 0, "limit": 1000}).json()
        last_seq = first["last"]

        positions = _kills(layout, spawned, rng, KILLS // 2)
        bound = [i for i in ids if api.get(f"/api/v4/accounts/{i}").json()["extId"]]
        later = [_post(api, "accounts", {"name": NAME.format(n)}) for n in range(LATER)]
        ids += later
        contacts = [
            _post(api, "contacts", {"accountId": i, "lastName": f"Contact de {i}"})
            for i in bound[:LATER] + later  # at prospects in Sage, and not yet in Sage
        ]
        positions += _kills(layout, spawned, rng, KILLS - KILLS // 2)
        assert positions == sorted(positions), positions  # a kill never moves the feed back
        assert any(0 < p < last_seq for p in positions), positions  # kills inside the step

        final = connector_json("sync", "--dir", str(layout.root))
        assert final["status"] == "succeeded", final

        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT CT_Num, CT_Intitule, CT_Prospect FROM F_COMPTET"
                " WHERE CT_Intitule LIKE 'Prospect tué %'"
            ).all()
            sage_contacts = conn.exec_driver_sql(
                "SELECT CT_No, CT_Num, CT_Nom FROM F_CONTACTT WHERE CT_Nom LIKE 'Contact de %'"
            ).all()
        assert len(rows) == PROSPECTS, sorted(r.CT_Intitule for r in rows)
        assert {r.CT_Intitule for r in rows} == {NAME.format(n) for n in range(PROSPECTS)}
        assert {r.CT_Prospect for r in rows} == {1}
        code_of = {r.CT_Intitule: r.CT_Num for r in rows}

        accounts = [
            a for a in crm_records(layout, "accounts") if str(a["name"]).startswith("Prospect tué")
        ]
        assert sorted(int(a["id"]) for a in accounts) == sorted(ids)  # no second account
        assert {a["extId"] for a in accounts} == set(code_of.values())
        for account in accounts:
            assert account["extId"] == code_of[str(account["name"])], account

        assert len(sage_contacts) == len(contacts)
        assert len({r.CT_Nom for r in sage_contacts}) == len(contacts)  # none written twice
        crm_contacts = [
            c
            for c in crm_records(layout, "contacts")
            if str(c["lastName"]).startswith("Contact de ")
        ]
        assert sorted(int(c["id"]) for c in crm_contacts) == sorted(contacts)
        no_of = {r.CT_Nom: str(r.CT_No) for r in sage_contacts}
        for contact in crm_contacts:
            assert contact["extId"] == no_of[str(contact["lastName"])], contact
    finally:
        api.close()
        engine.dispose()
