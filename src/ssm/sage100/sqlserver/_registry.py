r"""The installed Sage 100's version, from the Windows registry of the connector's machine.

Sage 100's commercial management installs
``HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Sage\Gestion Commerciale 100c`` (32-bit view);
its ``Version`` value is what the emulator's ``Sage100.reg`` export carries
(``emulator/_registry.py``, ``GESCOM_KEY``). ``winreg`` exists on Windows only: it is
imported under a ``sys.platform`` guard, so the module type-checks and runs elsewhere,
where the registry simply says nothing. The key is the local machine's: a connector
installed on the Sage server, as the guide asks, reads the version Sage installed there;
one on another machine reads that machine's Sage client, if any.

Never run on Windows in this project's tests (they run on Linux): the reading below
follows ``winreg``'s documentation; ``value_version`` is tested on its own.
"""

from __future__ import annotations

import sys

__all__ = ["GESCOM_PRODUCT", "GESCOM_SUBKEYS", "read_gescom_version", "value_version"]

#: The product name the key is named after, as :class:`~ssm.sage100.SageVersion` shows it.
GESCOM_PRODUCT = "Gestion Commerciale 100c"
#: Where to look under HKEY_LOCAL_MACHINE: the 32-bit view first (Sage is a 32-bit
#: application on 64-bit Windows), then the native view.
GESCOM_SUBKEYS = (
    rf"SOFTWARE\WOW6432Node\Sage\{GESCOM_PRODUCT}",
    rf"SOFTWARE\Sage\{GESCOM_PRODUCT}",
)


def value_version(value: object) -> str | None:
    """The ``Version`` value as text (a ``REG_SZ`` string or a ``REG_DWORD``), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


if sys.platform == "win32":
    import winreg

    def read_gescom_version() -> str | None:
        """The ``Version`` value of the gescom key, or None when Sage is not installed here."""
        for subkey in GESCOM_SUBKEYS:
            try:
                with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, subkey) as key:
                    value, _kind = winreg.QueryValueEx(key, "Version")
            except OSError:
                continue
            version = value_version(value)
            if version is not None:
                return version
        return None

else:

    def read_gescom_version() -> str | None:
        """No Windows registry on this system: the version is not known from here."""
        return None
