"""Initial sync: a fresh cloud and a fresh install, then ``ssm-connector sync --json`` timed.

Rows moved = every stream's ``read`` plus the invoice lines (sent inside the invoices),
counted in the Sage database (F_DOCLIGNE with DO_Domaine = 0 and DO_Type 6 or 7).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssm_bench._procs import CloudServer, configure_install, run_measured, tool
from ssm_bench.datasets import Dataset


@dataclass
class Stack:
    """A running cloud and an install linked to it."""

    cloud: CloudServer
    install: Path
    dataset: Dataset
    workdir: Path


@contextmanager
def fresh_stack(dataset: Dataset, workdir: Path, database: str | None = None) -> Iterator[Stack]:
    """A cloud on a new database and a newly configured install, in ``workdir``.

    ``database`` is the URL of an empty database; by default a new SQLite file in ``workdir``.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    with CloudServer(database or workdir / "cloud.sqlite", workdir / "logs") as cloud:
        install = workdir / "install"
        configure_install(install, dataset.server, dataset.database, cloud)
        yield Stack(cloud, install, dataset, workdir)


@dataclass
class SyncOutcome:
    """What one initial sync did."""

    ok: bool  # timing usable: the run succeeded, or was partial (some records refused)
    wall_s: float
    peak_rss_mb: float
    cpu_s: float
    rows: int
    status: str
    error: str = ""
    streams: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_s(self) -> float:
        """Rows moved per second of wall time."""
        return self.rows / self.wall_s if self.wall_s else 0.0


def measure_sync(stack: Stack, name: str = "sync", timeout: float = 3600.0) -> SyncOutcome:
    """Run ``ssm-connector sync --dir INSTALL --json`` and measure it (killed at ``timeout``)."""
    cmd = [tool("ssm-connector"), "sync", "--dir", str(stack.install), "--json"]
    done = run_measured(cmd, log_dir=stack.workdir / "logs", name=name, timeout=timeout)
    if done.timed_out:
        error = f"killed after {timeout:.0f} s (--sync-timeout); peak RSS until then"
        return SyncOutcome(False, done.wall_s, done.peak_rss_mb, done.cpu_s, 0, "timeout", error)
    try:
        report = done.json_last_line()
    except (RuntimeError, ValueError) as exc:
        return SyncOutcome(
            False, done.wall_s, done.peak_rss_mb, done.cpu_s, 0, "error", str(exc)[:400]
        )
    streams = report.get("streams", {})
    rows = sum(int(s.get("read", 0)) for s in streams.values())
    rows += stack.dataset.document_lines()
    status = str(report.get("status"))
    failed = {n: s.get("failed") for n, s in streams.items() if s.get("failed")}
    error = "" if status == "succeeded" else f"run {status}"
    if failed:
        error += f"; records refused: {', '.join(f'{n} {c}' for n, c in failed.items())}"
    aborted = {n: s["aborted"] for n, s in streams.items() if s.get("aborted")}
    if aborted:
        error += f"; streams stopped: {aborted}"
    # A partial run moved every row it could (refused records are listed, as designed): its
    # timing counts. A failed run (a stream stopped) does not.
    return SyncOutcome(
        status in ("succeeded", "partial"),
        done.wall_s,
        done.peak_rss_mb,
        done.cpu_s,
        rows,
        status,
        error,
        streams,
    )
