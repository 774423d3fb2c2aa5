"""The install's lock: one background service per install, and whoever asks can see it.

The service holds it while it runs; ``status`` and the installer (which stops the service
before it changes files) only look at it, so it lives apart from the run loop they need not load.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ssm.connector import messages as msg
from ssm.connector.errors import ConfigurationError
from ssm.connector.settings import InstallLayout
from ssm.connector.sync import state_error


@contextlib.contextmanager
def service_lock(layout: InstallLayout) -> Iterator[None]:
    """Hold the install's lock: one service per install, and ``status`` can see it."""
    path = lock_path(layout)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as exc:
        raise state_error(layout.state_file, exc) from exc
    try:
        if not _try_lock(handle):
            raise ConfigurationError(msg.ALREADY_RUNNING.format(path=layout.root))
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def is_running(layout: InstallLayout) -> bool:
    """Whether a service holds this install's lock right now."""
    path = lock_path(layout)
    if not path.exists():
        return False
    try:
        handle = path.open("a+")
    except OSError:  # a read-only folder or file: a lock can be asked on a read handle too
        handle = path.open("r")
    with handle:
        return not _try_lock(handle)


def lock_path(layout: InstallLayout) -> Path:
    """The lock file a running service holds."""
    return layout.state_file.parent / "connector.lock"


def _try_lock(handle: Any) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks a byte range instead
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
