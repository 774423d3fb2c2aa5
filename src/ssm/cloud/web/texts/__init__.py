"""The web app's texts, one module per page family, each exposing ``FR`` and ``EN`` dicts.

``catalogues()`` merges every module of this package, so a page family adds its texts by
adding a module here (``shell.py`` holds the layout's, ``users.py`` the users pages'...).
Keys are dotted names (``nav.accounts``); French is complete, English may lag behind
(the page then shows the French text).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil


@functools.cache
def catalogues() -> dict[str, dict[str, str]]:
    """``{"fr": {...}, "en": {...}}``: every module's ``FR`` and ``EN`` merged."""
    merged: dict[str, dict[str, str]] = {"fr": {}, "en": {}}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        merged["fr"].update(getattr(module, "FR", {}))
        merged["en"].update(getattr(module, "EN", {}))
    return merged
