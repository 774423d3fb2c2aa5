r"""The emulated Windows registry: a real ``regedit`` export (``.reg``) in the server folder.

On Windows, the installed Sage 100 is found under
``HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Sage\\Gestion Commerciale 100c`` (value
``Path``: the install folder). The emulator writes the same key, in the format ``regedit``
exports (``Windows Registry Editor Version 5.00``, UTF-16 LE with a byte-order mark), so
version detection parses what it would parse on a real server.
"""

from __future__ import annotations

import re
from pathlib import Path

from ssm.sage100 import messages as msg

__all__ = [
    "GESCOM_KEY",
    "REGISTRY_FILE",
    "parse_reg",
    "write_reg",
]

#: File name of the registry export inside a server folder.
REGISTRY_FILE = "Sage100.reg"
#: The key Sage 100's commercial management (gescom) installs, 32-bit view.
GESCOM_KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Sage\Gestion Commerciale 100c"

_HEADER = "Windows Registry Editor Version 5.00"
_VALUE = re.compile(r'^"(?P<name>(?:[^"\\]|\\.)*)"=(?P<data>.*)$')


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(data: str) -> str:
    if data.startswith('"') and data.endswith('"') and len(data) >= 2:
        return re.sub(r"\\(.)", r"\1", data[1:-1])
    if data.startswith("dword:"):
        return str(int(data[6:], 16))
    return data


def write_reg(path: Path, keys: dict[str, dict[str, str]]) -> None:
    """Write ``keys`` (key path → string values) as a ``regedit`` export at ``path``."""
    lines = [_HEADER, ""]
    for key, values in keys.items():
        lines.append(f"[{key}]")
        lines.extend(f"{_quote(name)}={_quote(value)}" for name, value in values.items())
        lines.append("")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-16")


def parse_reg(path: Path) -> dict[str, dict[str, str]]:
    """Read a ``regedit`` export (UTF-16 with BOM, or UTF-8) into key → values.

    Raises:
        ValueError: the file is not a registry export.
    """
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() not in (_HEADER, "REGEDIT4"):
        raise ValueError(msg.REGISTRY_NOT_AN_EXPORT.format(path=path))
    keys: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for raw_line in lines[1:]:
        line = raw_line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = keys.setdefault(line[1:-1], {})
        elif current is not None and (match := _VALUE.match(line)):
            current[_unquote('"' + match["name"] + '"')] = _unquote(match["data"].strip())
    return keys
