"""The web app's French texts, one module per page family, each exposing an ``FR`` dict.

``french()`` merges every module of this package, so a page family adds its texts by
adding a module here (``shell.py`` holds the layout's, ``users.py`` the users pages'...).
Keys are dotted names (``nav.accounts``) and values the French source strings; their
English lives in the gettext catalogue ``ssm/cloud/locale/en/LC_MESSAGES/web.po``
(``msgid`` the French, ``msgctxt`` the key where one French text has two English ones),
where Poedit or ``pybabel`` edit it and ``tests/test_translations.py`` finds what lacks.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil


@functools.cache
def french() -> dict[str, str]:
    """``{key: French text}``: every module's ``FR`` merged."""
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        merged.update(getattr(module, "FR", {}))
    return merged
