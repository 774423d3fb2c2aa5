"""Is Sage 100 running? A pure test over process names, and how to list them (no psutil)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: Executables of the Sage 100 desktop applications (lower case).
SAGE_EXECUTABLES = frozenset(
    {
        "gecomaes.exe",  # Gestion commerciale
        "maestria.exe",  # Comptabilité
        "immomaes.exe",  # Immobilisations
        "trsmaes.exe",  # Trésorerie
        "mdpmaes.exe",  # Moyens de paiement
        "sagescd.exe",  # Saisie de caisse décentralisée
    }
)


def sage_processes(names: Iterable[str]) -> list[str]:
    """The Sage 100 executables among ``names`` (case and ``.exe`` insensitive), sorted.

    Example::

        sage_processes(["explorer.exe", "GecoMaes.exe"]) == ["GecoMaes.exe"]
    """
    found = set()
    for name in names:
        base = name.strip().rsplit("\\", 1)[-1].rsplit("/", 1)[-1]
        lowered = base.lower()
        if lowered in SAGE_EXECUTABLES or f"{lowered}.exe" in SAGE_EXECUTABLES:
            found.add(base)
    return sorted(found)


def running_process_names() -> list[str]:
    """Names of the running processes: ``/proc`` on Linux, ``tasklist`` on Windows, ``ps``."""
    if sys.platform == "win32":
        return _command_names(["tasklist", "/FO", "CSV", "/NH"], csv=True)
    proc = Path("/proc")
    if proc.is_dir():
        names = []
        for entry in proc.iterdir():
            if entry.name.isdigit():
                try:
                    names.append((entry / "comm").read_text(encoding="utf-8").strip())
                except OSError:
                    continue
        return names
    return _command_names(["ps", "-axo", "comm="], csv=False)


def _command_names(command: list[str], *, csv: bool) -> list[str]:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=15, check=False)  # noqa: S603
        out = done.stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = []
    for line in out.splitlines():
        if not line.strip():
            continue
        names.append(line.split(",")[0].strip('"') if csv else Path(line.strip()).name)
    return names
