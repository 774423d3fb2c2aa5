"""Start the synchronisation in the background once the configuration is activated.

With a registered service (the install's default), the service manager starts it. Without
one (``--no-service``, e.g. in a container), a detached ``ssm-connector run`` process is
started instead, so the activation step always ends with the first sync under way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ssm.connector import messages as msg
from ssm.connector._install_marker import read_marker
from ssm.connector.errors import InstallError
from ssm.connector.install.service_units import Registration, connector_executable, start, stop
from ssm.connector.service.lock import is_running, lock_path
from ssm.connector.settings import InstallLayout

#: Seconds given to a detached process to take the install's lock.
STARTUP_SECONDS = 15.0
CONSOLE_LOG = "service-console.log"

#: Detached processes started by this process, by install folder: reaped once stopped.
_started: dict[Path, subprocess.Popen[bytes]] = {}


def registered_service(install_dir: Path) -> Registration | None:
    """The service the install registered, as recorded in its marker."""
    recorded = read_marker(install_dir).get("service")
    if not isinstance(recorded, dict):
        return None
    return Registration(recorded["kind"], recorded["name"], recorded["path"])


def start_background(install_dir: Path) -> str:
    """Start the sync in the background; return what was started, in French.

    Raises:
        InstallError: the service manager refused, or the process stopped at once.
    """
    layout = InstallLayout(install_dir)
    if is_running(layout):
        return msg.BACKGROUND_ALREADY_RUNNING
    registration = registered_service(install_dir)
    if registration is not None:
        start(registration)
        return msg.BACKGROUND_SERVICE.format(kind=registration.kind, name=registration.name)
    process = _spawn_detached(layout)
    _started[layout.root] = process
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if is_running(layout):
            return msg.BACKGROUND_PROCESS.format(pid=process.pid)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise InstallError(msg.BACKGROUND_FAILED.format(log=layout.logs_dir / CONSOLE_LOG))


def stop_background(install_dir: Path, timeout: float = 30.0) -> None:
    """Stop the background sync (service or detached process); nothing running is fine.

    The process finishes the batch in flight before it exits (SIGTERM), so the state stays
    consistent.
    """
    layout = InstallLayout(install_dir)
    if not is_running(layout):
        return
    registration = registered_service(install_dir)
    if registration is not None:
        stop(registration)
    else:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(lock_path(layout).read_text(encoding="utf-8")), signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while is_running(layout) and time.monotonic() < deadline:
        time.sleep(0.1)
    process = _started.get(layout.root)
    if process is not None:  # ours exits right after releasing the lock: reap it
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            del _started[layout.root]


def _spawn_detached(layout: InstallLayout) -> subprocess.Popen[bytes]:
    """``ssm-connector run --dir`` outliving the wizard, its output in ``logs/``."""
    layout.logs_dir.mkdir(parents=True, exist_ok=True)
    command = [str(connector_executable()), "run", "--dir", str(layout.root)]
    with (layout.logs_dir / CONSOLE_LOG).open("ab") as console:
        if sys.platform == "win32":
            flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
            return subprocess.Popen(  # noqa: S603
                command,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=console,
                creationflags=flags,
            )
        return subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=console,
            start_new_session=True,  # not killed with the wizard's terminal
        )
