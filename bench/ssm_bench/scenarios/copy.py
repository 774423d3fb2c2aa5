"""The baselines as measured processes: raw SQLite copy and dlt ``sql_database`` → duckdb."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ssm_bench._procs import run_measured
from ssm_bench.datasets import Dataset


@dataclass
class CopyOutcome:
    """One baseline run: wall time of the whole process, rows, peak RSS."""

    kind: str
    ok: bool
    wall_s: float
    inner_s: float
    rows: int
    peak_rss_mb: float
    error: str = ""

    @property
    def rows_per_s(self) -> float:
        """Rows per second of wall time (process start included, as for the connector)."""
        return self.rows / self.wall_s if self.wall_s else 0.0


def run_copy(kind: str, dataset: Dataset, workdir: Path, name: str) -> CopyOutcome:
    """Run baseline ``kind`` (``raw`` or ``dlt``) on the dataset's company file."""
    out = workdir / name
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "ssm_bench.baselines", kind, str(dataset.company_file), str(out)]
    done = run_measured(cmd, log_dir=workdir / "logs", name=name)
    if done.returncode != 0:
        return CopyOutcome(
            kind, False, done.wall_s, 0, 0, done.peak_rss_mb, done.describe_failure()
        )
    report = done.json_last_line()
    shutil.rmtree(out, ignore_errors=True)
    return CopyOutcome(
        kind, True, done.wall_s, float(report["seconds"]), int(report["rows"]), done.peak_rss_mb
    )
