"""Every string marked for translation has its English, with the same placeholders.

The parts write French in the code, marked with ``_()``; their English lives in
``<package>/locale/en/LC_MESSAGES/<domain>.po``. One test per catalogue, from
``CATALOGUES``: a part joins by adding a line with its package, its domain and a function
that lists its source strings as ``(context, French)`` pairs. Marked strings are listed by
Babel's extractor, as ``pybabel extract -k _`` finds them, so a string marked without its
translation, a translation left behind by a string that changed, or a translation that
drops a ``{placeholder}`` fails.

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
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

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


def marked(package: str, files: str = "**.py") -> Callable[[], set[Source]]:
    """The strings ``pybabel extract -k _`` finds in ``package``'s ``files``."""

    def sources() -> set[Source]:
        folder = SRC / package.replace(".", "/")
        found = extract_from_dir(str(folder), method_map=[(files, "python")], keywords={"_": None})
        return {(None, message) for _file, _line, message, _comments, _context in found}

    return sources


CATALOGUES = [
    Catalogue("ssm.connector", "ssm-connector", marked("ssm.connector")),
    Catalogue("ssm.sage100", "ssm-sage100", marked("ssm.sage100")),
    Catalogue("ssm.cloud", "ssm-cloud", marked("ssm.cloud", "cli.py")),  # the web app: web.po
]


def read(catalogue: Catalogue, lang: str = "en") -> Catalog:
    path = resources.files(catalogue.package).joinpath(
        "locale", lang, "LC_MESSAGES", f"{catalogue.domain}.po"
    )
    with path.open("rb") as handle:
        return read_po(handle)


def fields(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text (``str.format``'s own parser)."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_every_marked_string_has_its_english(catalogue):
    catalog = read(catalogue)
    sources = catalogue.sources()
    assert len(sources) > 10  # the extractor found the marked strings
    lacking = sorted(
        message
        for _, message in sources
        if not (found := catalog.get(message)) or not found.string or found.fuzzy
    )
    assert lacking == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_no_entry_is_left_behind(catalogue):
    catalog = read(catalogue)
    messages = {message for _, message in catalogue.sources()}
    assert [m.id for m in catalog if m.id and m.id not in messages] == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_each_translation_keeps_the_placeholders(catalogue):
    catalog = read(catalogue)
    differ = [(m.id, m.string) for m in catalog if m.id and fields(m.id) != fields(m.string)]
    assert differ == []
    assert any(fields(str(m.id)) for m in catalog)  # the check has something to check


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
