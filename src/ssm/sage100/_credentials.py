"""Sage login passwords: argon2 hashes in ``F_PROTECTIONCIAL.PROT_Pwd``, never clear text.

The generator derives the salt from its seed so that a demo company is byte-for-byte
reproducible; verification uses argon2's own encoded parameters, so any argon2 hash works.
"""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret

__all__ = ["hash_password", "verify_password"]

_HASHER = PasswordHasher()
#: A real hash checked when the user is unknown, so both failures take the same time.
_DUMMY_HASH = _HASHER.hash("no such user")


def hash_password(password: str, salt_seed: str) -> str:
    """Hash ``password`` with argon2id, salting with a digest of ``salt_seed``."""
    salt = hashlib.sha256(salt_seed.encode()).digest()[:16]
    encoded = hash_secret(
        password.encode(),
        salt,
        time_cost=_HASHER.time_cost,
        memory_cost=_HASHER.memory_cost,
        parallelism=_HASHER.parallelism,
        hash_len=_HASHER.hash_len,
        type=Type.ID,
    )
    return encoded.decode()


def verify_password(stored: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``stored`` (None: unknown user, still hashed)."""
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
