"""Every French source string has its English in the gettext catalogues, and nothing else is there.

One test per catalogue and language, from ``CATALOGUES``: a part adds its catalogue by adding
a line with its package, its domain and a function that lists its source strings as
``(context, French)`` pairs (the context is the key a text is looked up with, or None). The
web app's come from its ``FR`` maps; a part that marks strings in code (``_("…")``) would
list them with Babel's extractor, ``babel.messages.extract.extract_from_dir``. A translation
is found as ``ssm.i18n.translate`` finds it: the entry of the context, else the one without.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from ssm.cloud.web.i18n import text
from ssm.cloud.web.texts import french

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


CATALOGUES = [Catalogue("ssm.cloud", "web", _web_texts)]
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
