"""Languages of every part: French source strings, translations in gettext catalogues.

Texts are written in French in the code (the guide's words, exactly); the other languages
live in ``.po`` files, ``<package>/locale/<lang>/LC_MESSAGES/<domain>.po``, where a
translator's usual tools (Poedit, Weblate, ``pybabel``) work on them. The catalogues are
read as they are (Babel's reader), so there is no compile step to forget; a test extracts
every marked string and fails on one without its translation. When one French text needs
two English ones, each entry carries a ``msgctxt`` (the caller's key) and ``translate``
prefers the entry of its context.

A process (the command line, the wizard) speaks the language of its environment
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: English when the first set one is
English, else French); the web app picks per request.

Numbers, amounts, dates and times are formatted by Babel from the CLDR's data (``fr_FR``,
and ``en_GB`` for English: day first and a 24-hour clock, as the company's staff read
them), never by hand; amounts stay exact ``Decimal`` values until this last step. Names
sort in French order with ``french_sort_key`` (accents and case only break ties), which
the cloud's SQLite databases also use as their ``fr-x-icu`` collation, the name
PostgreSQL's ICU collation has.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from zoneinfo import ZoneInfo

from babel import dates, numbers
from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("fr", "en")
SOURCE_LANGUAGE = "fr"
FRENCH_COLLATION = "fr-x-icu"
"""PostgreSQL's ICU collation for French, and the name the cloud gives its SQLite twin."""

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_CENT = Decimal("0.01")
_QUANTITY = "#,##0.######"  # up to six decimals, as Sage 100 keeps quantities
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}


def process_language() -> str:
    """``en`` when the environment's first language setting is English, else ``fr``."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@functools.cache
def _entries(package: str, domain: str, lang: str) -> dict[tuple[str | None, str], str]:
    """``{(msgctxt, French msgid): translation}`` of ``domain`` in ``lang``.

    Untranslated and fuzzy entries are left out: a fuzzy one is a guess a translator has
    not checked yet, so the page shows the French rather than a possibly wrong English.
    """
    if lang == SOURCE_LANGUAGE:
        return {}
    path = resources.files(package).joinpath("locale", lang, "LC_MESSAGES", f"{domain}.po")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        (message.context, str(message.id)): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def translations(package: str, domain: str, lang: str) -> dict[str, str]:
    """``{French msgid: translation}`` of ``domain`` in ``lang`` (entries without context)."""
    return {
        msgid: text
        for (context, msgid), text in _entries(package, domain, lang).items()
        if context is None
    }


def translate(
    package: str, domain: str, lang: str, message: str, context: str | None = None
) -> str:
    """``message`` (French) in ``lang``; the French itself when no translation exists.

    With a ``context``, its own entry wins over the entry without context, so two keys
    that share a French text may have two English ones.
    """
    entries = _entries(package, domain, lang)
    return entries.get((context, message)) or entries.get((None, message)) or message


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, _LOCALES[SOURCE_LANGUAGE])


def format_money(value: Decimal, lang: str, currency: str = "EUR") -> str:
    """``1 234,50 €`` in French, ``€1,234.50`` in English (Babel, two decimals).

    The exact amount is rounded here, for display only, half away from zero as invoices
    round (``0.125`` → ``0,13 €``; Babel alone would round half to even); a negative
    amount that rounds to zero shows as ``0,00 €``.
    """
    cents = value.quantize(_CENT, ROUND_HALF_UP)
    return numbers.format_currency(cents if cents else abs(cents), currency, locale=_locale(lang))


def format_quantity(value: Decimal, lang: str) -> str:
    """A quantity with its decimals (up to six, none when whole): ``1 234,5`` in French."""
    return numbers.format_decimal(value, _QUANTITY, locale=_locale(lang))


def format_day(value: dt.date, lang: str) -> str:
    """The CLDR's short date: ``28/11/2026`` in French and in English (``en_GB``)."""
    return dates.format_date(value, "short", locale=_locale(lang))


def format_month(value: dt.date, lang: str) -> str:
    """The month of ``value`` and its year, abbreviated: ``nov. 2026``, ``Nov 2026``."""
    return dates.format_skeleton("yMMM", value, locale=_locale(lang))


def format_moment(value: dt.datetime, lang: str, time_zone: ZoneInfo) -> str:
    """Short date and time in ``time_zone``: ``28/11/2026 14:05`` in French.

    A naive ``value`` is taken as UTC, as the databases store moments.
    """
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dates.format_datetime(aware, "short", tzinfo=time_zone, locale=_locale(lang))


@functools.lru_cache(maxsize=65536)
def french_sort_key(text: str) -> tuple[str, tuple[str, ...], tuple[int, ...], str]:
    """A key that sorts names as a French dictionary does: « Bénin » before « Burkina Faso ».

    It follows ICU's French collation (PostgreSQL's ``fr-x-icu``), level by level. First the
    letters without accents or case (``œ`` as ``oe``, ``ß`` as ``ss``), so « États-Unis »
    files under E; spaces and punctuation come before digits and digits before letters
    (« L Oréal », « L'Oréal », « La Poste »). Then the accents, letter by letter from the
    start (the CLDR's French, no longer the old backwards rule), unaccented first. Then the
    case, lower first, and a ligature after its letters (« Oeuvre », « œuvre »). The text
    itself breaks the last ties, so the order is total. Cached, because a SQLite ``ORDER BY``
    asks for the same names many times.
    """
    primary: list[str] = []
    marks: list[str] = []
    variants: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and marks:
            marks[-1] += char
            continue
        expansion = _LIGATURES.get(char, char)
        for part in expansion:
            folded = part.casefold()
            primary.append(folded if part.isalnum() else "\x01" + part)
            marks.append("")
            variants.append(2 * (expansion != char) + (folded != part))
    return "".join(primary), tuple(marks), tuple(variants), text


def french_compare(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` (a SQLite collation)."""
    a, b = french_sort_key(left), french_sort_key(right)
    return (a > b) - (a < b)
