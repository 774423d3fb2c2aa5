"""An instance's API key pairs: made by activation or by an administrator, listed, revoked.

A pair is a public key (stored in clear: it names the pair) and a private key of which only
the SHA-256 is stored, so the private key exists once, in the answer that hands it out
(the activation's JSON or the « Connecteur » page right after « Créer »). Activation and the
page share ``new_key_pair``: one way to make a pair.

Revoking stamps ``revoked_at``. Login refuses a revoked pair and every API request checks
the pair of its session (``services.api_sessions``), so a revoked pair fails at once, with
its open sessions. The sessions are kept: their ``created_at`` is when the pair last
logged in, the « dernière utilisation » the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from ssm.cloud import _secrets
from ssm.cloud.db import Database
from ssm.cloud.errors import NotFoundError
from ssm.cloud.models import ApiKey, ApiSession


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A pair as the page lists it: never its private key."""

    id: int
    public_key: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewKeyPair:
    """A pair just made, with its private key in clear (shown once, never stored)."""

    id: int
    public_key: str
    private_key: str = field(repr=False)


def new_key_pair(session: Session, instance_id: int, now: datetime) -> tuple[ApiKey, str]:
    """Add a new API key pair for ``instance_id``; return the row and the private key."""
    private_key = _secrets.new_private_key()
    api_key = ApiKey(
        instance_id=instance_id,
        public_key=_secrets.new_public_key(),
        private_key_hash=_secrets.hash_secret(private_key),
        created_at=now,
    )
    session.add(api_key)
    session.flush()
    return api_key, private_key


def create_key_pair(db: Database, instance_id: int, *, now: datetime) -> NewKeyPair:
    """A new pair for ``instance_id`` (« Installation avancée » of another connector)."""
    with db.write() as session:
        api_key, private_key = new_key_pair(session, instance_id, now)
        return NewKeyPair(api_key.id, api_key.public_key, private_key)


_LAST_USED = (
    select(func.max(ApiSession.created_at))
    .where(ApiSession.api_key_id == ApiKey.id)
    .correlate(ApiKey)
    .scalar_subquery()
)


def _pairs(session: Session, instance_id: int, *conditions: ColumnElement[bool]) -> list[KeyPair]:
    rows = session.execute(
        select(ApiKey.id, ApiKey.public_key, ApiKey.created_at, _LAST_USED, ApiKey.revoked_at)
        .where(ApiKey.instance_id == instance_id, *conditions)
        .order_by(ApiKey.id.desc())
    ).all()
    return [KeyPair(*row) for row in rows]


def list_key_pairs(db: Database, instance_id: int) -> list[KeyPair]:
    """The instance's pairs, newest first, revoked ones included."""
    with db.read() as session:
        return _pairs(session, instance_id)


def get_key_pair(db: Database, instance_id: int, key_id: int) -> KeyPair:
    """One pair of ``instance_id``.

    Raises:
        NotFoundError: no such pair in this instance.
    """
    with db.read() as session:
        found = _pairs(session, instance_id, ApiKey.id == key_id)
    if not found:
        raise NotFoundError()
    return found[0]


def revoke_key_pair(db: Database, instance_id: int, key_id: int, *, now: datetime) -> None:
    """Revoke a pair of ``instance_id`` from ``now`` on (revoking it again changes nothing).

    Raises:
        NotFoundError: no such pair in this instance.
    """
    with db.write() as session:
        exists = session.execute(
            select(ApiKey.id).where(ApiKey.id == key_id, ApiKey.instance_id == instance_id)
        ).first()
        if exists is None:
            raise NotFoundError()
        session.execute(
            update(ApiKey)
            .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
