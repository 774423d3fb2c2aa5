"""The service at rest and the reconciliation of an unchanged company.

Idle CPU: ``ssm-connector run`` is started, its startup work is let to finish (the first
sync pass, then the reconciliation of deletions made while it was stopped: both always
run), then its CPU time (user + system, psutil) is read over a window with nothing
changing in Sage: CPU seconds / wall seconds, as a percentage of one core.

Reconciliation: ``ssm-connector reconcile --dir INSTALL --json``, wall time of the command.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ssm_bench._procs import ConnectorService, last_run_id, run_measured, tool, wait_for_pass


@dataclass
class IdleOutcome:
    """CPU used by the resting service."""

    cpu_percent: float
    window_s: float
    startup_s: float  # first sync pass and reconciliation, before the window
    rss_mb: float


def measure_idle(install: Path, log_dir: Path, window: float = 60.0) -> IdleOutcome:
    """Percent of one core used by ``ssm-connector run`` over ``window`` seconds at rest."""
    before, _ = last_run_id(install)
    with ConnectorService(install, log_dir) as service:
        startup = wait_for_pass(install, before, service, timeout=1800, kind="reconcile")
        time.sleep(2.0)  # let the pass's tail (heartbeat, log flush) settle
        process = service.process
        start_cpu = sum(process.cpu_times()[:2])
        started = time.monotonic()
        time.sleep(window)
        if not service.alive():
            raise RuntimeError("ssm-connector run exited during the idle window")
        used = sum(process.cpu_times()[:2]) - start_cpu
        elapsed = time.monotonic() - started
        rss = process.memory_info().rss / 2**20
    return IdleOutcome(100.0 * used / elapsed, elapsed, startup, rss)


@dataclass
class ReconcileOutcome:
    """One reconciliation run."""

    ok: bool
    wall_s: float
    peak_rss_mb: float
    deleted: int
    error: str = ""


def measure_reconcile(install: Path, log_dir: Path) -> ReconcileOutcome:
    """Time ``ssm-connector reconcile --json`` on the install."""
    cmd = [tool("ssm-connector"), "reconcile", "--dir", str(install), "--json"]
    done = run_measured(cmd, log_dir=log_dir, name="reconcile")
    try:
        report = done.json_last_line()
    except (RuntimeError, ValueError) as exc:
        return ReconcileOutcome(False, done.wall_s, done.peak_rss_mb, 0, str(exc)[:400])
    deleted = sum(int(s.get("deleted", 0)) for s in report.get("streams", {}).values())
    ok = done.returncode == 0 and report.get("status") == "succeeded"
    error = "" if ok else f"{report.get('status')}: {done.describe_failure()}"
    return ReconcileOutcome(ok, done.wall_s, done.peak_rss_mb, deleted, error)
