"""Every French source string has its English in the gettext catalogues, and nothing else is there.

One test per catalogue and language, from ``CATALOGUES``: a part adds its catalogue by adding
a line with its package, its domain and a function that lists its source strings as
``(context, French)`` pairs (the context is the key a text is looked up with, or None). The
web app's come from its ``FR`` maps; the command lines and the connector mark strings in code
(``_("…")``), listed by Babel's extractor as ``pybabel extract -k _`` finds them. A
translation is found as ``ssm.i18n.translate`` finds it: the entry of the context, else the
one without.

Click's and Typer's own words go the other way (English source, French catalogue, read by
the standard library's ``gettext``, which needs a compiled ``.mo``): the ``.mo`` must say
what the ``.po`` says (``pybabel compile`` after an edit).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ssm.cloud.web.i18n import text
from ssm.cloud.web.texts import french
from ssm.i18n.process import CLICK_DOMAIN, CLICK_LOCALE_DIR

SRC = Path(__file__).resolve().parents[1] / "src"

Source = tuple[str | None, str]


@dataclass(frozen=True)
class Catalogue:
    package: str
    domain: str
    sources: Callable[[], set[Source]]

    def __str__(self) -> str:
        return f"{self.package}:{self.domain}"


def _web_texts() -> set[Source]:
    return {(key, value) for key, value in french().items()}


def marked(package: str, files: str = "**.py") -> Callable[[], set[Source]]:
    """The strings ``pybabel extract -k _`` finds in ``package``'s ``files``."""

    def sources() -> set[Source]:
        folder = SRC / package.replace(".", "/")
        found = extract_from_dir(str(folder), method_map=[(files, "python")], keywords={"_": None})
        return {(None, message) for _file, _line, message, _comments, _context in found}

    return sources


CATALOGUES = [
    Catalogue("ssm.cloud", "web", _web_texts),
    Catalogue("ssm.cloud", "ssm-cloud", marked("ssm.cloud", "cli.py")),
    Catalogue("ssm.connector", "ssm-connector", marked("ssm.connector")),
    Catalogue("ssm.sage100", "ssm-sage100", marked("ssm.sage100")),
]
TRANSLATED = ("en",)
CASES = [(catalogue, lang) for catalogue in CATALOGUES for lang in TRANSLATED]


def read(catalogue: Catalogue, lang: str) -> Catalog:
    path = resources.files(catalogue.package).joinpath(
        "locale", lang, "LC_MESSAGES", f"{catalogue.domain}.po"
    )
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)  # a syntax error fails, never skipped


def entry(catalog: Catalog, context: str | None, message: str) -> Message | None:
    return catalog.get(message, context=context) or catalog.get(message)


def fields(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text, in order (``str.format``'s own parser)."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize(("catalogue", "lang"), CASES, ids=str)
def test_every_source_string_has_a_checked_translation(catalogue, lang):
    catalog = read(catalogue, lang)
    sources = catalogue.sources()
    assert sources
    lacking = sorted(
        f"{context}: {message!r}"
        for context, message in sources
        if not (found := entry(catalog, context, message)) or not found.string or found.fuzzy
    )
    assert lacking == []


@pytest.mark.parametrize(("catalogue", "lang"), CASES, ids=str)
def test_no_entry_is_obsolete(catalogue, lang):
    catalog = read(catalogue, lang)
    sources = catalogue.sources()
    messages = {message for _, message in sources}
    stale = [
        f"{m.context}: {m.id!r}"
        for m in catalog
        if m.id and ((m.context, m.id) not in sources if m.context else m.id not in messages)
    ]
    assert stale == [] and not catalog.obsolete


@pytest.mark.parametrize(("catalogue", "lang"), CASES, ids=str)
def test_placeholders_are_the_same_in_both_languages(catalogue, lang):
    catalog = read(catalogue, lang)
    mismatched = [
        (m.id, m.string) for m in catalog if m.id and m.string and fields(m.id) != fields(m.string)
    ]
    assert mismatched == []
    assert any(fields(str(m.id)) for m in catalog)  # the check has something to check


def test_the_web_app_reads_its_catalogue_with_contexts():
    assert text("nav.accounts", "en") == "Accounts"
    assert text("nav.accounts", "fr") == "Comptes"
    # Two keys share « Nom »: a context entry gives one of them its own English.
    assert french()["field.last_name"] == french()["users.col.name"] == "Nom"
    assert text("field.last_name", "en") == "Last name"
    assert text("users.col.name", "en") == "Name"
    assert text("no.such.key", "en") == "no.such.key"


def test_the_placeholder_check_sees_a_difference():
    assert fields("{name} est réactivé.") == ["name"]
    assert fields("{nom} is reactivated.") != fields("{name} est réactivé.")
    assert fields("Trop d'invitations.") == []


def _flat(text: str | Sequence[str]) -> str | tuple[str, ...]:
    """A message's id or string, plural forms as a tuple (Babel gives lists or tuples)."""
    return text if isinstance(text, str) else tuple(text)


def test_click_s_french_mo_is_its_po_compiled():
    folder = CLICK_LOCALE_DIR / "fr" / "LC_MESSAGES"
    with (folder / f"{CLICK_DOMAIN}.po").open("rb") as handle:
        source = {_flat(m.id): _flat(m.string) for m in read_po(handle) if m.id}
    with (folder / f"{CLICK_DOMAIN}.mo").open("rb") as handle:
        compiled = {_flat(m.id): _flat(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source
    assert compiled["Missing option"] == "Option manquante"
