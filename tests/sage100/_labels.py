"""The spec behind each label the emulator gives its rows (bad rows, activity actions).

``ssm.sage100`` reads by ``TableSpec`` and knows no stream name; the emulator labels
what it generates with the connector's stream names, so tests map a label to its spec here.
"""

from __future__ import annotations

from ssm.sage100 import ARTICLES, CLIENTS, CONTACTS, INVOICES, USERS, TableSpec

SPECS: dict[str, TableSpec] = {
    "users": USERS,
    "accounts": CLIENTS,
    "contacts": CONTACTS,
    "products": ARTICLES,
    "invoices": INVOICES,
}
