"""Type aliases shared by the cloud's modules.

``UtcDateTime`` is how every timestamp leaves the API: ISO-8601 in UTC with a ``Z`` and
milliseconds, the format of the real v4 API (``2021-12-16T21:44:46.333Z``).

``Amount`` is how amounts, prices and quantities travel: exact ``Decimal`` values (Sage's
``numeric(24,6)``), written as JSON *numbers* with their exact digits (``0.123456``), never
through a float and never as a string, which pydantic would make of a ``Decimal``: the API
renders them with orjson and ``json_default``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

import orjson
from pydantic import PlainSerializer, WithJsonSchema


def format_utc(value: datetime) -> str:
    """Render ``value`` as ISO-8601 UTC with milliseconds and ``Z``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


UtcDateTime = Annotated[datetime, PlainSerializer(format_utc, return_type=str, when_used="json")]
"""A timestamp serialised as ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""

Clock = Callable[[], datetime]
"""Returns the current time as an aware UTC datetime; replaced in tests."""


def utc_now() -> datetime:
    """The real clock: now, in UTC."""
    return datetime.now(UTC)


Amount = Annotated[Decimal, WithJsonSchema({"type": "number"})]
"""An exact decimal (6 decimal places at most), a JSON number in the API."""


def json_default(value: Any) -> orjson.Fragment:
    """The hook of orjson for a ``Decimal``: the exact JSON number, fixed point, no trailing 0.

    Raises:
        TypeError: anything else, or a ``Decimal`` that is not a finite number.
    """
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return orjson.Fragment("0" if text == "-0" else text)
