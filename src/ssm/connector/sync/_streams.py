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

from collections.abc import Iterator, Mapping
from datetime import timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any, ClassVar

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import CrmClient
from ssm.connector.messages import _
from ssm.connector.sync.mapper import Mapper, MappingError, Record, Row, clean, clean_email
from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    DOCUMENT_LINE_COLUMNS,
    INVOICES,
    QUOTES,
    SALES_DOCUMENTS,
    USERS,
    Batch,
    Cursor,
    Discount,
    DocumentSpec,
    TableSpec,
    net_unit_price,
    read_articles,
    read_by_keys,
    read_changes,
    read_documents,
    read_quote,
)

_CREDIT_NOTE_ORIGINS = frozenset({1, 2})  # DO_Provenance: facture de retour, facture d'avoir
_DISCOUNT_TYPES = {0: "amount", 1: "percent", 2: "free"}  # REM_Type: per unit, %, free units
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
    #: The entity's name for people (the command line's status, ``--entity``'s help), marked
    #: for translation; ``name`` stays the identifier that options, state and reports use.
    label: ClassVar[str] = ""

    @property
    def title(self) -> str:
        """``label``, or ``name`` for a stream declared without one."""
        return self.label or self.name

    @property
    def key(self) -> str:
        """The Sage column sent as ``extId``: the spec's key."""
        return self.spec.key

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Rows changed since ``since``, in batches carrying the cursor to commit after each."""
        raise NotImplementedError

    def vanished(
        self, sage: Engine, crm: CrmClient, gone: Mapping[str, int | None]
    ) -> dict[str, Record | None]:
        """What became of keys reconciliation no longer reads, where Sage did not delete them.

        ``gone`` maps each key to its CRM id (None before the CRM acknowledged it). A key
        answered with a record left the stream for good but lives on in Sage (a quote
        turned into an order): the CRM gets that record, its last state, and
        reconciliation stops looking for it. A key answered None is left alone this time.
        Every other key was deleted in Sage, and is deleted in the CRM. Sage keeps no
        tombstones, so by default every key gone was deleted.
        """
        return {}


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
    label = _("Utilisateurs")
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
    label = _("Comptes")
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
    label = _("Contacts")
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
    label = _("Produits")
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
    label = _("Factures")
    spec: ClassVar[DocumentSpec] = INVOICES
    mapper = InvoiceMapper()
    parents = ("accounts", "products")  # products: so lines are linked when sent

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Documents whose header or any line changed."""
        return read_documents(sage, since, overlap, self.spec)


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


def _total_incl_tax(row: Row, ttc: int = _LINE_TTC) -> Decimal | None:
    """``DO_TotalTTC`` where the Sage version has it (C), else the sum of the lines' TTC.

    ``ttc`` is where ``DL_MontantTTC`` sits in the row's line tuples.
    """
    if "DO_TotalTTC" in row:
        total: Decimal | None = row["DO_TotalTTC"]
        return total
    amounts = [line[ttc] for line in row["lines"]]
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


class QuoteMapper(Mapper):
    """F_DOCENTETE (DO_Type 0) with its F_DOCLIGNE rows → CRM quote, read-only there.

    Tracked by the header's ``cbMarq``, like invoices: when Sage turns the quote into an
    order in place, the key stays and reconciliation tells the CRM (``QuotesStream``).
    Each line carries its three discounts as Sage shows them and the net unit price they
    leave, computed with Sage's arithmetic (``ssm.sage100.net_unit_price``): Sage stores none.
    """

    direct = (
        ("DO_Piece", "number"),
        ("DO_Ref", "reference"),
        ("DO_Tiers", "accountExtId"),
    )

    def computed(self, row: Row) -> Record:
        """Key, rep, date, status, totals and lines."""
        return {
            "extId": str(row["cbMarq"]),
            "salesRepExtId": _rep(row.get("CO_No")),
            "date": clean(row["DO_Date"]),
            "status": "in_sage",
            "orderNumber": None,
            "totalExclTax": row["DO_TotalHT"],
            "totalInclTax": _total_incl_tax(row, _QUOTE_LINE_TTC),
            "lines": [_quote_line(line) for line in row["lines"]],
        }


