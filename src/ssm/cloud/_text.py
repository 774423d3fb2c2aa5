r"""The NUL character, refused wherever text enters the cloud.

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
