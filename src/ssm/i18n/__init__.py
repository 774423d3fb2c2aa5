"""Languages of every part: French source strings, translations in gettext catalogues.

Texts are written in French in the code (the guide's words, exactly); the other languages
live in ``.po`` files, ``<package>/locale/<lang>/LC_MESSAGES/<domain>.po``, where a
translator's usual tools (Poedit, Weblate, ``pybabel``) work on them. The catalogues are
read as they are (Babel's reader), so there is no compile step to forget; a test extracts
every marked string and fails on one without its translation.

A process (the command line, the wizard) speaks the language of its environment
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: English when the first set one is
English, else French); the web app picks per request.
"""

from __future__ import annotations

import functools
import os
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("fr", "en")
SOURCE_LANGUAGE = "fr"


def process_language() -> str:
    """``en`` when the environment's first language setting is English, else ``fr``."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@functools.cache
def translations(package: str, domain: str, lang: str) -> dict[str, str]:
    """``{French msgid: translation}`` of ``domain`` in ``lang`` (empty for French or none)."""
    if lang == SOURCE_LANGUAGE:
        return {}
    path = resources.files(package).joinpath("locale", lang, "LC_MESSAGES", f"{domain}.po")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def translate(package: str, domain: str, lang: str, message: str) -> str:
    """``message`` (French) in ``lang``; the French itself when no translation exists."""
    return translations(package, domain, lang).get(message) or message
