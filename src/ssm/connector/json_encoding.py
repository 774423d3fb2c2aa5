"""JSON as the connector writes it: orjson, with Sage's amounts as exact numbers.

Used for the bodies sent to the CRM and for the records' content hashes, which must
agree: a record is encoded once, hashed, and those very bytes are sent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson

_WRITTEN: dict[Decimal, orjson.Fragment] = {}
"""Amounts already written, by value: quantities, prices and discounts repeat on most
invoice lines, so most amounts are a look-up (issue 14: a third of the connector's JSON
time went to writing the same few hundred numbers again)."""
_WRITTEN_MAX = 1 << 16
"""Entries kept before the table starts over: a few MB whatever the company's size."""


def encode_json(value: Any, option: int | None = None) -> bytes:
    """``value`` as JSON bytes (orjson), its ``Decimal`` amounts as exact JSON numbers."""
    return orjson.dumps(value, default=json_default, option=option)


def json_default(value: Any) -> orjson.Fragment:
    """The hook of orjson for what it cannot write: a ``Decimal`` as an exact JSON number.

    Sage's amounts and quantities are ``numeric(24,6)`` read as ``Decimal``; a float on the
    way would round them (``0.1 + 0.2``), so the number is written from its decimal digits.
    The text is canonical (fixed point, no trailing zero: ``1.500000`` and ``1.5`` both give
    ``1.5``), so equal amounts give equal bytes and equal record hashes; which is also why
    the text of an amount can be kept by value and reused for an equal one.

    Raises:
        TypeError: not a finite ``Decimal``; orjson reports it as an encoding error.
    """
    if type(value) is Decimal and value.is_finite():
        written = _WRITTEN.get(value)
        if written is None:
            if len(_WRITTEN) >= _WRITTEN_MAX:
                _WRITTEN.clear()
            written = _WRITTEN[value] = orjson.Fragment(_exact_number(value))
        return written
    raise TypeError(f"{type(value).__name__} is not JSON serializable: {value!r}")


def _exact_number(value: Decimal) -> str:
    """A finite ``Decimal`` as the canonical JSON number of its value."""
    text = str(value)  # fixed point for Sage's amounts, and faster than format()
    if "E" in text:  # 1E+2, 1E-7: no exponent in what we write
        text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
