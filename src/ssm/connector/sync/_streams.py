"""Streams Sage 100 → Sales Management, one small declarative class each.

A stream is the one declaration of a synced entity on the connector's side: its name,
the CRM resource that receives it, its Sage ``spec`` (whose key is sent as ``extId``, whose
keys reconciliation reads and whose rows retries read again by key) and its mapper,
declared just above it (``mapper.py`` holds the machinery mappers share). A new entity is
therefore one stream and one mapper in this module, and its place in :data:`STREAMS`.
Everything else that lists entities (the CLI's ``--entity``, status, resync,
``docs/sync.md``'s field tables, the contract tests) derives from :data:`STREAMS`. Most
streams read their spec's table; products and invoices are made of several tables and
use the composite readers of ``ssm.sage100``, which re-read a record whole when any of
its parts changed. The engine (``engine.py``) owns cursors, batching, retries and figures.

``parents`` names the streams whose records a stream's records point to and that the CRM
refuses them without (``unknown_account``): when a parent fails in a pass, the runner
defers the child to the next pass rather than send records bound to be refused. Users
are no such parent: an account sent before its rep goes to the administrator, and the
CRM moves it to the rep when he arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any, ClassVar

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.sync.mapper import Mapper, MappingError, Record, Row, clean, clean_email
from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    DOCUMENT_LINE_COLUMNS,
    INVOICES,
    USERS,
    Batch,
    Cursor,
    TableSpec,
    read_articles,
    read_changes,
    read_documents,
)

_CREDIT_NOTE_ORIGINS = frozenset({1, 2})  # DO_Provenance: facture de retour, facture d'avoir
_POSTED_INVOICE = 7  # DO_Type: facture comptabilisée
_CIVILITY = {0: "M.", 1: "Mme", 2: "Mlle"}


class SageStream:
    """A stream read incrementally from Sage 100.

    ``spec`` selects the stream's rows and names their key; a composite stream reads more
    tables, but its spec is the root whose keys reconciliation and retries read.
    """

    name: ClassVar[str]
    resource: ClassVar[str]
    spec: ClassVar[TableSpec]
    mapper: ClassVar[Mapper]
    parents: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        """The Sage column sent as ``extId``: the spec's key."""
        return self.spec.key

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Rows changed since ``since``, in batches carrying the cursor to commit after each."""
        raise NotImplementedError


class SageTableStream(SageStream):
    """A stream read from one table described by a ``TableSpec``."""

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Rows of the spec's table changed since ``since``."""
        return read_changes(sage, self.spec, since, overlap)


class UserMapper(Mapper):
    """F_COLLABORATEUR (sales reps) → CRM user, matched by e-mail on the cloud's side."""

    direct = (
        ("CO_Prenom", "firstName"),
        ("CO_Nom", "lastName"),
        ("CO_Fonction", "jobTitle"),
    )

    def computed(self, row: Row) -> Record:
        """Key, e-mail, phone and active flag."""
        return {
            "extId": str(row["CO_No"]),
            "email": clean_email(row.get("CO_EMail")),
            "phone": clean(row.get("CO_TelPortable")) or clean(row.get("CO_Telephone")),
            "active": not row.get("CO_Sommeil"),
        }


class UsersStream(SageTableStream):
    """Sales reps (F_COLLABORATEUR, CO_Vendeur = 1) → users, matched by e-mail."""

    name = resource = "users"
    spec = USERS
    mapper = UserMapper()


class AccountMapper(Mapper):
    """F_COMPTET (clients and prospects) → CRM account.

    Clients are mastered by Sage and read-only in the CRM; prospects stay editable there.
    The owner is carried as the sales rep's Sage number (``CO_No``) so the cloud can give
    the account to that rep's user, or to the administrator when there is none.
    """

    direct = (
        ("CT_Num", "extId"),
        ("CT_Intitule", "name"),
        ("CT_Adresse", "address1"),
        ("CT_Complement", "address2"),
        ("CT_CodePostal", "postcode"),
        ("CT_Ville", "city"),
        ("CT_CodeRegion", "region"),
        ("CT_Pays", "country"),
        ("CT_Telephone", "phone"),
        ("CT_Telecopie", "fax"),
        ("CT_Site", "website"),
        ("CT_Siret", "siret"),
        ("CT_Ape", "naf"),
        ("CT_Identifiant", "vatNumber"),
        ("CT_Commentaire", "comment"),
    )

    def computed(self, row: Row) -> Record:
        """Type, sleeping flag, read-only flag, e-mail and owner; a name is required."""
        if clean(row["CT_Intitule"]) is None:
            raise MappingError(msg.ACCOUNT_WITHOUT_NAME.format(key=row["CT_Num"]))
        prospect = bool(row.get("CT_Prospect"))
        return {
            "email": clean_email(row.get("CT_EMail")),
            "accountType": "prospect" if prospect else "client",
            "sleeping": bool(row.get("CT_Sommeil")),
            "readOnly": not prospect,
            "salesRepExtId": _rep(row.get("CO_No")),
        }


class AccountsStream(SageTableStream):
    """Clients and prospects (F_COMPTET, CT_Type = 0) → accounts."""

    name = resource = "accounts"
    spec = CLIENTS
    mapper = AccountMapper()


class ContactMapper(Mapper):
    """F_CONTACTT → CRM contact, linked to its account by ``CT_Num``."""

    direct = (
        ("CT_Num", "accountExtId"),
        ("CT_Prenom", "firstName"),
        ("CT_Nom", "lastName"),
        ("CT_Fonction", "jobTitle"),
        ("CT_Telephone", "phone"),
        ("CT_TelPortable", "mobile"),
        ("CT_Telecopie", "fax"),
    )

    def computed(self, row: Row) -> Record:
        """Key, civility and e-mail; a last name is required."""
        if clean(row["CT_Nom"]) is None:
            raise MappingError(
                msg.CONTACT_WITHOUT_NAME.format(key=row["CT_No"], tiers=row["CT_Num"])
            )
        return {
            "extId": str(row["CT_No"]),
            "title": _CIVILITY.get(row.get("CT_Civilite")),  # type: ignore[arg-type]
            "email": clean_email(row.get("CT_EMail")),
        }


