"""JSON as the connector writes it: orjson, with Sage's amounts as exact numbers.

Used for the bodies sent to the CRM and for the records' content hashes, which must
agree: a record is encoded once, hashed, and those very bytes are sent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson


def encode_json(value: Any, option: int | None = None) -> bytes:
    """``value`` as JSON bytes (orjson), its ``Decimal`` amounts as exact JSON numbers."""
    return orjson.dumps(value, default=json_default, option=option)


def json_default(value: Any) -> orjson.Fragment:
    """The hook of orjson for what it cannot write: a ``Decimal`` as an exact JSON number.

    Sage's amounts and quantities are ``numeric(24,6)`` read as ``Decimal``; a float on the
    way would round them (``0.1 + 0.2``), so the number is written from its decimal digits.
    The text is canonical (fixed point, no trailing zero: ``1.500000`` and ``1.5`` both give
    ``1.5``), so equal amounts give equal bytes and equal record hashes. The amounts Sage's
    reader hands over as JSON numbers already (``ssm.sage100.decimal_text``, an invoice
    line's quantity, price and discount) have that very text: a property test holds both.

    Raises:
        TypeError: not a finite ``Decimal``; orjson reports it as an encoding error.
    """
    if type(value) is Decimal and value.is_finite():
        text = str(value)  # fixed point for Sage's amounts, and faster than format()
        if "E" in text:  # 1E+2, 1E-7: no exponent in what we write
            text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return orjson.Fragment("0" if text == "-0" else text)
    raise TypeError(f"{type(value).__name__} is not JSON serializable: {value!r}")
