"""Records refused for a reason that can go away are retried, with backoff, until they land.

State rules first (attempts, backoff, due keys, migration), on a real state file; then the
engine against a real emulated Sage 100 and a real cloud on loopback: contacts sent before
their accounts are refused ``unknown_account``, their cursor moves on, and a later pass
reads them again by key and sends them once the accounts are there. Then the runner's
order: a child stream whose parent failed in the pass waits for the next pass.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from ssm.connector import load_install, sync_once
from ssm.connector.service.passes import RunReport, Session, count_entities, run_recorded
from ssm.connector.sync import STREAM_NAMES, Binding, StateStore, StreamResult
from ssm.connector.sync.engine import RETRYABLE
from ssm.connector.sync.state import RETRY_MAX, retry_delay
from ssm.sage100 import open_server

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's


def _row(state_file, stream, key):
    db = sqlite3.connect(state_file)
    try:
        return db.execute(
            "SELECT status, attempts, retry_at, synced_at FROM bindings"
            " WHERE stream = ? AND sage_key = ?",
            (stream, key),
        ).fetchone()
    finally:
        db.close()


def _refused(key: str) -> Binding:
    return Binding(key, None, None, "error", "Le compte C1 est inconnu.", retry=True)


# --- state: attempts and backoff ------------------------------------------------------


def test_the_delay_doubles_from_30_seconds_up_to_an_hour():
    delays = [retry_delay(n) for n in range(1, 10)]
    assert delays[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert delays[-1] == RETRY_MAX == timedelta(hours=1)
    assert delays == sorted(delays)
    assert retry_delay(10_000) == RETRY_MAX  # no overflow after months of retries


def test_a_retryable_refusal_is_due_after_its_delay_then_later_each_time(tmp_path):
    path = tmp_path / "state.sqlite"
    with StateStore(path) as state:
        state.commit("contacts", [_refused("7"), Binding("8", 3, "h", "synced")])
        status, attempts, retry_at, synced_at = _row(path, "contacts", "7")
        first = datetime.fromisoformat(retry_at)
        assert (status, attempts) == ("error", 1)
        assert first - datetime.fromisoformat(synced_at) == timedelta(seconds=30)
        assert state.due_retries("contacts", first - timedelta(seconds=1)) == []
        assert state.due_retries("contacts", first) == ["7"]
        assert state.retries_due(first) and not state.retries_due(first - timedelta(seconds=1))
        assert state.due_retries("invoices", first) == []
        assert _row(path, "contacts", "8")[1:3] == (0, None)
        # still on the error list while it waits
        assert [(s, k) for s, k, _, _ in state.errors()] == [("contacts", "7")]

        state.commit("contacts", [_refused("7")])  # refused again: attempt 2, 60 s
        _, attempts, retry_at, synced_at = _row(path, "contacts", "7")
        assert attempts == 2
        assert datetime.fromisoformat(retry_at) - datetime.fromisoformat(synced_at) == timedelta(
            seconds=60
        )

        state.commit("contacts", [Binding("7", 12, "h", "synced")])  # it landed
        assert _row(path, "contacts", "7")[:3] == ("synced", 0, None)
        assert state.errors() == []
        assert not state.retries_due(datetime.now(UTC) + timedelta(days=1))


def test_a_lasting_refusal_and_a_dropped_key_are_not_retried(tmp_path):
    path = tmp_path / "state.sqlite"
    later = datetime.now(UTC) + timedelta(hours=2)
    with StateStore(path) as state:
        state.commit("contacts", [_refused("7"), _refused("9")])
        state.commit("contacts", [Binding("7", None, None, "error", "Nom manquant.")])
        state.drop_retries("contacts", ["9"])
        assert state.due_retries("contacts", later) == []
        assert len(state.errors()) == 2  # both still listed: reconciliation forgets "9"


def test_a_state_file_of_an_earlier_version_gains_the_retry_columns(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE bindings (stream TEXT NOT NULL, sage_key TEXT NOT NULL, crm_id INTEGER,"
        " hash TEXT, synced_at TEXT NOT NULL, status TEXT NOT NULL, error TEXT,"
        " PRIMARY KEY (stream, sage_key)) WITHOUT ROWID;"
        "INSERT INTO bindings VALUES ('contacts', '7', NULL, NULL, '2026-01-01', 'error', 'x');"
    )
    db.close()
    with StateStore(path) as state:
        assert state.due_retries("contacts", datetime.now(UTC)) == []  # old errors: lasting
        state.commit("contacts", [_refused("7")])
        assert _row(path, "contacts", "7")[1] == 1


# --- engine: contacts sent before their accounts --------------------------------------


def _make_due(layout) -> None:
    """Move every retry into the past: the backoff has elapsed (no waiting in tests)."""
    db = sqlite3.connect(layout.state_file)
    with db:
        db.execute("UPDATE bindings SET retry_at = '2000-01-01T00:00:00+00:00' WHERE retry_at")
    db.close()


def _stream(report: RunReport, name: str) -> StreamResult:
    return next(s for s in report.streams if s.stream == name)


def test_contacts_refused_for_a_missing_account_land_when_it_arrives(installed):
    layout = installed()
    assert "unknown_account" in RETRYABLE
    early = _stream(sync_once(layout, ["contacts"]), "contacts")
    assert early.read == early.failed > 0
    assert {e.code for e in early.errors} == {"unknown_account"}
    with StateStore(layout.state_file) as state:
        cursor = state.cursor("contacts")
        assert cursor is not None and not cursor.backfill  # the cursor moved past them
        assert len(state.errors("contacts")) == early.failed

    # Before their backoff elapsed, a pass does not send them again.
    assert _stream(sync_once(layout, ["contacts"]), "contacts").retried == 0

    # Sage deletes one of them meanwhile: it leaves the retry list, nothing is sent for it.
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    with engine.begin() as conn:
        gone = conn.execute(text("SELECT max(CT_No) FROM F_CONTACTT")).scalar_one()
        conn.execute(text("DELETE FROM F_CONTACTT WHERE CT_No = :n"), {"n": gone})
    engine.dispose()

    assert sync_once(layout, ["users", "accounts"]).status == "succeeded"
    _make_due(layout)
    late = _stream(sync_once(layout, ["contacts"]), "contacts")
    assert late.status == "succeeded", late.errors[:3]
    assert late.retried == early.failed - 1
    assert late.created == late.retried
    counts = count_entities(layout)["contacts"]
    assert counts["sage"] == counts["cloud"] == early.failed - 1
    with StateStore(layout.state_file) as state:
        assert [k for _, k, _, _ in state.errors("contacts")] == [str(gone)]
        assert state.due_retries("contacts", datetime.now(UTC) + timedelta(days=1)) == []
    # The next pass, nothing due: nothing read again.
    assert _stream(sync_once(layout, ["contacts"]), "contacts").retried == 0


# --- runner: a child waits for its failed parent --------------------------------------


def _pass(tmp_path, failing: set[str], entities=None) -> tuple[RunReport, list[str]]:
    ran: list[str] = []

    def run_stream(stream):
        ran.append(stream.name)
        return StreamResult(stream.name, aborted="hors ligne" if stream.name in failing else None)

    with StateStore(tmp_path / "state.sqlite") as state:
        s = Session(None, None, None, state, None)  # type: ignore[arg-type]
        return run_recorded(s, "sync", entities, run_stream), ran


@pytest.mark.parametrize(
    ("failing", "deferred"),
    [
        ({"accounts"}, {"contacts": "accounts", "invoices": "accounts", "quotes": "accounts"}),
        ({"products"}, {"invoices": "products", "quotes": "products"}),
        ({"contacts"}, {}),
        ({"users"}, {}),  # accounts go to the administrator, then follow their rep
    ],
)
def test_children_of_a_failed_parent_wait_for_the_next_pass(tmp_path, failing, deferred):
    report, ran = _pass(tmp_path, failing)
    assert ran == [n for n in STREAM_NAMES if n not in deferred]
    assert {s.stream: s.deferred for s in report.streams if s.deferred} == deferred
    for name in deferred:
        figures = report.as_dict()["streams"][name]
        assert figures["status"] == "failed"
        assert "Reporté au prochain passage" in figures["aborted"]
    assert report.status == "failed"


def test_a_child_run_alone_is_not_deferred(tmp_path):
    report, ran = _pass(tmp_path, {"accounts"}, ["contacts"])
    assert ran == ["contacts"] and report.status == "succeeded"