class ContactsStream(SageTableStream):
    """Contacts of tiers (F_CONTACTT) → contacts."""

    name = resource = "contacts"
    spec = CONTACTS
    mapper = ContactMapper()
    parents = ("accounts",)


class ProductMapper(Mapper):
    """F_ARTICLE with its family and stock → CRM product; sleeping items are not available."""

    direct = (
        ("AR_Ref", "extId"),
        ("AR_Design", "model"),
        ("FA_Intitule", "family"),
        ("FA_CodeFamille", "familyExtId"),
        ("AR_PrixVen", "price"),
        ("AR_PrixAch", "cost"),
        ("stock_total", "stock"),
        ("stock_available", "stockAvailable"),
        ("AR_CodeBarre", "barcode"),
    )

    def computed(self, row: Row) -> Record:
        """Flags."""
        return {
            "priceIncludesTax": bool(row.get("AR_PrixTTC")),
            "notAvailable": bool(row.get("AR_Sommeil")),
        }


class ProductsStream(SageStream):
    """Items with family, price and stock (F_ARTICLE, F_FAMILLE, F_ARTSTOCK) → products."""

    name = resource = "products"
    spec = ARTICLES
    mapper = ProductMapper()

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Items whose row, stock or family changed."""
        return read_articles(sage, since, overlap)


class InvoiceMapper(Mapper):
    """F_DOCENTETE (DO_Type 6/7) with its F_DOCLIGNE rows → CRM invoice with lines.

    Tracked by the header's ``cbMarq``: ``DO_Piece`` is rewritten when Sage transforms a
    document. Credit notes (``DO_Provenance`` retour or avoir) carry negative amounts so
    that sums over invoices give the net revenue.
    """

    direct = (
        ("DO_Piece", "number"),
        ("DO_Tiers", "accountExtId"),
        ("DO_Ref", "reference"),
    )

    def computed(self, row: Row) -> Record:
        """Key, date, kind, posted flag, signed totals and lines."""
        credit = row.get("DO_Provenance") in _CREDIT_NOTE_ORIGINS
        sign = -1 if credit else 1
        return {
            "extId": str(row["cbMarq"]),
            "salesRepExtId": _rep(row.get("CO_No")),
            "date": clean(row["DO_Date"]),
            "kind": "credit_note" if credit else "invoice",
            "posted": row["DO_Type"] == _POSTED_INVOICE,
            "totalExclTax": _signed(row["DO_TotalHT"], sign),
            "totalInclTax": _signed(_total_incl_tax(row), sign),
            "lines": [_line(line, sign) for line in row["lines"]],
        }


class InvoicesStream(SageStream):
    """Invoices and credit notes with their lines (F_DOCENTETE DO_Type 6/7, F_DOCLIGNE)."""

    name = resource = "invoices"
    spec = INVOICES
    mapper = InvoiceMapper()
    parents = ("accounts", "products")  # products: so lines are linked when sent

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Documents whose header or any line changed."""
        return read_documents(sage, since, overlap)


#: The Sage columns ``_line`` maps, in the order it unpacks them, read by position from
#: the reader's line tuples (``DOCUMENT_LINE_COLUMNS``): no dict per Sage line (issue 14).
_LINE_COLUMNS = (
    "DL_No",
    "AR_Ref",
    "DL_Design",
    "DL_Qte",
    "DL_PrixUnitaire",
    "DL_Remise01REM_Valeur",
    "DL_MontantHT",
)
_LINE_VALUES = itemgetter(*map(DOCUMENT_LINE_COLUMNS.index, _LINE_COLUMNS))
_LINE_TTC = DOCUMENT_LINE_COLUMNS.index("DL_MontantTTC")


def _total_incl_tax(row: Row) -> Decimal | None:
    """``DO_TotalTTC`` where the Sage version has it (C), else the sum of the lines' TTC."""
    if "DO_TotalTTC" in row:
        total: Decimal | None = row["DO_TotalTTC"]
        return total
    amounts = [line[_LINE_TTC] for line in row["lines"]]
    if not amounts or any(amount is None for amount in amounts):
        return None
    return sum(amounts, Decimal(0))


def _line(line: tuple[Any, ...], sign: int) -> Record:
    number, product, design, quantity, price, discount, amount = _LINE_VALUES(line)
    return {
        "extId": str(number),
        "productExtId": clean(product),
        "description": clean(design),
        # DOCUMENT_LINE_JSON: exact JSON numbers (or None) as read, written as they are.
        "quantity": quantity,
        "unitPrice": price,
        "discount": discount,
        "totalExclTax": _signed(amount, sign),
    }


def _rep(co_no: Any) -> str | None:
    return str(co_no) if co_no else None


def _signed(amount: Decimal | None, sign: int) -> Decimal | None:
    """The amount with the document's sign, exact (Sage may store a credit note's as negative)."""
    if amount is None:
        return None
    return abs(amount) if sign > 0 else -abs(amount)


# Parents first: users own accounts, accounts hold contacts and invoices, invoices use products.
STREAMS: tuple[SageStream, ...] = (
    UsersStream(),
    AccountsStream(),
    ContactsStream(),
    ProductsStream(),
    InvoicesStream(),
)
STREAM_NAMES: tuple[str, ...] = tuple(s.name for s in STREAMS)
