"""Mappers: Sage 100 rows → CRM records, declared as tables of field pairs.

A mapper is declarative first (OCA connector's ``Mapper``): ``direct`` pairs Sage columns
with CRM fields and ``computed`` adds the fields that need a rule. Mappers are pure, so
their unit tests need neither Sage nor the cloud.

Cleaning, the same for every stream (``docs/sync.md`` lists it for users):

- text is trimmed, control characters (NUL, ESC, tabs, line breaks…) become one space, and
  an empty result becomes null, since Sage stores "no value" as an empty string;
- amounts and quantities (``numeric(24,6)``, read as ``Decimal``) stay ``Decimal``, never a
  float, and are written as exact JSON numbers (``connector._json.json_default``);
- an e-mail that is not a plausible address is dropped (the record still syncs); a sales
  rep without one becomes a user who cannot be invited until Sage 100 gives him an e-mail,
  and still owns his accounts;
- a column the company's Sage version lacks (an *optional* column of the readers) is an
  absent key: its field is null, or computed otherwise where Sage allows it (an invoice's
  total including tax from its lines; no ``CO_Sommeil``: every rep is active).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

import orjson

from ssm.connector import messages as msg
from ssm.connector.json_encoding import encode_json

Row = Mapping[str, Any]
Record = dict[str, Any]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r" {2,}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CREDIT_NOTE_ORIGINS = frozenset({1, 2})  # DO_Provenance: facture de retour, facture d'avoir
_POSTED_INVOICE = 7  # DO_Type: facture comptabilisée
_CIVILITY = {0: "M.", 1: "Mme", 2: "Mlle"}


class MappingError(Exception):
    """A row that cannot become a CRM record; the message (French) goes to the error list."""


class Mapper:
    """Base mapper: copy the ``direct`` pairs, then add what ``computed`` returns."""

    direct: ClassVar[tuple[tuple[str, str], ...]] = ()

    def map(self, row: Row) -> Record:
        """The CRM record for one Sage row.

        Raises:
            MappingError: the row cannot be sent; the message says why, in French.
        """
        record = {crm: clean(row.get(sage)) for sage, crm in self.direct}
        record.update(self.computed(row))
        return record

    def computed(self, row: Row) -> Record:
        """Fields that need a rule rather than a copy."""
        return {}


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


def _total_incl_tax(row: Row) -> Decimal | None:
    """``DO_TotalTTC`` where the Sage version has it (C), else the sum of the lines' TTC."""
    if "DO_TotalTTC" in row:
        total: Decimal | None = row["DO_TotalTTC"]
        return total
    amounts = [line.get("DL_MontantTTC") for line in row["lines"]]
    if not amounts or any(amount is None for amount in amounts):
        return None
    return sum(amounts, Decimal(0))


def _line(line: Row, sign: int) -> Record:
    return {
        "extId": str(line["DL_No"]),
        "productExtId": clean(line["AR_Ref"]),
        "description": clean(line.get("DL_Design")),
        "quantity": clean(line["DL_Qte"]),
        "unitPrice": clean(line.get("DL_PrixUnitaire")),
        "discount": clean(line.get("DL_Remise01REM_Valeur")),
        "totalExclTax": _signed(line["DL_MontantHT"], sign),
    }


def encode_record(record: Record) -> bytes:
    """The record's canonical JSON (keys sorted, amounts exact): what is hashed and sent."""
    return encode_json(record, option=orjson.OPT_SORT_KEYS)


def content_hash(encoded: bytes) -> str:
    """Stable content hash of an encoded record, to skip what the CRM already has.

    Amounts are hashed as the exact JSON numbers the CRM receives, so equal amounts
    (``1.500000`` read from Sage, ``1.5``) hash alike.
    """
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def record_hash(record: Record) -> str:
    """``content_hash`` of the record's canonical JSON."""
    return content_hash(encode_record(record))


def clean(value: Any) -> Any:
    """A Sage value as the CRM wants it (see the module docstring)."""
    if isinstance(value, str):
        if not value.isprintable():  # rare: control characters (and Unicode separators)
            value = _CONTROL.sub(" ", value)
        if "  " in value:
            value = _SPACES.sub(" ", value)
        return value.strip() or None
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


def clean_email(value: Any) -> str | None:
    """The e-mail if it looks like one, else None."""
    text = clean(value)
    return text if isinstance(text, str) and _EMAIL.match(text) else None


def _rep(co_no: Any) -> str | None:
    return str(co_no) if co_no else None


def _signed(amount: Decimal | None, sign: int) -> Decimal | None:
    """The amount with the document's sign, exact (Sage may store a credit note's as negative)."""
    if amount is None:
        return None
    return abs(amount) if sign > 0 else -abs(amount)
