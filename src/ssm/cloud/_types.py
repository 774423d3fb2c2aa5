"""Type aliases shared by the cloud's modules.

``UtcDateTime`` is how every timestamp leaves the API: ISO-8601 in UTC with a ``Z`` and
milliseconds, the format of the real v4 API (``2021-12-16T21:44:46.333Z``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from pydantic import PlainSerializer


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
