"""CPU per row of the initial sync, per process, stage and stream, sampled by py-spy (issue 14).

The initial sync of the ``sync`` scenario (fresh cloud, fresh install), run one stream at a
time in the engine's order (``ssm-connector sync --entity NAME``, users first), so each
stream's samples are exactly its own: a stack only sometimes says which stream it serves
(the mappers do, HTTP and the whole service do not), and one recording has no time stamps
to cut it by stream. The price is a process start per stream, shown as its own stage
(``start-up``: imports), which one whole sync pays once.

py-spy attaches to the connector as soon as it is started and to the running cloud for the
same span; both record collapsed stacks (``--format raw``) of non-idle threads. CPU seconds =
samples / rate. Each process's CPU measured by the kernel (user + system: ``wait4`` for the
connector, psutil for the cloud) is kept beside the sampled sum, as a cross-check.
"""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from ssm_bench._procs import run_measured, tool
from ssm_bench.scenarios.sync import Stack
from ssm_bench.stages import CLOUD, CONNECTOR, stage_seconds, top_self

RATE = 200  # samples per second and thread


@dataclass
class StreamProfile:
    """One stream's rows and, per process, CPU seconds per stage and measured."""

    stream: str
    rows: int
    stages: dict[str, dict[str, float]]
    measured_s: dict[str, float]
    status: str


@dataclass
class ProfileOutcome:
    """Every stream of one profiled initial sync, and the costliest leaf frames."""

    streams: list[StreamProfile] = field(default_factory=list)
    top: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)

    def per_row(self) -> dict[str, dict[str, float]]:
        """Microseconds of CPU per row, per process and stage, over every stream.

        Samples give each stage's share; the kernel's CPU time gives the total, because on a
        loaded machine a runnable thread waiting for a core is sampled as busy.
        """
        rows = sum(s.rows for s in self.streams) or 1
        table: dict[str, dict[str, float]] = {}
        for s in self.streams:
            for process, stages in s.stages.items():
                sampled = sum(stages.values()) or 1.0
                row = table.setdefault(process, {})
                for stage, seconds in stages.items():
                    cpu = seconds / sampled * s.measured_s[process]
                    row[stage] = row.get(stage, 0.0) + cpu * 1e6 / rows
        return table

    def stream_per_row(self) -> dict[str, dict[str, float]]:
        """Per stream, microseconds of CPU per row of each process (measured CPU / rows)."""
        return {
            s.stream: {p: cpu * 1e6 / max(s.rows, 1) for p, cpu in s.measured_s.items()}
            for s in self.streams
        }

    @property
    def ok(self) -> bool:
        """Whether every stream synced (partial counts: refused records are by design)."""
        return bool(self.streams) and all(
            s.status in ("succeeded", "partial") for s in self.streams
        )


def _spy(pid: int, output: Path) -> subprocess.Popen[bytes]:
    """py-spy recording ``pid`` until it exits or is interrupted."""
    cmd = [tool("py-spy"), "record", "--pid", str(pid), "--rate", str(RATE)]
    cmd += ["--format", "raw", "--nolineno", "--output", str(output)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop(spy: subprocess.Popen[bytes]) -> None:
    """Stop a recorder (SIGINT makes py-spy write its file) and wait for it."""
    if spy.poll() is None:
        spy.send_signal(signal.SIGINT)
    _, err = spy.communicate(timeout=60)
    if spy.returncode not in (0, -signal.SIGINT):
        raise RuntimeError(f"py-spy exited {spy.returncode}: {err.decode()[-300:]}")


def profile_stream(
    stack: Stack, stream: str, folder: Path
) -> tuple[StreamProfile, dict[str, Path]]:
    """Sync one stream with both processes sampled; its figures and the two raw files."""
    assert stack.cloud.proc is not None
    cloud = psutil.Process(stack.cloud.proc.pid)
    raw = {p: folder / f"{stream}-{p}.txt" for p in (CONNECTOR, CLOUD)}
    spies: list[subprocess.Popen[bytes]] = []
    before = cloud.cpu_times()
    spies.append(_spy(cloud.pid, raw[CLOUD]))
    cmd = [tool("ssm-connector"), "sync", "--dir", str(stack.install), "--entity", stream]
    done = run_measured(
        [*cmd, "--json"],
        log_dir=folder,
        name=stream,
        on_start=lambda pid: spies.append(_spy(pid, raw[CONNECTOR])),
    )
    after = cloud.cpu_times()
    for spy in reversed(spies):
        _stop(spy)
    report = done.json_last_line()
    rows = int(report.get("streams", {}).get(stream, {}).get("read", 0))
    if stream in ("quotes", "invoices"):
        rows += stack.dataset.document_lines(stream)
    stages = {p: stage_seconds(path.read_text().splitlines(), p, RATE) for p, path in raw.items()}
    measured = {
        CONNECTOR: done.cpu_s,
        CLOUD: (after.user + after.system) - (before.user + before.system),
    }
    status = str(report.get("status"))
    return StreamProfile(stream, rows, stages, measured, status), raw


def measure_profile(stack: Stack, streams: tuple[str, ...]) -> ProfileOutcome:
    """Profile the initial sync, stream by stream; the top leaf frames of the 3 costliest
    stages per process over the whole sync."""
    folder = stack.workdir / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    outcome = ProfileOutcome()
    files: dict[str, list[str]] = {CONNECTOR: [], CLOUD: []}
    for stream in streams:
        profile, raw = profile_stream(stack, stream, folder)
        outcome.streams.append(profile)
        for process, path in raw.items():
            files[process].extend(path.read_text().splitlines())
        if profile.status not in ("succeeded", "partial"):
            break
    for process, lines in files.items():
        total: Counter[str] = Counter()
        for s in outcome.streams:
            total.update(s.stages[process])
        outcome.top[process] = {
            stage: top_self(lines, RATE, stage, process, 5) for stage, _ in total.most_common(3)
        }
    return outcome
