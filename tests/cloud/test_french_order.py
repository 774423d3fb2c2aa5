"""Names sort the French way on both databases: accents and case only break ties.

SQLite compares with ``ssm.i18n.french_compare`` registered as the ``fr-x-icu`` collation,
PostgreSQL with its ICU collation of that name; the pages must agree with Python's
``french_sort_key`` either way.
"""

import re

import pytest
from sqlalchemy import literal, select, union_all

from ssm import i18n
from ssm.cloud.db import in_french_order

from .test_web_records import browser_for, company, names, upsert

pytestmark = pytest.mark.anyio

SHUFFLED = ["Zambie", "États-Unis", "estonie", "Burkina Faso", "Espagne", "Bénin"]
FRENCH = ["Bénin", "Burkina Faso", "Espagne", "estonie", "États-Unis", "Zambie"]


def test_the_expected_order_is_the_french_key_s_and_not_the_code_points():
    assert sorted(SHUFFLED, key=i18n.french_sort_key) == FRENCH
    assert sorted(SHUFFLED) != FRENCH


async def test_lists_sort_names_in_french_order(app):
    tenant = await company(app)
    await upsert(
        app,
        tenant,
        "accounts",
        [
            {"extId": f"C{n}", "name": name, "accountType": "client"}
            for n, name in enumerate(SHUFFLED)
        ],
    )
    await upsert(
        app,
        tenant,
        "contacts",
        [
            {"extId": str(n), "accountExtId": "C0", "lastName": name}
            for n, name in enumerate(SHUFFLED)
        ],
    )
    await upsert(
        app,
        tenant,
        "products",
        [{"extId": f"P{n}", "model": name} for n, name in enumerate(SHUFFLED)],
    )
    async with browser_for(app, "alice@example.fr") as admin:
        accounts = await admin.get("/comptes")
        contacts = await admin.get("/contacts")
        products = await admin.get("/produits")
    assert names(accounts) == FRENCH
    assert names(contacts) == FRENCH
    shown = [name for name in re.findall(r">([^<>]+)<", products.text) if name in SHUFFLED]
    assert shown == FRENCH


# Ties at every level: accents, case, ligatures, spaces and punctuation, digits.
WORDS = [
    "cote",
    "côte",
    "coté",
    "côté",
    "Cote",
    "COTE",
    "cotes",
    "L'Oréal",
    "L’Oréal",
    "La Poste",
    "L Oréal",
    "l'île",
    "Lille",
    "Œdipe",
    "oeil",
    "Oeuvre",
    "œuvre",
    "Ærø",
    "aerien",
    "Straße",
    "strasse",
    "Émile",
    "emile",
    "Eve",
    "Ève",
    "2CV",
    "10 rue",
    "A-B",
    "A B",
    "AB",
    "Zoé",
    "zoe",
    "Ça",
    "ca",
    "Cabane",
    "n°1",
    "Noël",
    "noel",
    "Noëlle",
    "Éloïse",
    "Eloise",
    "élan",
]


async def test_the_database_orders_as_the_python_key(app):
    """PostgreSQL's ICU and SQLite's registered function give ``french_sort_key``'s order."""
    words = union_all(*(select(literal(word).label("w")) for word in WORDS)).subquery()
    with app.db.read() as session:
        ordered = session.scalars(select(words.c.w).order_by(in_french_order(words.c.w))).all()
    assert ordered == sorted(WORDS, key=i18n.french_sort_key)
