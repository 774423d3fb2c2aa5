"""Mappers: Sage 100 rows → CRM records, declared as tables of field pairs.

A mapper is declarative first (OCA connector's ``Mapper``): ``direct`` pairs Sage columns
with CRM fields and ``computed`` adds the fields that need a rule. Mappers are pure, so
their unit tests need neither Sage nor the cloud.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

Row = Mapping[str, Any]
Record = dict[str, Any]


class Mapper:
    """Base mapper: copy the ``direct`` pairs, then add what ``computed`` returns."""

    direct: ClassVar[tuple[tuple[str, str], ...]] = ()

    def map(self, row: Row) -> Record:
        """The CRM record for one Sage row."""
        record = {crm: _clean(row[sage]) for sage, crm in self.direct}
        record.update(self.computed(row))
        return record

    def computed(self, row: Row) -> Record:
        """Fields that need a rule rather than a copy."""
        return {}


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
        ("CT_EMail", "email"),
        ("CT_Site", "website"),
        ("CT_Siret", "siret"),
        ("CT_Ape", "naf"),
        ("CT_Identifiant", "vatNumber"),
        ("CT_Commentaire", "comment"),
    )

    def computed(self, row: Row) -> Record:
        """Type, sleeping flag, read-only flag and owner."""
        prospect = bool(row["CT_Prospect"])
        rep = row["CO_No"]
        return {
            "accountType": "prospect" if prospect else "client",
            "sleeping": bool(row["CT_Sommeil"]),
            "readOnly": not prospect,
            "salesRepExtId": str(rep) if rep else None,
        }


def record_hash(record: Record) -> str:
    """Stable content hash of a record, to skip what the CRM already has."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _clean(value: Any) -> Any:
    """Sage pads nothing but stores empty strings; the CRM wants null for "no value"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, Decimal):
        return float(value)
    return value
