r"""Text that enters the cloud: the NUL character refused, long texts cut.

PostgreSQL's ``text`` (and ``jsonb``) cannot hold ``\x00``: a NUL in any value sent to it
fails the whole statement, so one bad string in a 200-item batch would refuse its valid
items too. SQLite stores it, but no Sage field or e-mail address holds one. Refusing it at
every entrance (pydantic bodies, bulk items, forms, query parameters) gives one behaviour on
both databases and a 4xx instead of a 500.
"""

from __future__ import annotations

NUL = "\x00"


def has_nul(value: object) -> bool:
    """Whether ``value``, a string or a JSON list or object of them, holds a NUL anywhere."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    return False


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, « … » marking the cut.

    For texts where a cut loses less than a refusal: a connector's error message or the
    reason a stream stopped, whose whole report would otherwise be refused.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
