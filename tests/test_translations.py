"""Every string marked for translation has its English, with the same placeholders.

The parts write French in the code, marked with ``_()``; their English lives in
``<package>/locale/en/LC_MESSAGES/<domain>.po``. The marked strings are extracted here as
``pybabel extract`` does, so a string marked without its translation, a translation left
behind by a string that changed, or a translation that drops a ``{placeholder}`` fails.
Generic over (package, domain): a part joins by adding its line to ``CATALOGUES``.

Click's and Typer's own words go the other way (English source, French catalogue, read by
the standard library's ``gettext``, which needs a compiled ``.mo``): the ``.mo`` must say
what the ``.po`` says (``pybabel compile`` after an edit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ssm.i18n import translations
from ssm.i18n.process import CLICK_DOMAIN, CLICK_LOCALE_DIR

SRC = Path(__file__).resolve().parents[1] / "src"
#: (package, domain): the parts whose strings are marked with ``_()``.
CATALOGUES = [("ssm.connector", "ssm-connector"), ("ssm.sage100", "ssm-sage100")]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def marked(package: str) -> list[str]:
    """The strings ``pybabel extract -k _`` finds in ``package``'s sources."""
    folder = SRC / package.replace(".", "/")
    found = extract_from_dir(str(folder), method_map=[("**.py", "python")], keywords={"_": None})
    return sorted({message for _file, _line, message, _comments, _context in found})


@pytest.mark.parametrize(("package", "domain"), CATALOGUES)
def test_every_marked_string_has_its_english(package, domain):
    strings = marked(package)
    english = translations(package, domain, "en")
    assert len(strings) > 50  # the extraction found the marked strings
    assert [s for s in strings if not english.get(s, "").strip()] == []


@pytest.mark.parametrize(("package", "domain"), CATALOGUES)
def test_the_catalogue_holds_no_string_the_code_no_longer_marks(package, domain):
    assert sorted(set(translations(package, domain, "en")) - set(marked(package))) == []


@pytest.mark.parametrize(("package", "domain"), CATALOGUES)
def test_each_translation_keeps_the_placeholders(package, domain):
    english = translations(package, domain, "en")
    differ = {
        french: text
        for french, text in english.items()
        if sorted(PLACEHOLDER.findall(french)) != sorted(PLACEHOLDER.findall(text))
    }
    assert differ == {}


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
