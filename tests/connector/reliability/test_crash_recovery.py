"""SIGKILL the connector at random points, restart it, and find the cloud equal to Sage.

A real ``ssm-connector`` process is killed without warning (no handler runs, no file is
closed) at seeded random instants after it started committing, first during the initial
sync, then during incremental syncs of ``ssm-connector run`` while a Sage user edits the
company. With ``batch_size = 10`` every run commits many checkpoints, so the kills fall
between an upsert and its commit, inside a commit, or between two batches. After the last
kill a full sync and a reconciliation must succeed, and the comparison holds record by
record: nothing missing, nothing duplicated, nothing stale.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from fault_proxy import FaultPlan, FaultProxy
from sage_cloud_compare import assert_cloud_matches_sage, read_sage
from sqlalchemy import text
from support import COMPANY, connector_json, set_config, spawn

from ssm.connector.sync import STREAM_NAMES
from ssm.sage100 import Activity, open_server

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's

SEED = 20261128
INITIAL_KILLS = 8
INCREMENTAL_KILLS = 6


def _bound(db: sqlite3.Connection) -> int:
    try:
        return int(db.execute("SELECT count(*) FROM bindings").fetchone()[0])
    except sqlite3.OperationalError:  # the connector has not created its tables yet
        return 0


def _wait_until(
    state_file: Path, process: subprocess.Popen[bytes], bound: int | None, limit: float = 30
) -> bool:
    """Wait until the process committed, and has ``bound`` records bound unless None.

    False if the process ended first.
    """
    deadline = time.monotonic() + limit
    while not state_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    db = sqlite3.connect(state_file, timeout=5)
    try:
        start = db.execute("PRAGMA data_version").fetchone()[0]
        committed = False
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            committed = committed or db.execute("PRAGMA data_version").fetchone()[0] != start
            if committed and (bound is None or _bound(db) >= bound):
                return True
            time.sleep(0.002)
    finally:
        db.close()
    return False


def _kill(
    args: list[str],
    state_file: Path,
    spawned: list[subprocess.Popen[bytes]],
    *,
    bound: int | None,
    then: float,
) -> bool:
    """Start the connector; SIGKILL it ``then`` seconds after it reached the point.

    The point is ``bound`` records bound in its state, or its first commit when None.
    True when the kill hit the live process, False when the process had already ended.
    """
    process = spawn(*args)
    spawned.append(process)
    reached = _wait_until(state_file, process, bound)
    time.sleep(then)
    alive = process.poll() is None
    process.kill()  # SIGKILL, by the pid of the process this test started
    process.wait(timeout=10)
    return alive and reached


def _bulk_edits(server: Path, round_no: int) -> None:
    """Edits that change many records at once, so an incremental sync has batches to send."""
    engine = open_server(server).engine(COMPANY)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE F_COMPTET SET CT_Telephone = :phone"
                    " WHERE CT_Type = 0 AND cbMarq % 4 = :r"
                ),
                {"phone": f"01 02 03 04 {round_no:02d}", "r": round_no % 4},
            )
            conn.execute(
                text("UPDATE F_CONTACTT SET CT_Fonction = :job WHERE cbMarq % 5 = :r"),
                {"job": f"Fonction {round_no}", "r": round_no % 5},
            )
            conn.execute(
                text("UPDATE F_ARTICLE SET AR_PrixVen = AR_PrixVen + 1 WHERE cbMarq % 3 = :r"),
                {"r": round_no % 3},
            )
            conn.execute(
                text(
                    "UPDATE F_DOCLIGNE SET DL_Design = :d"
                    " WHERE DO_Domaine = 0 AND DO_Type IN (6, 7) AND cbMarq % 6 = :r"
                ),
                {"d": f"Désignation révisée {round_no}", "r": round_no % 6},
            )
    finally:
        engine.dispose()


class _SageUser(threading.Thread):
    """A Sage user editing the company, one action every few milliseconds, until stopped."""

    def __init__(self, server: Path, seed: int) -> None:
        super().__init__(daemon=True)
        self.server, self.seed = server, seed
        self.stop = threading.Event()
        self.kinds: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        engine = open_server(self.server).engine(COMPANY)
        activity = Activity(engine, seed=self.seed)
        try:
            while not self.stop.wait(0.02):
                self.kinds.append(activity.step().kind)
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            engine.dispose()


def test_sigkill_during_initial_and_incremental_sync_loses_and_duplicates_nothing(
    installed, demo_paths, spawned
):
    layout = installed()
    set_config(layout, "sync", batch_size=10, poll_interval=0.2)
    rng = random.Random(SEED)
    install = ["--dir", str(layout.root)]

    # Initial sync: kill points spread over every stream, by how many records are bound.
    total = sum(read_sage(layout).count(name) for name in STREAM_NAMES)
    points = sorted(rng.sample(range(5, total - 100), INITIAL_KILLS))
    progress = []
    for point in points:
        jitter = rng.uniform(0.0, 0.02)
        killed = _kill(["sync", *install], layout.state_file, spawned, bound=point, then=jitter)
        assert killed, f"the initial sync ended before {point} of {total} records were bound"
        with sqlite3.connect(layout.state_file) as db:
            progress.append(_bound(db))
    assert progress == sorted(progress), progress  # a killed run never loses bindings

    # Incremental: a Sage user works while `run` is killed and restarted.
    user = _SageUser(demo_paths.sage_server, seed=SEED)
    user.start()
    incremental_kills = 0
    try:
        for round_no in range(INCREMENTAL_KILLS * 3):
            if incremental_kills == INCREMENTAL_KILLS:
                break
            _bulk_edits(demo_paths.sage_server, round_no)
            then = rng.uniform(0.0, 0.6)
            if _kill(["run", *install], layout.state_file, spawned, bound=None, then=then):
                incremental_kills += 1
    finally:
        user.stop.set()
        user.join(timeout=30)
    assert user.error is None, f"the Sage user failed: {user.error!r}"
    assert incremental_kills == INCREMENTAL_KILLS
    assert len(user.kinds) > 20, user.kinds

    # Restart once more, to the end, then propagate the deletions the user made.
    final = connector_json("sync", *install)
    assert final["status"] == "succeeded", final
    for name, figures in final["streams"].items():
        outcomes = ("created", "updated", "unchanged", "deleted", "failed")
        assert figures["read"] == sum(figures[k] for k in outcomes), (name, figures)
    reconciled = connector_json("reconcile", *install)
    assert reconciled["status"] == "succeeded", reconciled

    assert_cloud_matches_sage(layout)


def test_a_record_the_cloud_applied_just_before_a_kill_then_deleted_in_sage_is_deleted(
    installed, demo_paths, cloud_url, spawned
):
    """The window the random kills above sometimes hit, made deterministic.

    The cloud creates a new client, the connector is killed before it records the binding,
    then the client is deleted in Sage. After a restart and a reconciliation, the CRM must
    not keep a live account Sage no longer has.
    """
    layout = installed()
    assert connector_json("sync", "--dir", str(layout.root))["status"] == "succeeded"
    engine = open_server(demo_paths.sage_server).engine(COMPANY)
    try:
        key = Activity(engine, seed=SEED).step("new_client").key
        with FaultProxy(cloud_url, FaultPlan(hang_marker=key)) as proxy:
            set_config(layout, "cloud", url=proxy.url)
            process = spawn("sync", "--dir", str(layout.root))
            spawned.append(process)
            deadline = time.monotonic() + 30
            while not any(e.fault == "hang_after" and e.status == 200 for e in proxy.log):
                assert process.poll() is None and time.monotonic() < deadline, proxy.log
                time.sleep(0.01)
            process.kill()  # the cloud created the account; the connector never knew
            process.wait(timeout=10)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM F_COMPTET WHERE CT_Num = :key"), {"key": key})
    finally:
        engine.dispose()

    set_config(layout, "cloud", url=cloud_url)
    assert connector_json("sync", "--dir", str(layout.root))["status"] == "succeeded"
    assert connector_json("reconcile", "--dir", str(layout.root))["status"] == "succeeded"
    assert_cloud_matches_sage(layout)
