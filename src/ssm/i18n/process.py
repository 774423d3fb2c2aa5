"""A process's language: its catalogues' ``_`` and the words Click and Typer print themselves.

A command line or a wizard speaks one language for its whole life, the one its environment
asks for (:func:`ssm.i18n.process_language`), so its strings can be translated once, when
their module is imported, and ``pybabel extract`` finds them where they are written: in
``_("…")`` calls.

Click and Typer mark their own strings (« Usage: », « Missing option », « Show this message
and exit. ») with the standard library's ``gettext``, default domain ``messages``. That reads
compiled ``.mo`` catalogues only and takes its language from the environment only, where
``C.UTF-8`` or nothing means English, whereas ours means French. So an entry point calls
:func:`speak_process_language` first: it binds that domain to the French catalogue shipped
here and sets ``LANGUAGE`` to the language already chosen, so both machineries agree (and a
child process inherits the same choice). No private name of Click or Typer is touched.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable
from pathlib import Path

from ssm.i18n import process_language, translate

#: Where ``fr/LC_MESSAGES/messages.mo`` (Click's and Typer's strings in French) lives.
CLICK_LOCALE_DIR = Path(__file__).parent / "locale"
CLICK_DOMAIN = "messages"


def gettext_for(package: str, domain: str) -> Callable[[str], str]:
    """The ``_`` of ``package``'s catalogue ``domain``, in this process's language."""
    return functools.partial(translate, package, domain, process_language())


def speak_process_language() -> str:
    """Make Click's and Typer's own messages speak :func:`process_language`; return it.

    Call it before the command line parses anything: Typer translates a few of its titles
    when it first formats help or an error.
    """
    language = process_language()
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain(CLICK_DOMAIN, str(CLICK_LOCALE_DIR))
    return language
