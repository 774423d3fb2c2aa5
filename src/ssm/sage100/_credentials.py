"""Sage login passwords as the emulator keeps them: a 32-byte digest in ``PROT_Hash``.

Sage 100 keeps a ``binary(32)`` ``PROT_Hash`` in ``F_PROTECTIONCIAL`` and no password
column; how Sage computes it is not public. A user whose ``PROT_Hash`` is NULL has no
password and logs in with an empty one, as on a fresh Sage. The emulator fills
``PROT_Hash`` with its own digest, argon2id salted with the user's ``PROT_Guid``: never
Sage's algorithm, so a real Sage's hashes cannot be checked here (on SQL Server, SQL
Server itself checks the connection's credentials).
"""

from __future__ import annotations

import hmac
import uuid

from argon2.low_level import Type, hash_secret_raw

__all__ = ["hash_password", "verify_password"]

#: argon2id costs: about 50 ms a check, like argon2-cffi's defaults.
_TIME_COST, _MEMORY_COST, _PARALLELISM = 3, 65536, 4
_DIGEST_SIZE = 32


def hash_password(password: str, guid: str) -> bytes | None:
    """The ``PROT_Hash`` of ``password`` for the user whose ``PROT_Guid`` is ``guid``.

    An empty password gives None: the user has no password.
    """
    if not password:
        return None
    return hash_secret_raw(
        password.encode(),
        uuid.UUID(guid).bytes,
        time_cost=_TIME_COST,
        memory_cost=_MEMORY_COST,
        parallelism=_PARALLELISM,
        hash_len=_DIGEST_SIZE,
        type=Type.ID,
    )


def verify_password(stored: bytes | None, guid: str | None, password: str) -> bool:
    """Tell whether ``password`` is the one ``stored`` (``PROT_Hash``) was made from."""
    if stored is None:
        return password == ""
    if guid is None or not password:
        return False
    computed = hash_password(password, guid)
    return computed is not None and hmac.compare_digest(computed, bytes(stored))
