"""The real programs, driven as a user would: cloud server, activation, connector commands.

Every figure comes from a subprocess of the installed console scripts (``ssm-cloud``,
``ssm-connector``); the only library call is ``ssm.connector.configure``, which is what the
configuration wizard calls.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """Path of a console script of the venv that runs the bench."""
    return str(BIN / name)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path.resolve()}"


@dataclass
class Measured:
    """What one command did: exit code, output, wall time, peak RSS and CPU time."""

    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    peak_rss_mb: float
    cpu_s: float
    timed_out: bool = False

    def json_last_line(self) -> dict[str, Any]:
        """The command's last stdout line, parsed as JSON (``--json`` reports)."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        if not lines:
            raise RuntimeError(f"no output; stderr: {self.stderr.strip()[-500:]}")
        return dict(json.loads(lines[-1]))

    def describe_failure(self) -> str:
        """One line for a failed command."""
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"exit {self.returncode}: {' | '.join(tail)}"[:400]


def run_measured(
    cmd: list[str],
    *,
    log_dir: Path,
    name: str,
    timeout: float = 3600.0,
    interval: float = 0.05,
    on_start: Callable[[int], object] | None = None,
) -> Measured:
    """Run ``cmd`` to its end; RSS is sampled every ``interval`` s and taken from wait4.

    The peak is the larger of the sampled RSS (process and its children) and the kernel's
    ``ru_maxrss`` of the reaped child, so a short spike between two samples is not missed.
    ``on_start`` is called with the process id as soon as it runs (a profiler attaches).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        if on_start is not None:
            on_start(proc.pid)
        ps = psutil.Process(proc.pid)
        peak = 0
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                rss = ps.memory_info().rss + sum(
                    c.memory_info().rss for c in ps.children(recursive=True)
                )
                peak = max(peak, rss)
            except psutil.Error:
                pass
            if not timed_out and time.perf_counter() - started > timeout:
                timed_out = True
                proc.kill()
            time.sleep(interval)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = max(peak, usage.ru_maxrss * 1024)
    return Measured(
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        wall,
        peak / 2**20,
        usage.ru_utime + usage.ru_stime,
        timed_out,
    )


class CloudServer:
    """``ssm-cloud serve`` on a free loopback port, on a SQLite file or a database URL.

    Usage::

        with CloudServer(workdir / "cloud.sqlite", workdir) as cloud:
            key = cloud.issue_key()
        with CloudServer("postgresql+psycopg://…", workdir, workers=2) as cloud: ...
    """

    def __init__(self, database: Path | str, log_dir: Path, *, workers: int = 1) -> None:
        self.url_db = sqlite_url(database) if isinstance(database, Path) else database
        self.log_dir = log_dir
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> CloudServer:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"cloud-{self.port}.log").open("wb")
        cmd = [tool("ssm-cloud"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*cmd, "--database", self.url_db, "--workers", str(self.workers)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Mail goes beside a SQLite file, else to ./outbox: keep it in the run's folder.
            env={**os.environ, "SSM_CLOUD_MAIL_DIR": str(self.log_dir / "outbox")},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ssm-cloud serve exited {self.proc.returncode}; see {log.name}")
            try:
                if httpx.get(f"{self.url}/-/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("ssm-cloud serve did not answer /-/health within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def issue_key(self) -> str:
        """A new activation key: the last line of ``ssm-cloud keys issue``."""
        done = subprocess.run(
            [tool("ssm-cloud"), "keys", "issue", "--database", self.url_db],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1].strip()


def configure_install(install: Path, sage_server: Path, company: str, cloud: CloudServer) -> None:
    """Link ``install`` to the company and a new instance, as the wizard would."""
    from ssm.connector import InstallLayout
    from ssm.connector.configure import configure, sage_administrators
    from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER

    configure(
        InstallLayout(install),
        sage_server=str(sage_server),
        company=company,
        sage_user=DEFAULT_SAGE_USER,
        sage_password=DEFAULT_SAGE_PASSWORD,
        cloud_url=cloud.url,
        activation_key=cloud.issue_key(),
        administrator=sage_administrators(str(sage_server), company)[0],
    )


def repoint_install(install: Path, cloud_url: str) -> None:
    """Point a cached install at the cloud's new port (the instance and keys are unchanged)."""
    from ssm.connector import InstallLayout, load_install, save_install

    layout = InstallLayout(install)
    config, secrets = load_install(layout)
    cloud = config.cloud.model_copy(update={"url": cloud_url})
    save_install(layout, config.model_copy(update={"cloud": cloud}), secrets)


class ConnectorService:
    """``ssm-connector run --dir INSTALL`` in the background, stopped by SIGTERM."""

    def __init__(self, install: Path, log_dir: Path, extra: list[str] | None = None) -> None:
        self.cmd = [tool("ssm-connector"), "run", "--dir", str(install), *(extra or [])]
        self.log_dir = log_dir
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ConnectorService:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / "connector-run.log").open("ab")
        self.proc = subprocess.Popen(
            self.cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        return self

    @property
    def process(self) -> psutil.Process:
        """The service's process, for CPU and memory figures."""
        assert self.proc is not None
        return psutil.Process(self.proc.pid)

    def alive(self) -> bool:
        """Whether the service still runs."""
        return self.proc is not None and self.proc.poll() is None

    def __exit__(self, *exc: object) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def last_run_id(install: Path, kind: str | None = None) -> tuple[int, str | None]:
    """Id and end time of the install's last run (of ``kind``, if given); 0 if none."""
    import sqlite3

    path = install / "data" / "state.sqlite"
    if not path.exists():
        return 0, None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        query = f"SELECT id, finished_at FROM runs {where} ORDER BY id DESC LIMIT 1"
        row = conn.execute(query, params).fetchone()
    except sqlite3.Error:
        return 0, None
    finally:
        conn.close()
    return (int(row[0]), row[1]) if row else (0, None)


def wait_for_pass(
    install: Path,
    after_id: int,
    service: ConnectorService,
    timeout: float,
    kind: str | None = None,
) -> float:
    """Wait until the service finished a run (of ``kind``) newer than ``after_id``; seconds."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not service.alive():
            raise RuntimeError("ssm-connector run exited; see connector-run.log")
        run_id, finished = last_run_id(install, kind)
        if run_id > after_id and finished:
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"ssm-connector run finished no pass within {timeout:.0f} s")
