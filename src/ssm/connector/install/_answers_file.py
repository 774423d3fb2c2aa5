"""Whether an answers file gives its secrets away: readable by other accounts (POSIX).

A file for ``--unattended`` may hold the Sage password, the SQL password, an activation key
or a private key; left ``0644`` on a shared server, every local account reads them. The file
holds a secret when one of ``SECRET_KEYS`` has a non-empty value at any level (``setup``'s
``[configure]`` table too); it is exposed when its group or others permission bits are set
(``mode & 0o077``). Windows has no such bits (its ACLs are another matter): there the check
says nothing.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

SECRET_KEYS = frozenset({"activation_key", "private_key", "sql_password", "sage_password"})
"""Keys of an answers file whose values must not leak."""


def _secrets_in(table: dict[str, Any]) -> set[str]:
    found = {key for key in SECRET_KEYS if isinstance(table.get(key), str) and table[key]}
    for value in table.values():
        if isinstance(value, dict):
            found |= _secrets_in(value)
    return found


def exposed_secrets(path: Path) -> list[str]:
    """The secret keys ``path`` holds, sorted, when other accounts may read it; else ``[]``.

    An unreadable or invalid file is ``[]``: the answers loader reports it in French.
    """
    if os.name == "nt":
        return []
    try:
        if not path.stat().st_mode & 0o077:
            return []
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    return sorted(_secrets_in(data))
