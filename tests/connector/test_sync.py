"""Sync of clients against a real emulated Sage 100 and a real cloud on loopback."""

import threading
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import text

from _clock import ManualClock
from ssm.connector import CrmClient, load_install, sync_once
from ssm.connector.service.passes import count_entities, open_crm
from ssm.connector.sync import AccountsStream, StateStore, sync_stream
from ssm.sage100 import open_server
from ssm.sage100.emulator import EmulatedServer

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's


def _edit(layout, sql, clock, **params):
    config, _ = load_install(layout)
    engine = EmulatedServer(config.sage.server, clock=clock).engine(config.sage.company)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
            return conn.execute(
                text("SELECT cbModification FROM F_COMPTET WHERE CT_Num = :n"),
                {"n": params["n"]},
            ).scalar_one()
    finally:
        engine.dispose()


def _accounts(report):
    return next(s for s in report.streams if s.stream == "accounts")


def _cloud_accounts(layout):
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return {a["extId"]: a for a in crm.iter_all("accounts")}


def _a_client(layout):
    accounts = _cloud_accounts(layout)
    return next(k for k, a in accounts.items() if a["accountType"] == "client")


def test_first_sync_sends_every_client_then_nothing(installed):
    layout = installed()
    first = sync_once(layout)
    assert first.status == "succeeded"
    accounts = _accounts(first)
    assert accounts.read > 0
    assert accounts.read == accounts.created
    counts = count_entities(layout)["accounts"]
    assert counts["sage"] == counts["cloud"] == accounts.read

    second = _accounts(sync_once(layout))
    assert second.created == second.updated == second.failed == 0
    assert second.read == second.unchanged  # only the overlap window was re-read


def test_cloud_record_matches_sage_row(installed):
    layout = installed()
    sync_once(layout)
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT CT_Num, CT_Intitule, CT_Ville, CT_Prospect FROM F_COMPTET"
                " WHERE CT_Type = 0 ORDER BY cbMarq LIMIT 1"
            )
        ).one()
    engine.dispose()
    account = _cloud_accounts(layout)[row.CT_Num]
    assert account["name"] == row.CT_Intitule
    assert account["city"] == (row.CT_Ville or None)
    assert account["accountType"] == ("prospect" if row.CT_Prospect else "client")


def test_two_edits_in_the_same_minute_around_a_sync_both_reach_the_cloud(installed):
    layout = installed()
    sync_once(layout)
    key = _a_client(layout)
    # The Sage user's edits are stamped by a clock held at the start of this minute, then
    # 59 s later: one minute, however long the sync between them takes.
    clock = ManualClock(datetime.now().astimezone().replace(second=0, microsecond=0))
    first_stamp = _edit(
        layout,
        "UPDATE F_COMPTET SET CT_Telephone = '01 11 11 11 11' WHERE CT_Num = :n",
        clock,
        n=key,
    )
    assert _accounts(sync_once(layout)).updated == 1
    assert _cloud_accounts(layout)[key]["phone"] == "01 11 11 11 11"
    clock.advance(seconds=59)
    second_stamp = _edit(
        layout,
        "UPDATE F_COMPTET SET CT_Telephone = '01 22 22 22 22' WHERE CT_Num = :n",
        clock,
        n=key,
    )
    assert second_stamp == first_stamp  # same minute: the cursor value did not move
    assert _accounts(sync_once(layout)).updated == 1
    assert _cloud_accounts(layout)[key]["phone"] == "01 22 22 22 22"


class _FailAfter(httpx.BaseTransport):
    """A real HTTP transport that loses the connection after N upserts (thread-safe)."""

    def __init__(self, upserts_allowed: int) -> None:
        self._inner = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.left = upserts_allowed

    def handle_request(self, request):
        if request.url.path.endswith("/upsert"):
            with self._lock:
                cut, self.left = self.left == 0, max(self.left - 1, 0)
            if cut:
                raise httpx.ConnectError("coupure simulée", request=request)
        return self._inner.handle_request(request)

    def close(self):
        self._inner.close()


def test_lost_connection_keeps_the_cursor_and_the_next_run_finishes_the_job(installed):
    layout = installed()
    config, secrets = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    crm = CrmClient(
        config.cloud.url,
        config.cloud.public_key,
        secrets.private_key.get_secret_value(),
        transport=_FailAfter(1),
        max_attempts=2,
    )
    with StateStore(layout.state_file) as state, crm:
        broken = sync_stream(
            AccountsStream(), engine, crm, state, overlap=timedelta(minutes=2), batch_size=5
        )
        assert broken.status == "failed"
        assert "injoignable" in broken.aborted
        # Two chunks travel at once: the one that got through is bound only if it was
        # sent first; either way the cursor did not move past an unacknowledged record.
        assert broken.created in (0, 5)
        outcomes = broken.created + broken.updated + broken.unchanged + broken.failed
        assert broken.read == outcomes  # honest even when stopped mid-way
        assert state.cursor("accounts") is None
    engine.dispose()

    healed = _accounts(sync_once(layout))
    assert healed.status == "succeeded"
    counts = count_entities(layout)["accounts"]
    assert counts["cloud"] == counts["sage"]  # nothing missing, nothing duplicated
    assert healed.read == counts["sage"]
    assert healed.failed == 0
    # Re-sent accounts may come back "updated": users now exist, so owners resolve to them.
    assert healed.created + healed.updated + healed.unchanged == counts["sage"]
    assert healed.unchanged >= broken.created  # bound before the cut: not sent again
    assert healed.created <= counts["sage"] - 5  # 5 reached the cloud before the cut


def test_a_record_the_cloud_refuses_is_listed_and_the_rest_flows(installed):
    layout = installed()
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    with engine.begin() as conn:
        key = conn.execute(
            text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 LIMIT 1")
        ).scalar_one()
        conn.execute(text("UPDATE F_COMPTET SET CT_Intitule = '' WHERE CT_Num = :n"), {"n": key})
    engine.dispose()
    report = sync_once(layout)
    accounts = _accounts(report)
    assert report.status == "partial"
    assert accounts.failed == 1
    assert [e.key for e in accounts.errors] == [key]
    assert accounts.created == accounts.read - 1


class _CountingMapper:
    """The accounts' mapper, counting the rows it mapped."""

    def __init__(self, inner):
        self.inner, self.mapped = inner, 0

    def map(self, row):
        self.mapped += 1
        return self.inner.map(row)


def test_each_chunk_leaves_as_soon_as_it_is_mapped(installed):
    # Mapping a whole Sage batch before the first send left the CRM idle meanwhile.
    layout = installed()
    config, secrets = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    stream = AccountsStream()
    stream.mapper = counting = _CountingMapper(AccountsStream.mapper)
    mapped_at_send: list[int] = []
    with StateStore(layout.state_file) as state, open_crm(config, secrets) as crm:
        mark_sending = state.mark_sending

        def recorded(name, keys):
            mapped_at_send.append(counting.mapped)
            mark_sending(name, keys)

        state.mark_sending = recorded
        result = sync_stream(stream, engine, crm, state, overlap=timedelta(minutes=2), batch_size=5)
    engine.dispose()
    assert result.status == "succeeded"
    assert result.created == counting.mapped > 10  # one Sage batch, several chunks
    assert mapped_at_send[:2] == [5, 10]
    assert mapped_at_send[-1] == counting.mapped