class QuotesStream(SageStream):
    """Quotes with their lines (F_DOCENTETE DO_Type 0, F_DOCLIGNE) → quotes, read-only."""

    name = resource = "quotes"
    label = _("Devis")
    spec: ClassVar[DocumentSpec] = QUOTES
    mapper = QuoteMapper()
    parents = ("accounts", "products")

    def get_batches(
        self, sage: Engine, since: Cursor | None, overlap: timedelta
    ) -> Iterator[Batch]:
        """Quotes whose header or any line changed."""
        return read_documents(sage, since, overlap, self.spec)

    def vanished(
        self, sage: Engine, crm: CrmClient, gone: Mapping[str, int | None]
    ) -> dict[str, Record | None]:
        """Quotes Sage turned into orders: the CRM shows them ``transformed``, for good.

        ``read_quote`` tells a transformation (in place: the same ``cbMarq``; by copy:
        lines naming the quote's number, read from the CRM) from a deletion. The record
        sent is the order as Sage now has it, under the quote's key and number, with the
        order's number; a later deletion of the order changes nothing in the CRM.
        """
        kept: dict[str, Record | None] = {}
        for key, crm_id in gone.items():
            known = crm.record(self.resource, crm_id) if crm_id is not None else None
            number = known.get("number") if known else None
            fate = read_quote(sage, int(key), number or "")
            if fate.status == "quote":
                kept[key] = None  # a quote after all: the change read sends it
            elif fate.document is not None:
                kept[key] = self._transformed(sage, key, number, fate.document.cbMarq)
        return kept

    def _transformed(
        self, sage: Engine, key: str, number: str | None, cbMarq: int
    ) -> Record | None:
        """The document ``cbMarq`` as the quote ``key`` became, None if it vanished since."""
        rows = [
            row for chunk in read_by_keys(sage, SALES_DOCUMENTS, [str(cbMarq)]) for row in chunk
        ]
        if not rows:
            return None
        record = self.mapper.map(rows[0])
        record.update(
            extId=key, number=number, status="transformed", orderNumber=rows[0]["DO_Piece"]
        )
        return record


#: Quote lines, read by position from ``QUOTES.line_columns`` like invoice lines.
_QUOTE_LINE_COLUMNS = (
    "DL_No",
    "AR_Ref",
    "DL_Design",
    "DL_Qte",
    "DL_PrixUnitaire",
    "DL_MontantHT",
)
_QUOTE_LINE_VALUES = itemgetter(*map(QUOTES.line_columns.index, _QUOTE_LINE_COLUMNS))
_QUOTE_LINE_TTC = QUOTES.line_columns.index("DL_MontantTTC")
#: Where each discount's ``REM_Valeur`` and ``REM_Type`` sit (None: the company lacks it).
_DISCOUNTS = tuple(
    (
        QUOTES.line_columns.index(f"DL_Remise0{n}REM_Valeur"),
        QUOTES.line_columns.index(f"DL_Remise0{n}REM_Type"),
    )
    for n in (1, 2, 3)
)


def _quote_line(line: tuple[Any, ...]) -> Record:
    number, product, design, quantity, price, amount = _QUOTE_LINE_VALUES(line)
    discounts = _discounts(line)
    return {
        "extId": str(number),
        "productExtId": clean(product),
        "description": clean(design),
        "quantity": quantity,
        "unitPrice": price,
        "discounts": [{"value": d.value, "type": _DISCOUNT_TYPES[d.REM_Type]} for d in discounts],
        "netUnitPrice": None if price is None else net_unit_price(price, discounts),
        "totalExclTax": amount,
    }


def _discounts(line: tuple[Any, ...]) -> tuple[Discount, ...]:
    """The line's discounts as Sage applies them: those with a value, in order.

    A discount whose ``REM_Type`` the company lacks or Sage does not know (not 0–2) is
    taken as a percentage, Sage's default type.
    """
    found = []
    for value_at, type_at in _DISCOUNTS:
        value, rem_type = line[value_at], line[type_at]
        if value:
            found.append(Discount(value, rem_type if rem_type in _DISCOUNT_TYPES else 1))
    return tuple(found)


def _rep(co_no: Any) -> str | None:
    return str(co_no) if co_no else None


def _signed(amount: Decimal | None, sign: int) -> Decimal | None:
    """The amount with the document's sign, exact (Sage may store a credit note's as negative)."""
    if amount is None:
        return None
    return abs(amount) if sign > 0 else -abs(amount)


# Parents first: users own accounts, accounts hold contacts, invoices and quotes, which use
# products.
STREAMS: tuple[SageStream, ...] = (
    UsersStream(),
    AccountsStream(),
    ContactsStream(),
    ProductsStream(),
    InvoicesStream(),
    QuotesStream(),
)
STREAM_NAMES: tuple[str, ...] = tuple(s.name for s in STREAMS)
