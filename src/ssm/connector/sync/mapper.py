"""The mapping machinery: Sage 100 rows → CRM records, declared as tables of field pairs.

A mapper is declarative first (OCA connector's ``Mapper``): ``direct`` pairs Sage columns
with CRM fields and ``computed`` adds the fields that need a rule. Each entity's mapper is
declared beside its stream (``_streams.py``), so a new entity is one declaration; this
module holds what they share: the base class, ``MappingError``, the cleaning of values and
the record's canonical JSON and hash. Mappers are pure, so their unit tests need neither
Sage nor the cloud.

Cleaning, the same for every stream (``docs/sync.md`` lists it for users):

- text is trimmed, control characters (NUL, ESC, tabs, line breaks…) become one space, and
  an empty result becomes null, since Sage stores "no value" as an empty string;
- amounts and quantities (``numeric(24,6)``, read as ``Decimal``) stay ``Decimal``, never a
  float, and are written as exact JSON numbers (``connector.json_encoding.json_default``);
  an invoice line's quantity, unit price and discount come from the reader as those very
  numbers already (``orjson.Fragment``, ``ssm.sage100.DOCUMENT_LINE_JSON``);
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

from ssm.connector.json_encoding import encode_json

Row = Mapping[str, Any]
Record = dict[str, Any]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r" {2,}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Types ``clean`` returns unchanged (exact types; subclasses take the general path).
_AS_IS = frozenset({type(None), bool, int, float, Decimal, bytes})


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
    if type(value) in _AS_IS:  # most values of an invoice line: one look-up, no isinstance
        return value
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
