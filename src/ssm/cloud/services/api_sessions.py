"""Login with an API key pair, and authenticate a session token.

Sessions live in the database (only the token's SHA-256 is stored), so any worker can check
a token issued by another. Expiry is **fixed**: a token is valid ``ttl`` after login and is
not extended by use. A sliding expiry would turn every read into a database write; clients
already log in again on a 401, as they must with the real v4 API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select

from ssm.cloud import _secrets, messages
from ssm.cloud.db import Database
from ssm.cloud.errors import InvalidCredentialsError, SessionError
from ssm.cloud.models import ApiKey, ApiSession
from ssm.cloud.services.changes import Author


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the instance every query is scoped to, and the key used."""

    instance_id: int
    api_key_id: int

    @property
    def author(self) -> Author:
        """The key as the author of the CRM changes this call makes (the change feed)."""
        return Author(api_key_id=self.api_key_id)


def login(db: Database, public_key: str, private_key: str, *, now: datetime, ttl: timedelta) -> str:
    """Check the key pair and open a session; return the token in clear.

    Expired sessions of the same key are deleted on the way, so the table stays small
    without a background job.

    Raises:
        InvalidCredentialsError: unknown public key, revoked key or wrong private key.
    """
    token = _secrets.new_session_token()
    with db.write() as session:
        key = session.execute(
            select(ApiKey.id, ApiKey.instance_id, ApiKey.private_key_hash).where(
                ApiKey.public_key == public_key, ApiKey.revoked_at.is_(None)
            )
        ).one_or_none()
        if key is None or not _secrets.same_hash(private_key, key.private_key_hash):
            raise InvalidCredentialsError()
        session.execute(
            delete(ApiSession).where(ApiSession.api_key_id == key.id, ApiSession.expires_at <= now)
        )
        session.add(
            ApiSession(
                token_hash=_secrets.hash_secret(token),
                api_key_id=key.id,
                instance_id=key.instance_id,
                created_at=now,
                expires_at=now + ttl,
            )
        )
    return token


_CALLER = (
    select(ApiSession.instance_id, ApiSession.api_key_id)
    .join(ApiKey, ApiKey.id == ApiSession.api_key_id)
    .where(
        ApiSession.token_hash == bindparam("token_hash"),
        ApiSession.expires_at > bindparam("now"),
        ApiKey.revoked_at.is_(None),
    )
)
"""The live session of a token's hash, built once: every API request runs it."""


def authenticate(db: Database, token: str | None, *, now: datetime) -> Caller:
    """Return the caller a session token belongs to.

    Raises:
        SessionError: no token (``session_required``), or an unknown or expired one
            (``invalid_session``).
    """
    if not token:
        raise SessionError(messages.SESSION_REQUIRED, code="session_required")
    with db.read() as session:
        row = session.execute(
            _CALLER, {"token_hash": _secrets.hash_secret(token), "now": now}
        ).one_or_none()
    if row is None:
        raise SessionError()
    return Caller(instance_id=row.instance_id, api_key_id=row.api_key_id)
