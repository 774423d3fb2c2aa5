"""The cloud dies in the middle of a parent stream; ``run`` untouched, nothing stays behind.

Real processes: ``ssm-cloud serve`` on a loopback port and ``ssm-connector run`` on the
reliability company with ``batch_size = 10`` (60 chunks of accounts, 30 of products), so
the kill lands mid-stream. The cloud is SIGKILLed once the state shows the chosen stream
under way (some of its records bound, not all), and started again 8 s later on the same
port and database: longer than the client's six attempts at one request (6.2 s at most),
so the pass under way fails and a later pass meets the restarted cloud. With no command
typed, within two minutes of the restart Sage and the cloud hold the same records (keys
and every field, invoice lines included), every invoice line whose item exists is linked
to its product, and no refusal for a missing parent is left, in the connector's error
list or in the cloud's.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sage_cloud_compare import CloudReader, compare, read_sage
from support import set_config, spawn

from ssm.connector import InstallLayout
from ssm.connector.demo import DemoPaths, cloud_command, database_url, free_port, wait_healthy
from ssm.connector.sync import StateStore

RESTART_AFTER = 8.0  # seconds the cloud stays dead: the pass under way fails first
CONVERGE_WITHIN = 120.0  # seconds after the restart
SYNCED_TABLES = ("accounts", "contacts", "products", "invoices")


class CloudProcess:
    """``ssm-cloud serve`` on a fixed loopback port and database, which a test can kill."""

    def __init__(self, paths: DemoPaths) -> None:
        paths.cloud_database.parent.mkdir(parents=True, exist_ok=True)
        self.paths = paths
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [*cloud_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with (self.paths.workdir / "cloud" / "cloud.log").open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--database", database_url(self.paths)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_healthy(self.url, self.process)

    def kill(self) -> None:
        """SIGKILL, by the pid of the process this test started."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def cloud(demo_paths) -> Iterator[CloudProcess]:
    process = CloudProcess(demo_paths)
    process.start()
    yield process
    process.stop()


@pytest.fixture
def cloud_url(cloud) -> str:
    """Overrides the connector tests' cloud with the one this module can kill."""
    return cloud.url


def _synced(state_file: Path, stream: str) -> int:
    try:
        db = sqlite3.connect(state_file, timeout=5)
    except sqlite3.Error:
        return 0
    try:
        row = db.execute(
            "SELECT count(*) FROM bindings WHERE stream = ? AND status = 'synced'", (stream,)
        ).fetchone()
        return int(row[0])
    except sqlite3.OperationalError:  # the connector has not created its tables yet
        return 0
    finally:
        db.close()


def _wait_mid_stream(layout: InstallLayout, stream: str, service, total: int) -> int:
    """Wait until ``stream`` has some records bound, not all; return how many."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert service.poll() is None, "ssm-connector run ended"
        done = _synced(layout.state_file, stream)
        if done >= 20:
            assert done < total, f"{stream} finished before the kill ({done}/{total})"
            return done
        time.sleep(0.005)
    raise AssertionError(f"{stream} never started")


def _runs_since(layout: InstallLayout, since: str) -> list[str]:
    """Sync passes that finished since ``since`` (one may have started before it)."""
    with StateStore(layout.state_file) as state:
        return [
            f"{r.id} {r.started_at}–{r.finished_at} {r.status}"
            for r in state.runs(50, kind="sync")
            if r.finished_at is not None and r.finished_at >= since
        ]


def _cloud_errors(paths: DemoPaths) -> dict[str, int]:
    db = sqlite3.connect(paths.cloud_database)
    try:
        return {
            table: db.execute(
                f"SELECT count(*) FROM {table} WHERE sync_status = 'error'"
            ).fetchone()[0]
            for table in SYNCED_TABLES
        }
    finally:
        db.close()


def _unlinked_lines(layout: InstallLayout, products: set[str]) -> list[str]:
    """Invoice lines naming an item the cloud has, without ``productId``."""
    unlinked = []
    with CloudReader.for_install(layout) as cloud:
        for invoice in cloud.all("invoices"):
            for line in cloud.get("invoices", invoice["id"]).get("lines") or []:
                if line.get("productExtId") in products and line.get("productId") is None:
                    unlinked.append(f"{invoice['extId']}/{line['extId']}")
    return unlinked


def _problems(layout: InstallLayout, paths: DemoPaths) -> list[str]:
    """What still differs from a converged install; empty when everything landed."""
    comparison = compare(layout)
    if not comparison.ok:
        return [comparison.report()]
    with StateStore(layout.state_file) as state:
        missing_parent = [
            (stream, key)
            for stream, key, reason, _ in state.errors()
            if "inconnu" in reason or "unknown_account" in reason
        ]
    problems = [f"refusals for a missing parent: {missing_parent[:10]}"] if missing_parent else []
    if any(_cloud_errors(paths).values()):
        problems.append(f"records in error in the cloud: {_cloud_errors(paths)}")
    products = set(read_sage(layout).records["products"])
    unlinked = _unlinked_lines(layout, products)
    if unlinked:
        problems.append(f"{len(unlinked)} invoice lines without product link: {unlinked[:10]}")
    return problems


@pytest.mark.parametrize("stream", ["accounts", "products"])
def test_cloud_killed_during_a_parent_stream_then_everything_lands(
    installed, cloud, demo_paths, spawned, stream
):
    layout = installed()
    set_config(layout, "sync", batch_size=10)
    total = len(read_sage(layout).records[stream])
    service = spawn("run", "--dir", str(layout.root), "--poll-interval", "0.2")
    spawned.append(service)

    done = _wait_mid_stream(layout, stream, service, total)
    cloud.kill()
    killed_at = _synced(layout.state_file, stream)
    assert done <= killed_at < total  # the stream was cut mid-way

    time.sleep(RESTART_AFTER)  # the outage itself, not a guess at the connector's pace
    cloud.start()
    restarted = datetime.now(UTC).isoformat(timespec="seconds")

    deadline = time.monotonic() + CONVERGE_WITHIN
    problems = ["no pass finished since the restart"]
    checked = 0
    while time.monotonic() < deadline:
        assert service.poll() is None, "ssm-connector run ended"
        finished = len(_runs_since(layout, restarted))
        if finished > checked:  # a pass ended since the last look: compare again
            checked = finished
            problems = _problems(layout, demo_paths)
            if not problems:
                break
        time.sleep(0.2)
    assert not problems, "\n".join([*problems, "passes:", *_runs_since(layout, "")])
