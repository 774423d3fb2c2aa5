"""Benchmark results: small in git, ``latest.*`` from the newest complete run, README in step.

The benchmarks themselves are never run here (bench/README.md); these tests drive the
reporter and the publisher on made-up runs in a temporary folder, and check the committed
results and README against each other.
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from ssm_bench import latest  # noqa: E402
from ssm_bench.report import FIRST_ERRORS, RESULTS, Figure, Results, write  # noqa: E402


def _run(minute: int, *figures: Figure, details: dict | None = None) -> Results:
    started = datetime(2026, 12, 6, 9, minute, tzinfo=UTC)
    return Results(started, {"size": "pme"}, list(figures), details or {})


def _sync(seconds: float | None) -> Figure:
    if seconds is None:
        return Figure("initial sync [pme]", "wall time", None, "", "≤ 20 s", None, "not available")
    return Figure("initial sync [pme]", "wall time", seconds, "s", "≤ 20 s", seconds <= 20)


def _readme(tmp_path: Path) -> Path:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nBefore.\n\n{latest.BEGIN}\nold table\n{latest.END}\n\nAfter.\n")
    return readme


def test_a_run_with_ten_thousand_refusals_writes_a_small_json(tmp_path):
    refusals = [
        {"key": str(n), "code": "unknown_account", "message": "Le compte n'existe pas."}
        for n in range(10_000)
    ]
    stream = {"stream": "contacts", "read": 30_000, "failed": 10_000, "errors": refusals}
    details = {"initial_sync": [{"ok": True, "streams": {"contacts": stream}}]}
    path = write(_run(0, _sync(19.0), details=details), tmp_path)

    assert path.stat().st_size < 5_000
    kept = json.loads(path.read_text())["details"]["initial_sync"][0]["streams"]["contacts"]
    assert kept["errors"] == refusals[:FIRST_ERRORS]
    assert kept["errors_total"] == 10_000
    assert kept["failed"] == 10_000


def test_every_committed_result_is_small():
    sizes = {p.name: p.stat().st_size for p in RESULTS.glob("*.json")}
    assert sizes
    assert {name: size for name, size in sizes.items() if size > 100_000} == {}


def test_only_a_complete_run_becomes_the_latest(tmp_path):
    readme = _readme(tmp_path)
    good = write(_run(0, _sync(19.0)), tmp_path).stem
    write(_run(5, _sync(None)), tmp_path)  # newer, but its sync was not measured

    assert latest.newest_complete(tmp_path) == good
    latest.publish(latest.newest_complete(tmp_path), folder=tmp_path, readme=readme)
    table = (tmp_path / "latest.md").read_text()
    assert f"| initial sync [pme] | wall time | 19.00 s | ≤ 20 s | yes | {good} |" in table
    with pytest.raises(SystemExit, match="incomplete"):
        latest.publish("20261206T090500Z", folder=tmp_path, readme=readme)


def test_merged_rows_say_which_run_measured_them(tmp_path):
    readme = _readme(tmp_path)
    idle = Figure("idle service [eti]", "CPU of one core", 14.6, "%", "≤ 2 %", False)
    old = write(_run(0, _sync(25.0), idle), tmp_path).stem
    new = write(_run(5, _sync(21.0)), tmp_path).stem

    latest.publish(new, [old], folder=tmp_path, readme=readme)

    rows = {
        (f["scenario"], f["figure"]): (f["value"], f["run"])
        for f in json.loads((tmp_path / "latest.json").read_text())["figures"]
    }
    assert rows == {
        ("initial sync [pme]", "wall time"): (21.0, new),
        ("idle service [eti]", "CPU of one core"): (14.6, old),
    }
    table = (tmp_path / "latest.md").read_text()
    assert f"| idle service [eti] | CPU of one core | 14.60 % | ≤ 2 % | NO | {old} |" in table
    assert f"Run {new}: 2026-12-06 09:05 UTC" in table
    assert f"Run {old}: 2026-12-06 09:00 UTC" in table
    text = readme.read_text()
    assert latest.table_in(text) == table
    assert text.startswith("# Title\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")


def test_the_committed_latest_is_the_newest_complete_run():
    published = json.loads((RESULTS / "latest.json").read_text())
    assert next(iter(published["runs"])) == latest.newest_complete()


def test_the_readme_table_is_latest_md():
    readme = latest.README.read_text()
    assert latest.table_in(readme) == (RESULTS / "latest.md").read_text()
