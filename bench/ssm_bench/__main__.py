"""``bench/run``: every scenario of issue 3 in one run, printed as a table and saved.

Scenarios (``--only`` takes one or more, comma-separated):

- ``sync``: initial sync of every stream on the main dataset (pme), wall time and rows/s;
- ``baselines``: raw SQLite copy and dlt ``sql_database`` → duckdb of the same rows, and
  our throughput as a ratio to each;
- ``latency``: change-to-cloud latency of single edits under ``ssm-connector run``;
- ``deletions``: the same for contact deletions, with a short reconciliation interval;
- ``twoway``: CRM saves of prospects and contacts timed until Sage 100 holds them, and Sage
  edits until the CRM shows them, under ``ssm-connector run`` (issue 15);
- ``quotes``: a rep's quote timed until Sage priced it («Brouillon – Validé»), then from the
  sync request until it has its Sage number, under ``ssm-connector run`` (issue 16);
- ``memory``: peak RSS of the initial sync of the big dataset (eti; measured when fresh);
- ``idle``: CPU of ``ssm-connector run`` at rest on the big dataset;
- ``reconcile``: ``ssm-connector reconcile`` on the unchanged big dataset;
- ``profile`` (only with ``--only``): CPU microseconds per row of the initial sync, per
  process, stage and stream, sampled by py-spy (``ssm_bench.scenarios.profile``);
- ``postgres`` (only with ``--only``): the initial sync with the service on PostgreSQL;
- ``scaleout`` (only with ``--only``): N small tenants syncing at once into one service on
  PostgreSQL with 1, then 2 workers, and edits timed meanwhile
  (``ssm_bench.scenarios.scaleout``).

A complete run (every figure measured) becomes ``latest.*`` and the README's table
(``ssm_bench.latest``); ``--latest`` rebuilds them from stored runs without measuring.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ssm.connector.sync import STREAM_NAMES
from ssm_bench._procs import (
    CloudServer,
    ConnectorService,
    last_run_id,
    repoint_install,
    wait_for_pass,
)
from ssm_bench.datasets import DATA, Dataset, ensure_dataset, working_copy
from ssm_bench.latest import newest_complete, publish
from ssm_bench.report import Figure, Results, complete, print_table, write
from ssm_bench.scenarios.copy import CopyOutcome, run_copy
from ssm_bench.scenarios.latency import (
    ACTIVITY_WARM_UP_S,
    BackgroundActivity,
    CloudReader,
    LatencyOutcome,
    latency_figures,
    measure_deletions,
    measure_edits,
    seconds_by_edit,
)
from ssm_bench.scenarios.profile import ProfileOutcome, measure_profile
from ssm_bench.scenarios.quotes import QuoteRound, measure_quotes, quote_figures
from ssm_bench.scenarios.scaleout import measure_scaleout, postgres_cluster
from ssm_bench.scenarios.service import measure_idle, measure_reconcile
from ssm_bench.scenarios.sync import Stack, SyncOutcome, fresh_stack, measure_sync
from ssm_bench.scenarios.twoway import (
    SAGE_EDITS,
    Round,
    SageFile,
    measure_crm_saves,
    twoway_figures,
)
from ssm_bench.stages import STAGES

SCENARIOS = (
    "sync",
    "baselines",
    "latency",
    "deletions",
    "twoway",
    "quotes",
    "memory",
    "idle",
    "reconcile",
    "profile",
    "postgres",
    "scaleout",
)
OPT_IN = ("profile", "postgres", "scaleout")  # run only when named in --only
MAIN = ("sync", "baselines", "latency", "deletions", "twoway", "quotes")
LIVE = (
    "latency",
    "deletions",
    "twoway",
    "quotes",
)  # measured with ``ssm-connector run`` after the sync
BIG = ("memory", "idle", "reconcile")
AUTO_REPEAT_UNDER_S = 60.0  # a first initial sync shorter than this is repeated 3 times

console = Console(stderr=True, highlight=False)


def say(text: str) -> None:
    """A progress line on stderr."""
    console.print(text, markup=False)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated scenarios among {', '.join(SCENARIOS)}")
    parser.add_argument("--size", default="pme", help="main dataset (default pme; small = smoke)")
    parser.add_argument(
        "--eti-size", help="big dataset (default eti with --size pme, else the same as --size)"
    )
    parser.add_argument("--skip-eti", action="store_true", help="skip memory, idle, reconcile")
    parser.add_argument(
        "--repeat", type=int, help="runs of the timed scenarios, median kept (default: 3 if fast)"
    )
    parser.add_argument("--edits", type=int, default=40, help="edits for latency (default 40)")
    parser.add_argument(
        "--saves", type=int, default=30, help="CRM saves, and Sage edits, for twoway (default 30)"
    )
    parser.add_argument(
        "--quotes", type=int, default=30, help="quotes made, for quotes (default 30)"
    )
    parser.add_argument("--deletions", type=int, default=5, help="deletions measured (default 5)")
    parser.add_argument(
        "--idle-seconds", type=float, default=60.0, help="idle CPU window (default 60)"
    )
    parser.add_argument(
        "--sync-timeout",
        type=float,
        default=900.0,
        help="seconds after which an initial sync is killed and reported (default 900)",
    )
    parser.add_argument(
        "--tenants", type=int, default=20, help="companies syncing at once in scaleout (20)"
    )
    parser.add_argument(
        "--tenant-size", default="tiny", help="dataset of each scaleout tenant (default tiny)"
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="comma-separated uvicorn worker counts scaleout runs with (default 1,2)",
    )
    parser.add_argument(
        "--merge-from",
        default="",
        help="comma-separated earlier run ids whose rows this run lacks go into latest.*",
    )
    parser.add_argument(
        "--latest",
        action="store_true",
        help="run nothing: rewrite latest.* and README's table from the newest complete run",
    )
    args = parser.parse_args(argv)
    args.merge_from = [r.strip() for r in args.merge_from.split(",") if r.strip()]
    args.workers = [int(w) for w in args.workers.split(",") if w.strip()]
    chosen = (
        set(SCENARIOS) - set(OPT_IN) if not args.only else {s.strip() for s in args.only.split(",")}
    )
    unknown = chosen - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}; known: {SCENARIOS}")
    if args.skip_eti:
        chosen -= set(BIG)
    args.chosen = chosen
    args.eti_size = args.eti_size or ("eti" if args.size == "pme" else args.size)
    return args


def goal_check(value: float | None, limit: float, *, at_most: bool) -> bool | None:
    """Whether ``value`` meets the goal; None when it was not measured."""
    if value is None:
        return None
    return value <= limit if at_most else value >= limit


def guarded(results: Results, scenario: str, figure: str, goal: str) -> Callable[..., Any]:
    """Run a scenario; an exception becomes a "not available" row instead of a crash."""

    def run(action: Callable[[], Any]) -> Any:
        try:
            return action()
        except Exception as exc:  # any failure of the programs is a finding
            say(f"{scenario}: not available: {exc}")
            results.unavailable(scenario, figure, goal, f"{type(exc).__name__}: {exc}"[:300])
            return None

    return run


def median(values: list[float]) -> float:
    """Median of the runs."""
    return float(statistics.median(values))


# --- main dataset: initial sync, baselines, latency ---------------------------------------


def run_main(args: argparse.Namespace, results: Results) -> float | None:
    """Scenarios on the main dataset (pme by default); the median rows/s of the sync."""
    size = args.size
    dataset = ensure_dataset(size, say)
    rows = dataset.source_rows()
    results.details["main_dataset"] = {"size": size, "source_rows": rows}
    say(f"{size}: {sum(rows.values())} rows to move {rows}")
    work = DATA / "work"
    copy = working_copy(dataset, work / f"{size}-sage100")  # latency edits this copy
    label = f"initial sync [{size}]"

    syncs: list[SyncOutcome] = []
    want_sync = bool({"sync", "baselines"} & args.chosen)
    want_live = bool(set(LIVE) & args.chosen)
    runs = (args.repeat or 1) if want_sync else 1  # else --repeat repeats the live scenarios
    i = 0
    while i < runs:
        last = i == runs - 1
        say(f"{label}: run {i + 1} …")
        workdir = work / f"{size}-run{i}"
        try:
            with fresh_stack(copy, workdir) as stack:
                outcome = measure_sync(stack, f"sync-{i}", args.sync_timeout)
                syncs.append(outcome)
                say(
                    f"  {outcome.status}: {outcome.wall_s:.2f} s, "
                    f"{outcome.rows_per_s:,.0f} rows/s, "
                    f"peak RSS {outcome.peak_rss_mb:.0f} MB {outcome.error}"
                )
                if i == 0 and args.repeat is None and want_sync:
                    runs = 3 if outcome.ok and outcome.wall_s < AUTO_REPEAT_UNDER_S else 1
                    last = i == runs - 1
                    say(f"{label}: median of {runs} run(s) (first took {outcome.wall_s:.1f} s)")
                if last and want_live:
                    if outcome.ok:
                        run_live(args, results, stack)
                    else:
                        for s in LIVE:
                            if s in args.chosen:
                                results.unavailable(
                                    f"{s} [{size}]", "p95", "", "the initial sync failed"
                                )
        except Exception as exc:
            say(f"{label}: not available: {exc}")
            results.unavailable(label, "wall time", "≤ 20 s", f"{type(exc).__name__}: {exc}")
            return None
        if not last:
            for name in ("install", "cloud.sqlite"):
                path = workdir / name
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        i += 1
        if not want_sync and want_live:
            break

    results.details["initial_sync"] = [asdict(s) | {"rows_per_s": s.rows_per_s} for s in syncs]
    good = [s for s in syncs if s.ok]
    ours = median([s.rows_per_s for s in good]) if good else None
    if "sync" in args.chosen:
        note = f"median of {len(good)}" if good else (syncs[0].error if syncs else "")
        if good:
            note += f"; {good[-1].rows} rows; peak RSS {max(s.peak_rss_mb for s in good):.0f} MB"
            note += f"; {good[-1].error}" if good[-1].error else ""
        wall = median([s.wall_s for s in good]) if good else None
        results.add(
            Figure(
                label, "wall time", wall, "s", "≤ 20 s", goal_check(wall, 20, at_most=True), note
            ),
            Figure(label, "throughput", ours, "rows/s"),
        )
    if "baselines" in args.chosen:
        run_baselines(args, results, dataset, ours, max(len(syncs), 1))
    return ours


def run_baselines(
    args: argparse.Namespace, results: Results, dataset: Dataset, ours: float | None, runs: int
) -> None:
    """Raw copy and dlt over the same rows, ``runs`` times each; our ratio to each."""
    work = DATA / "work"
    for kind, title, goal, limit in (
        ("raw", "raw SQLite copy", "", None),
        ("dlt", "dlt sql_database (pyarrow) → duckdb", "≥ 1.0 ×", 1.0),
    ):
        label = f"baseline {kind} [{dataset.size}]"
        outcomes: list[CopyOutcome] = []
        for i in range(runs):
            say(f"{label}: run {i + 1}/{runs} …")
            outcome = run_copy(kind, dataset, work, f"{kind}-{i}")
            say(
                f"  {outcome.rows} rows in {outcome.wall_s:.2f} s, {outcome.rows_per_s:,.0f} rows/s"
                f", peak RSS {outcome.peak_rss_mb:.0f} MB {outcome.error}"
            )
            outcomes.append(outcome)
        results.details[f"baseline_{kind}"] = [asdict(o) for o in outcomes]
        good = [o for o in outcomes if o.ok]
        if not good:
            results.unavailable(label, "throughput", "", outcomes[0].error)
            continue
        rate = median([o.rows_per_s for o in good])
        peak = max(o.peak_rss_mb for o in good)
        note = f"{title}; median of {len(good)}; {good[0].rows} rows; peak RSS {peak:.0f} MB"
        results.add(Figure(label, "throughput", rate, "rows/s", "", None, note))
        ratio = ours / rate if ours else None
        met = goal_check(ratio, limit, at_most=False) if limit else None
        results.add(Figure(label, "ours ÷ baseline", ratio, "×", goal, met))


def run_live(args: argparse.Namespace, results: Results, stack: Stack) -> None:
    """Latency of edits (default settings), then of deletions (short reconcile interval)."""
    size = stack.dataset.size
    logs = stack.workdir / "logs"
    outcome = LatencyOutcome()
    if "latency" in args.chosen:
        label = f"latency [{size}]"
        settings = _settings_note(stack.install)

        def edits() -> None:
            before, _ = last_run_id(stack.install)
            with ConnectorService(stack.install, logs) as service:
                wait_for_pass(stack.install, before, service, timeout=600)
                say(f"{label}: {args.edits} edits under ssm-connector run (default settings)")
                outcome.edits = measure_edits(
                    stack.install,
                    stack.dataset.server,
                    stack.dataset.database,
                    edits=args.edits,
                    say=say,
                )
            results.add(*latency_figures(label, outcome.edits, settings))

        guarded(results, label, "p95", "≤ 2 s")(edits)
        busy = f"latency under activity [{size}]"

        def busy_edits() -> None:
            before, _ = last_run_id(stack.install, "reconcile")
            activity = BackgroundActivity(
                stack.dataset.server, stack.dataset.database, logs / "activity.log"
            )
            with ConnectorService(stack.install, logs) as service:
                wait_for_pass(stack.install, before, service, timeout=600, kind="reconcile")
                say(f"{busy}: {args.edits} edits while {activity.describe()} runs")
                with activity:
                    time.sleep(ACTIVITY_WARM_UP_S)  # the service's passes settle into the pace
                    outcome.busy_edits = measure_edits(
                        stack.install,
                        stack.dataset.server,
                        stack.dataset.database,
                        edits=args.edits,
                        seed=8,
                        say=say,
                    )
            note = f"{activity.describe()}: {activity.actions} actions; {settings}"
            results.add(*latency_figures(busy, outcome.busy_edits, note))

        guarded(results, busy, "p95", "≤ 2 s")(busy_edits)
    if "deletions" in args.chosen and args.deletions > 0:
        label = f"deletions [{size}]"

        def deletions() -> None:
            before, _ = last_run_id(stack.install)
            extra = ["--reconcile-interval", "5"]
            with ConnectorService(stack.install, logs, extra) as service:
                wait_for_pass(stack.install, before, service, timeout=600)
                say(f"{label}: {args.deletions} contact deletions, --reconcile-interval 5")
                outcome.deletions = measure_deletions(
                    stack.install,
                    stack.dataset.server,
                    stack.dataset.database,
                    deletions=args.deletions,
                    timeout=60,
                    say=say,
                )
            p50, _, missing = LatencyOutcome.percentiles(outcome.deletions)
            seen = sum(1 for e in outcome.deletions if e.latency_s is not None)
            note = f"{seen} deletions seen; --reconcile-interval 5 (default 600)" + (
                f"; {missing} not seen in 60 s" if missing else ""
            )
            results.add(Figure(label, "p50", p50, "s", "", None, note))

        guarded(results, label, "p50", "")(deletions)
    if "twoway" in args.chosen:
        run_twoway(args, results, stack)
    if "quotes" in args.chosen:
        run_quotes(args, results, stack)
    results.details["latency"] = {
        "edits": [asdict(e) for e in outcome.edits],
        "edits_under_activity": [asdict(e) for e in outcome.busy_edits],
        "deletions": [asdict(e) for e in outcome.deletions],
    }


def run_twoway(args: argparse.Namespace, results: Results, stack: Stack) -> None:
    """CRM → Sage and Sage → CRM latency under one ``ssm-connector run``, ``--repeat`` rounds."""
    label = f"two-way latency [{stack.dataset.size}]"
    logs = stack.workdir / "logs"
    rounds: list[Round] = []

    def measure() -> None:
        before, _ = last_run_id(stack.install)
        with ConnectorService(stack.install, logs) as service:
            wait_for_pass(stack.install, before, service, timeout=600)
            for n in range(args.repeat or 1):
                say(f"{label}: round {n + 1}, {args.saves} CRM saves, then as many Sage edits")
                done = Round()
                done.crm_saves = measure_crm_saves(
                    stack.install,
                    stack.dataset.company_file,
                    saves=args.saves,
                    seed=15 + n,
                    say=say,
                )
                done.sage_edits = measure_edits(
                    stack.install,
                    stack.dataset.server,
                    stack.dataset.database,
                    edits=args.saves,
                    seed=20 + n,
                    say=say,
                    kinds=SAGE_EDITS,
                )
                rounds.append(done)
        results.add(*twoway_figures(label, rounds))

    guarded(results, label, "CRM → Sage p95", "≤ 2 s")(measure)
    results.details["twoway"] = [
        {way: seconds_by_edit(edits) for way, edits in asdict(r).items()} for r in rounds
    ]


def run_quotes(args: argparse.Namespace, results: Results, stack: Stack) -> None:
    """Quote latencies under one ``ssm-connector run``, ``--repeat`` rounds."""
    label = f"quote latency [{stack.dataset.size}]"
    logs = stack.workdir / "logs"
    rounds: list[QuoteRound] = []

    def measure() -> None:
        before, _ = last_run_id(stack.install)
        with ConnectorService(stack.install, logs) as service:
            wait_for_pass(stack.install, before, service, timeout=600)
            cloud, sage = CloudReader(stack.install), SageFile(stack.dataset.company_file)
            try:
                for n in range(args.repeat or 1):
                    say(f"{label}: round {n + 1}, {args.quotes} quotes priced, then synced")
                    rounds.append(
                        measure_quotes(cloud, sage, quotes=args.quotes, seed=16 + n, say=say)
                    )
            finally:
                sage.close()
                cloud.close()
        results.add(*quote_figures(label, rounds))

    guarded(results, label, "save → «Brouillon – Validé» p95", "≤ 3 s")(measure)
    results.details["quotes"] = [
        {clock: seconds_by_edit(edits) for clock, edits in asdict(r).items()} for r in rounds
    ]


def _settings_note(install: Path) -> str:
    """The poll interval the service runs with, as the configuration spells it."""
    config = (install / "config" / "connector.toml").read_text()
    poll = next((ln for ln in config.splitlines() if ln.startswith("poll_interval")), "")
    return f"default settings ({poll.replace(' ', '')})" if poll else "default settings"


# --- big dataset: memory of the initial sync, idle CPU, reconciliation ----------------------


def run_big(args: argparse.Namespace, results: Results) -> None:
    """Scenarios on the big dataset (eti by default), its synced install cached."""
    size = args.eti_size
    dataset = ensure_dataset(size, say)
    synced = DATA / f"{size}-seed{1}" / "synced"
    marker = synced / ".complete"
    record = synced.parent / "initial-sync.json"
    if not marker.exists():
        say(f"initial sync [{size}]: fresh install (cached afterwards) …")
        try:
            with fresh_stack(dataset, synced) as stack:
                outcome = measure_sync(stack, "sync", args.sync_timeout)
        except Exception as exc:
            results.unavailable(f"initial sync [{size}]", "peak RSS", "≤ 250 MB", exc)
            return
        say(f"  {outcome.status}: {outcome.wall_s:.1f} s, peak RSS {outcome.peak_rss_mb:.0f} MB")
        data = asdict(outcome) | {"rows_per_s": outcome.rows_per_s}
        record.write_text(json.dumps(data | {"measured": datetime.now(UTC).isoformat()}))
        if outcome.ok:
            marker.write_text("ok\n")
        fresh = True
    else:
        fresh = False
    previous = json.loads(record.read_text())
    results.details["big_initial_sync"] = previous | {"fresh": fresh}
    label = f"initial sync [{size}]"
    when = "this run" if fresh else f"cached, measured {previous['measured'][:16]}"
    ok = previous["ok"]
    if "memory" in args.chosen:
        peak = previous["peak_rss_mb"]
        note = when if ok else f"{when}; sync {previous['status']}: {previous['error']}"
        # An unfinished sync already above the goal misses it; below, nothing can be said.
        met = goal_check(peak, 250, at_most=True) if ok or peak > 250 else None
        wall = previous["wall_s"] if ok else None
        rate = previous["rows_per_s"] if ok else None
        results.add(
            Figure(label, "peak RSS", peak, "MB", "≤ 250 MB", met, note),
            Figure(label, "wall time", wall, "s", "", None, when),
            Figure(label, "throughput", rate, "rows/s", "", None, when),
        )
    if not ok:
        for s, figure in (("idle", "CPU at rest"), ("reconcile", "wall time")):
            if s in args.chosen:
                results.unavailable(f"{s} [{size}]", figure, "", "the initial sync failed")
        return
    with CloudServer(synced / "cloud.sqlite", synced / "logs") as cloud:
        repoint_install(synced / "install", cloud.url)
        if "idle" in args.chosen:
            label = f"idle service [{size}]"

            def idle() -> None:
                say(f"{label}: ssm-connector run at rest for {args.idle_seconds:.0f} s …")
                out = measure_idle(synced / "install", synced / "logs", args.idle_seconds)
                results.details["idle"] = asdict(out)
                note = f"{out.window_s:.0f} s window after {out.startup_s:.1f} s of startup passes"
                note += f"; RSS {out.rss_mb:.0f} MB"
                met = goal_check(out.cpu_percent, 2, at_most=True)
                results.add(
                    Figure(label, "CPU of one core", out.cpu_percent, "%", "≤ 2 %", met, note)
                )

            guarded(results, label, "CPU of one core", "≤ 2 %")(idle)
        if "reconcile" in args.chosen:
            label = f"reconcile [{size}]"

            def reconcile() -> None:
                say(f"{label}: ssm-connector reconcile …")
                out = measure_reconcile(synced / "install", synced / "logs")
                results.details["reconcile"] = asdict(out)
                if not out.ok:
                    results.unavailable(label, "wall time", "≤ 5 s", out.error)
                    return
                note = (
                    f"unchanged company; {out.deleted} deleted; peak RSS {out.peak_rss_mb:.0f} MB"
                )
                met = goal_check(out.wall_s, 5, at_most=True)
                results.add(Figure(label, "wall time", out.wall_s, "s", "≤ 5 s", met, note))

            guarded(results, label, "wall time", "≤ 5 s")(reconcile)


# --- PostgreSQL: the initial sync, and many tenants at once ----------------------------------


def run_postgres(args: argparse.Namespace, results: Results, sqlite_rate: float | None) -> None:
    """The initial sync with the service on PostgreSQL, ``--repeat`` times (1 by default)."""
    size = args.size
    dataset = ensure_dataset(size, say)
    work = DATA / "work"
    label = f"initial sync on PostgreSQL [{size}]"
    syncs: list[SyncOutcome] = []

    def sync() -> None:
        with postgres_cluster(work / "postgres-cluster") as cluster:
            for i in range(args.repeat or 1):
                say(f"{label}: run {i + 1} …")
                database = cluster.create_database()
                with fresh_stack(dataset, work / f"{size}-postgres{i}", database) as stack:
                    outcome = measure_sync(stack, f"sync-{i}", args.sync_timeout)
                cluster.drop_database(database)
                say(f"  {outcome.status}: {outcome.wall_s:.2f} s, {outcome.rows_per_s:,.0f} rows/s")
                syncs.append(outcome)

    guarded(results, label, "wall time", "")(sync)
    results.details["postgres_sync"] = [asdict(s) | {"rows_per_s": s.rows_per_s} for s in syncs]
    good = [s for s in syncs if s.ok]
    if not syncs:
        return
    if not good:
        results.unavailable(label, "wall time", "", syncs[0].error)
        return
    wall, rate = median([s.wall_s for s in good]), median([s.rows_per_s for s in good])
    note = f"median of {len(good)}; {good[-1].rows} rows; peak RSS {good[-1].peak_rss_mb:.0f} MB"
    results.add(
        Figure(label, "wall time", wall, "s", "", None, note),
        Figure(label, "throughput", rate, "rows/s"),
    )
    if sqlite_rate:
        note = "rows/s on PostgreSQL ÷ rows/s on SQLite, both of this run"
        results.add(Figure(label, "÷ SQLite", rate / sqlite_rate, "×", "", None, note))


def run_scaleout(args: argparse.Namespace, results: Results) -> None:
    """``--tenants`` companies syncing at once into one service, for each ``--workers``."""
    size, n = args.tenant_size, args.tenants
    tenants = [ensure_dataset(size, say, seed=seed) for seed in range(1, n + 1)]
    work = DATA / "work"
    edited = ensure_dataset(size, say, seed=n + 1)  # one more tenant, copied: edits change it
    details: list[dict[str, Any]] = []
    results.details["scaleout"] = details
    for workers in args.workers:
        label = f"scale-out, {n} × {size}, {workers} worker(s) [PostgreSQL]"

        def load(workers: int = workers, label: str = label) -> None:
            say(f"{label} …")
            with postgres_cluster(work / "postgres-cluster") as cluster:
                outcome = measure_scaleout(
                    tenants,
                    working_copy(edited, work / "scaleout-edited-sage100"),
                    work / f"scaleout-{workers}w",
                    cluster.create_database(),
                    workers=workers,
                    edits=args.edits,
                    say=say,
                )
            summary = outcome.summary()
            details.append(summary)
            say(
                f"  {summary['rows']} rows in {summary['wall_s']:.1f} s, "
                f"{summary['rows_per_s']:,.0f} rows/s; edits p95 {summary['edits_p95_s']}"
            )
            failed = f"; failed: {', '.join(outcome.failed)}" if outcome.failed else ""
            note = (
                f"{n} tenants of {size} at once, {summary['rows']} rows in "
                f"{summary['wall_s']:.1f} s{failed}"
            )
            seen = sum(1 for e in outcome.edits if e.latency_s is not None)
            edits_note = (
                f"{seen} edits in one more tenant under ssm-connector run while the others "
                f"synced ({outcome.edits_s:.0f} s)"
            )
            if summary["edits_not_seen"]:
                edits_note += f", {summary['edits_not_seen']} not seen in 30 s"
            p95 = summary["edits_p95_s"]
            results.add(
                Figure(label, "throughput", summary["rows_per_s"], "rows/s", "", None, note),
                Figure(
                    label, "p95", p95, "s", "≤ 2 s", goal_check(p95, 2, at_most=True), edits_note
                ),
            )

        guarded(results, label, "throughput", "")(load)


# --- profile: CPU per row, per process, stage and stream --------------------------------------


def run_profile(args: argparse.Namespace, results: Results) -> None:
    """The profiled initial sync, ``--repeat`` times (1 by default), median per cell."""
    size = args.size
    dataset = ensure_dataset(size, say)
    work = DATA / "work"
    copy = working_copy(dataset, work / f"{size}-profile-sage100")
    label = f"profile [{size}]"
    outcomes: list[ProfileOutcome] = []
    for i in range(args.repeat or 1):
        say(f"{label}: run {i + 1}, one stream at a time under py-spy …")
        with fresh_stack(copy, work / f"{size}-profile{i}") as stack:
            outcome = measure_profile(stack, STREAM_NAMES)
        if not outcome.ok:
            results.unavailable(label, "CPU per row", "", "a stream did not sync")
            return
        outcomes.append(outcome)
    tables = [o.per_row() for o in outcomes]
    per_row = {
        p: {st: median([t[p].get(st, 0.0) for t in tables]) for st in STAGES} for p in tables[0]
    }
    streams = [o.stream_per_row() for o in outcomes]
    per_stream = {
        name: {p: median([s[name][p] for s in streams]) for p in streams[0][name]}
        for name in streams[0]
    }
    last = outcomes[-1]
    check = {
        p: {
            "sampled_s": sum(sum(s.stages[p].values()) for s in last.streams),
            "measured_s": sum(s.measured_s[p] for s in last.streams),
        }
        for p in per_row
    }
    results.details["profile"] = {
        "runs": len(outcomes),
        "rows": {s.stream: s.rows for s in last.streams},
        "us_per_row": per_row,
        "stream_us_per_row": per_stream,
        "cpu_check": check,
        "top_frames": last.top,
    }
    for process, stages in per_row.items():
        total = sum(stages.values())
        big = sorted(stages.items(), key=lambda kv: -kv[1])[:3]
        note = f"median of {len(outcomes)}; " + ", ".join(f"{k} {v:.0f}" for k, v in big)
        note += f"; other {stages['other'] / total:.0%}" if total else ""
        results.add(Figure(label, f"{process} CPU per row", total, "µs", "", None, note))
    print_profile(per_row, per_stream, check)


def print_profile(
    per_row: dict[str, dict[str, float]],
    per_stream: dict[str, dict[str, float]],
    check: dict[str, dict[str, float]],
) -> None:
    """The stage x process table and the stream x process table, in µs of CPU per row."""
    processes = list(per_row)
    table = Table(title="CPU µs per row, by stage", title_justify="left")
    table.add_column("stage")
    for p in processes:
        table.add_column(p, justify="right")
    for stage in STAGES:
        table.add_row(stage, *(f"{per_row[p][stage]:.1f}" for p in processes))
    table.add_row("total", *(f"{sum(per_row[p].values()):.1f}" for p in processes))
    table.add_row(
        "sampled / measured CPU s",
        *(f"{check[p]['sampled_s']:.1f} / {check[p]['measured_s']:.1f}" for p in processes),
    )
    console.print(table)
    streams = Table(title="CPU µs per row, by stream", title_justify="left")
    streams.add_column("stream")
    for p in processes:
        streams.add_column(p, justify="right")
    for name, cells in per_stream.items():
        streams.add_row(name, *(f"{cells[p]:.1f}" for p in processes))
    console.print(streams)


def main(argv: list[str] | None = None) -> None:
    """Run the chosen scenarios, print the table, write the results."""
    args = parse(argv)
    if args.latest:
        publish(newest_complete(), args.merge_from)
        say("written bench/results/latest.json, bench/results/latest.md and README.md's table")
        return
    options = {
        "size": args.size,
        "eti_size": args.eti_size if set(BIG) & args.chosen else None,
        "scenarios": sorted(args.chosen),
        "repeat": args.repeat,
        "edits": args.edits,
        "saves": args.saves if "twoway" in args.chosen else None,
        "quotes": args.quotes if "quotes" in args.chosen else None,
        "tenants": args.tenants if "scaleout" in args.chosen else None,
        "tenant_size": args.tenant_size if "scaleout" in args.chosen else None,
        "workers": args.workers if "scaleout" in args.chosen else None,
    }
    results = Results(datetime.now(UTC), options)
    sqlite_rate = run_main(args, results) if set(MAIN) & args.chosen else None
    if set(BIG) & args.chosen:
        run_big(args, results)
    if "profile" in args.chosen:
        run_profile(args, results)
    if "postgres" in args.chosen:
        run_postgres(args, results, sqlite_rate)
    if "scaleout" in args.chosen:
        run_scaleout(args, results)
    print_table(results, Console(width=None if Console().is_terminal else 200))
    path = write(results)
    say(f"written {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    if complete(results.figures):
        publish(results.run_id, args.merge_from)
        say("and bench/results/latest.json, bench/results/latest.md, README.md's table")
    else:
        say("not the latest: some figures could not be measured (latest.* kept)")


if __name__ == "__main__":
    main()
