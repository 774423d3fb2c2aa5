"""``ssm.i18n``: catalogues with contexts, Babel's formats, the French sort key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from ssm import i18n

PARIS = ZoneInfo("Europe/Paris")
COUNTRIES = ["Zambie", "États-Unis", "estonie", "Burkina Faso", "Espagne", "Bénin"]
FRENCH_ORDER = ["Bénin", "Burkina Faso", "Espagne", "estonie", "États-Unis", "Zambie"]


def test_names_sort_in_french_order():
    assert sorted(COUNTRIES) != FRENCH_ORDER  # code points put « É » after « Z »
    assert sorted(COUNTRIES, key=i18n.french_sort_key) == FRENCH_ORDER


def test_accents_then_case_only_break_ties():
    words = ["Été", "etre", "été", "ete", "Œuf", "oeuf", "Oeuf", "œuvre"]
    assert sorted(words, key=i18n.french_sort_key) == [
        "ete",
        "été",
        "Été",
        "etre",
        "oeuf",
        "Oeuf",
        "Œuf",
        "œuvre",
    ]


def test_the_collation_compares_as_the_key_sorts():
    assert i18n.french_compare("Bénin", "Burkina Faso") == -1
    assert i18n.french_compare("États-Unis", "Espagne") == 1
    assert i18n.french_compare("Zambie", "Zambie") == 0


def test_amounts_are_babels_rounded_half_away_from_zero():
    assert i18n.format_money(Decimal("1234.5"), "fr") == "1\u202f234,50\u00a0€"
    assert i18n.format_money(Decimal("1234.5"), "en") == "€1,234.50"
    assert i18n.format_money(Decimal("0.125"), "fr") == "0,13\u00a0€"  # Babel alone: 0,12
    assert i18n.format_money(Decimal("-0.004"), "fr") == "0,00\u00a0€"
    assert i18n.format_money(Decimal("-2.5"), "en") == "-€2.50"


def test_quantities_keep_their_decimals():
    assert i18n.format_quantity(Decimal("3.000000"), "fr") == "3"
    assert i18n.format_quantity(Decimal("1234.123456"), "fr") == "1\u202f234,123456"
    assert i18n.format_quantity(Decimal("1234.5"), "en") == "1,234.5"


def test_dates_and_moments_in_the_time_zone():
    assert i18n.format_day(dt.date(2026, 11, 28), "fr") == "28/11/2026"
    assert i18n.format_day(dt.date(2026, 11, 28), "en") == "28/11/2026"
    assert i18n.format_month(dt.date(2026, 2, 1), "fr") == "févr. 2026"
    assert i18n.format_month(dt.date(2026, 2, 1), "en") == "Feb 2026"
    winter = dt.datetime(2026, 11, 28, 13, 5, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 6, 30, 22, 30)  # naive: UTC, as stored
    assert i18n.format_moment(winter, "fr", PARIS) == "28/11/2026 14:05"
    assert i18n.format_moment(summer, "fr", PARIS) == "01/07/2026 00:30"
    assert i18n.format_moment(winter, "en", PARIS) == "28/11/2026, 14:05"


def test_a_context_entry_wins_over_the_shared_one(tmp_path, monkeypatch):
    package = tmp_path / "demo_texts"
    folder = package / "locale" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (folder / "demo.po").write_text(
        'msgid "Nom"\nmsgstr "Name"\n\n'
        'msgctxt "field.last_name"\nmsgid "Nom"\nmsgstr "Last name"\n\n'
        '#, fuzzy\nmsgid "Prénom"\nmsgstr "Forename?"\n',
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert i18n.translate("demo_texts", "demo", "en", "Nom") == "Name"
    assert i18n.translate("demo_texts", "demo", "en", "Nom", context="users.name") == "Name"
    assert i18n.translate("demo_texts", "demo", "en", "Nom", "field.last_name") == "Last name"
    assert i18n.translate("demo_texts", "demo", "en", "Prénom") == "Prénom"  # fuzzy: unchecked
    assert i18n.translate("demo_texts", "demo", "fr", "Nom") == "Nom"
    assert i18n.translations("demo_texts", "demo", "en") == {"Nom": "Name"}
