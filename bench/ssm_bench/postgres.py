"""A throwaway PostgreSQL cluster: initdb in a new folder, loopback, a free port.

The tests' fixtures and the bench (``postgres`` and ``scaleout`` scenarios) both start one
this way, so it lives here, in the bench's package, which the tests import too.

``PostgresServer.start()`` finds Debian's binaries (``/usr/lib/postgresql/*/bin``, else the
``PATH``), runs ``initdb`` and ``postgres`` as the ``postgres`` system user when the tests
run as root (``initdb`` refuses root), with ``fsync`` off since the data is thrown away, and
waits until the server answers. ``create_database()`` copies a template database, which is
much faster than building a schema; ``stop()`` shuts the server down and removes the folder.

PostgreSQL is a requirement of the test suite, never a reason to skip: without it,
``PostgresUnavailableError`` says that ``make test`` installs it.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

_HINT = (
    "PostgreSQL is required by the cloud's API tests and was not found "
    "(no initdb under /usr/lib/postgresql/*/bin nor on PATH). `make test` installs it "
    "(scripts/test-prerequisites): `apt-get install postgresql` on Debian."
)


#: Where Debian's packages put each major version's server binaries.
DEBIAN_ROOT = Path("/usr/lib/postgresql")


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL is not installed, or the test cluster did not start."""


def find_bin_dir() -> Path:
    """The folder of ``initdb`` and ``postgres``: the newest Debian version, else the PATH.

    Raises:
        PostgresUnavailableError: no PostgreSQL server binaries.
    """
    candidates = sorted(
        DEBIAN_ROOT.glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb is not None and shutil.which("postgres", path=str(Path(initdb).parent)):
        return Path(initdb).parent
    raise PostgresUnavailableError(_HINT)


def _die_with_parent() -> None:
    """In the child: get SIGTERM when its starter dies, so no server outlives it."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One PostgreSQL cluster owned by the test session or a bench scenario.

    Usage::

        server = PostgresServer.start()
        url = server.create_database()  # postgresql+psycopg://postgres@127.0.0.1:PORT/test_1
        server.drop_database(url)
        server.stop()
    """

    def __init__(self, bin_dir: Path, folder: Path, port: int, process: subprocess.Popen[bytes]):
        self.bin_dir = bin_dir
        self.folder = folder
        self.port = port
        self.process = process
        self._names = itertools.count(1)
        self.template: str | None = None

    @staticmethod
    def _as_postgres() -> dict[str, Any]:
        """``Popen`` arguments that run a child as the ``postgres`` user when we are root."""
        if os.geteuid() != 0:
            return {}
        return {"user": "postgres", "group": "postgres", "extra_groups": []}

    @classmethod
    def start(cls, *, folder: Path | None = None, timeout: float = 60) -> PostgresServer:
        """initdb a new cluster in ``folder`` (new, default a temp folder), start it on loopback.

        Raises:
            PostgresUnavailableError: no binaries, or the server did not answer in ``timeout``.
        """
        bin_dir = find_bin_dir()
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="ssm-postgres-"))
        else:
            folder.mkdir(parents=True)
        as_postgres = cls._as_postgres()
        if as_postgres:
            shutil.chown(folder, "postgres", "postgres")
        data, sockets, log = folder / "data", folder / "run", folder / "postgres.log"
        for path in (data, sockets):
            path.mkdir()
            if as_postgres:
                shutil.chown(path, "postgres", "postgres")
        initdb = subprocess.run(
            [
                *(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust"),
                *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            ],
            capture_output=True,
            check=False,
            **as_postgres,
        )
        if initdb.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise PostgresUnavailableError(
                f"initdb failed ({initdb.returncode}): {initdb.stderr.decode(errors='replace')}"
            )
        port = _free_port()
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    *(bin_dir / "postgres", "-D", data, "-p", str(port), "-k", sockets),
                    *("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"),
                    *("-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
                    *("-c", "max_connections=300", "-c", "shared_buffers=64MB"),
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # the session starts it before any thread
                **as_postgres,
            )
        server = cls(bin_dir, folder, port, process)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(server.dsn("postgres"), connect_timeout=2):
                    break
            except psycopg.OperationalError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    text = log.read_text(errors="replace")
                    server.stop()
                    raise PostgresUnavailableError(
                        f"PostgreSQL did not start on 127.0.0.1:{port}: {exc}\n{text}"
                    ) from exc
                time.sleep(0.05)
        return server

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str) -> str:
        """The libpq connection string of ``database`` (for psycopg itself)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def create_database(self, *, template: str | None = None) -> str:
        """A new empty database (a copy of ``template``, default ``self.template``); its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        source = template or self.template or "template0"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url``, closing whatever still uses it."""
        name = url.rsplit("/", 1)[-1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then remove the cluster's folder."""
        if self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
