"""The install marker (``config/install.toml``) and the kinds of background service it names.

The configuration reads the marker to choose a secret store the service can open, and the
installer writes and reads it; it lives below both so that neither imports the other.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

#: Relative path of the install marker inside an install folder.
MARKER = Path("config") / "install.toml"

ServiceKind = Literal[
    "systemd-user", "systemd-system", "launchd", "windows-service", "windows-task"
]
KINDS: tuple[ServiceKind, ...] = (
    "systemd-user",
    "systemd-system",
    "launchd",
    "windows-service",
    "windows-task",
)


def read_marker(folder: Path) -> dict[str, Any]:
    """The install marker (``config/install.toml``): the install's answers and its service."""
    try:
        return tomllib.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
