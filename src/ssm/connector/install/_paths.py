"""Where an install goes, and how an existing or interrupted install is recognised.

An install folder holds ``config/install.toml`` (the *install marker*, written by
:func:`ssm.connector.install.install`), later ``config/connector.toml`` (written by the
configuration), ``data/``, ``logs/`` and ``service/`` (the generated service unit). A folder
holding either TOML file is an install. An install still being made, or interrupted, has a
journal next to it: ``.<name>.install-journal.json`` in the parent folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

from ssm.connector._install_marker import MARKER

#: Relative path of the configuration written by the configuration wizard.
CONFIG = Path("config") / "connector.toml"
#: Disk space an install needs, in megabytes (code, logs and state of a first sync).
NEEDED_MB = 200
#: Folder name used on Linux and macOS.
UNIX_NAME = "sage-sales-management-sage100"
#: Folder name used on Windows and macOS applications.
PRODUCT_NAME = "Sage Sales Management pour Sage 100"
WINDOWS_DEFAULT = PureWindowsPath("C:\\Program Files\\Sage Sales Management pour Sage 100\\")


def default_install_dir(
    platform: str | None = None, *, is_root: bool | None = None, home: Path | None = None
) -> str:
    r"""The folder the wizard proposes, per OS (pure: every input can be given).

    Args:
        platform: ``sys.platform`` value (``win32``, ``linux``, ``darwin``).
        is_root: whether the installer runs as root/administrator.
        home: the user's home folder.

    Returns:
        Windows ``C:\Program Files\Sage Sales Management pour Sage 100\`` (as in the guide);
        Linux ``/opt/sage-sales-management-sage100`` as root, else
        ``~/.local/share/sage-sales-management-sage100``; macOS
        ``/Applications/Sage Sales Management pour Sage 100`` as root, else
        ``~/Library/Application Support/Sage Sales Management pour Sage 100``.
    """
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        return str(WINDOWS_DEFAULT) + "\\"
    if is_root is None:
        is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    home = Path.home() if home is None else home
    if platform == "darwin":
        if is_root:
            return f"/Applications/{PRODUCT_NAME}"
        return str(home / "Library" / "Application Support" / PRODUCT_NAME)
    if is_root:
        return f"/opt/{UNIX_NAME}"
    return str(home / ".local" / "share" / UNIX_NAME)


def journal_path(target: Path) -> Path:
    """The journal of an install into ``target``, next to it."""
    return target.parent / f".{target.name}.install-journal.json"


def staging_path(target: Path, pid: int) -> Path:
    """The staging folder of process ``pid`` installing into ``target``."""
    return target.parent / f".{target.name}.staging-{pid}"


def is_install(folder: Path) -> bool:
    """Whether ``folder`` holds a finished install (marker or configuration present)."""
    try:
        return (folder / MARKER).is_file() or (folder / CONFIG).is_file()
    except OSError:
        return False


def is_interrupted(folder: Path) -> bool:
    """Whether an install into ``folder`` was started and never finished."""
    try:
        return journal_path(folder).exists()
    except OSError:
        return False


def nearest_existing(path: Path) -> Path:
    """``path`` itself or its closest existing ancestor."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return candidate
        except OSError:
            continue
    return Path(path.anchor or "/")


def enclosing_install(path: Path) -> Path | None:
    """An install folder among ``path``'s ancestors, if any."""
    for parent in path.parents:
        if is_install(parent) and not is_interrupted(parent):
            return parent
    return None


def contained_install(path: Path, depth: int = 3) -> Path | None:
    """An install folder inside ``path`` (down to ``depth`` levels), if any."""
    if depth <= 0 or not path.is_dir():
        return None
    try:
        children = [c for c in path.iterdir() if c.is_dir() and not c.is_symlink()]
    except OSError:
        return None
    for child in children:
        if is_install(child) and not is_interrupted(child):
            return child
        found = contained_install(child, depth - 1)
        if found is not None:
            return found
    return None
