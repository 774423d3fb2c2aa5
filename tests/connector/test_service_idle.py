"""What the service does at rest stays nearly free (issue 14's idle goal).

Between passes it polls the change watcher, asks the state whether a retry is due and, with
each heartbeat, for the error list: those questions are answered by small indexes, never a
scan of every binding (over a million on a big company). A long pass does not make the next
turn send requests and heartbeat again at once.
"""

from __future__ import annotations

import sqlite3

from ssm.connector.service import loop as service_loop
from ssm.connector.service.loop import LoopState, Service, ServiceOptions
from ssm.connector.service.passes import RunReport, session
from ssm.connector.sync import Binding, StateStore

_ERROR_LIST = (
    "SELECT stream, sage_key FROM bindings WHERE status = 'error' ORDER BY stream, sage_key"
)


def test_a_state_file_of_an_earlier_version_gains_an_index_of_its_refused_records(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE bindings (stream TEXT NOT NULL, sage_key TEXT NOT NULL, crm_id INTEGER,"
        " hash TEXT, synced_at TEXT NOT NULL, status TEXT NOT NULL, error TEXT,"
        " PRIMARY KEY (stream, sage_key)) WITHOUT ROWID;"
    )
    db.close()
    with StateStore(path) as state:
        sent = [Binding(str(n), n, "h", "synced") for n in range(300)]
        state.commit("accounts", [*sent, Binding("C9", None, None, "error", "Nom manquant.")])
        assert [e[:3] for e in state.errors()] == [("accounts", "C9", "Nom manquant.")]
    db = sqlite3.connect(path)
    try:
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {_ERROR_LIST}"))
    finally:
        db.close()
    assert "USING INDEX bindings_error" in plan  # only the refused records are read
    assert "TEMP B-TREE" not in plan  # already in the list's order


class _Clock:
    """The loop's clock, moved on by the test: each pass takes as long as it says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_after_long_passes_the_cadences_count_from_their_end(installed, monkeypatch):
    layout = installed()
    clock = _Clock()
    monkeypatch.setattr(service_loop, "time", clock)

    def takes_45_seconds(_: RunReport) -> None:
        clock.now += 45.0  # the first sync pass, then the reconciliation, on a big company

    service = Service(layout, ServiceOptions(on_report=takes_45_seconds))
    loop = LoopState()  # the first turn: a pass and a reconciliation are due
    with session(layout) as s:
        service.tick(s, True, loop)
        assert clock.now == 1090.0  # both passes ran
        assert loop.next_requests == 1090.0 + service.timings.requests_interval
        assert loop.next_heartbeat == 1090.0 + service.timings.heartbeat_interval
        sent = loop.next_heartbeat
        clock.now += 1.0
        service.tick(s, False, loop)  # nothing due: no second heartbeat a second later
        assert loop.next_heartbeat == sent
        clock.now = sent
        service.tick(s, False, loop)  # the heartbeat comes back on its cadence
        assert loop.next_heartbeat == sent + service.timings.heartbeat_interval
