"""The service on PostgreSQL: one install's initial sync, and many tenants syncing at once.

``postgres``: the ``sync`` scenario's initial sync with ``ssm-cloud serve`` on a database of
a throwaway PostgreSQL cluster (``ssm_bench.postgres``) instead of a SQLite file.

``scaleout``: N small companies (generated with seeds 1…N, cached) each get an install of
their own, all linked to ONE ``ssm-cloud serve --workers W`` on PostgreSQL; their
``ssm-connector sync`` start together. One more tenant, synced beforehand, runs
``ssm-connector run`` and receives single edits, timed as ``latency`` times them, while the
others sync. Throughput = rows of every tenant / wall time from the first start to the last
end.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ssm_bench._procs import (
    CloudServer,
    ConnectorService,
    configure_install,
    last_run_id,
    wait_for_pass,
)
from ssm_bench.datasets import Dataset
from ssm_bench.postgres import PostgresServer
from ssm_bench.scenarios.latency import Edit, LatencyOutcome, measure_edits
from ssm_bench.scenarios.sync import Stack, SyncOutcome, measure_sync


@contextmanager
def postgres_cluster(folder: Path) -> Iterator[PostgresServer]:
    """A new PostgreSQL cluster in ``folder`` on a free loopback port, stopped and removed after."""
    if folder.exists():
        shutil.rmtree(folder)
    server = PostgresServer.start(folder=folder)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Span:
    """One tenant's initial sync under load: when it started and ended, what it moved."""

    tenant: str
    started: float  # perf_counter seconds
    ended: float
    rows: int
    status: str
    error: str = ""


def throughput(spans: list[Span]) -> tuple[int, float, float]:
    """Rows of every tenant, wall from the first start to the last end, and rows/s."""
    if not spans:
        return 0, 0.0, 0.0
    rows = sum(s.rows for s in spans)
    wall = max(s.ended for s in spans) - min(s.started for s in spans)
    return rows, wall, rows / wall if wall > 0 else 0.0


@dataclass
class ScaleOutcome:
    """One load test: the tenants' syncs and the edits made meanwhile."""

    workers: int
    spans: list[Span] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    edits_s: float = 0.0  # how long the edits took; the load lasted ``throughput()[1]``

    @property
    def failed(self) -> list[str]:
        """Tenants whose sync did not succeed (a partial run counts, as in ``sync``)."""
        return [s.tenant for s in self.spans if s.status not in ("succeeded", "partial")]

    def summary(self) -> dict[str, Any]:
        """The figures and details kept in the run's JSON."""
        rows, wall, rate = throughput(self.spans)
        p50, p95, missing = LatencyOutcome.percentiles(self.edits)
        return {
            "workers": self.workers,
            "tenants": len(self.spans),
            "rows": rows,
            "wall_s": wall,
            "rows_per_s": rate,
            "failed": self.failed,
            "edits_p50_s": p50,
            "edits_p95_s": p95,
            "edits_not_seen": missing,
            "edits_s": self.edits_s,
            "spans": [asdict(s) for s in self.spans],
            "edits": [asdict(e) for e in self.edits],
        }


def _sync_one(stack: Stack, origin: float) -> Span:
    started = time.perf_counter() - origin
    outcome: SyncOutcome = measure_sync(stack, "sync")
    ended = time.perf_counter() - origin
    tenant = stack.dataset.server.parent.name
    return Span(tenant, started, ended, outcome.rows, outcome.status, outcome.error)


def measure_scaleout(
    tenants: list[Dataset],
    edited: Dataset,
    workdir: Path,
    database: str,
    *,
    workers: int,
    edits: int,
    say: Callable[[str], None] = print,
) -> ScaleOutcome:
    """Sync ``tenants`` at once into one service of ``workers`` processes on ``database``.

    ``edited`` (a working copy: it is edited) is synced first, then runs ``ssm-connector
    run`` and gets up to ``edits`` single edits while the load lasts.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    logs = workdir / "logs"
    outcome = ScaleOutcome(workers)
    with CloudServer(database, logs, workers=workers) as cloud:
        stacks = []
        for i, dataset in enumerate([edited, *tenants]):
            install = workdir / f"tenant{i}" / "install"
            configure_install(install, dataset.server, dataset.database, cloud)
            stacks.append(Stack(cloud, install, dataset, install.parent))
        live, load = stacks[0], stacks[1:]
        first = measure_sync(live, "sync")
        if not first.ok:
            raise RuntimeError(f"the edited tenant's initial sync failed: {first.error}")
        before, _ = last_run_id(live.install)
        with ConnectorService(live.install, logs) as service:
            wait_for_pass(live.install, before, service, timeout=300)
            say(f"  {len(load)} tenants sync at once, edits meanwhile ({workers} worker(s))")
            origin = time.perf_counter()
            with ThreadPoolExecutor(max_workers=len(load)) as pool:
                futures = [pool.submit(_sync_one, stack, origin) for stack in load]
                started = time.perf_counter()
                outcome.edits = measure_edits(
                    live.install,
                    edited.server,
                    edited.database,
                    edits=edits,
                    say=say,
                    until=lambda: all(f.done() for f in futures),
                )
                outcome.edits_s = time.perf_counter() - started
                outcome.spans = [f.result() for f in futures]
    return outcome
