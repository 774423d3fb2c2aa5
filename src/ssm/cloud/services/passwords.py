"""Password-change links: a single-use, expiring token per link, stored as its SHA-256.

``issue_token`` runs inside the caller's transaction (activation issues one for the
administrator). ``set_password`` consumes the token with a conditional ``UPDATE … WHERE
used_at IS NULL AND expires_at > now`` whose row count decides, and stores the argon2 hash
in the same transaction, so two submissions of one link change the password once.
"""

from __future__ import annotations

import enum
import hmac
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ssm.cloud import _messages, _secrets
from ssm.cloud._db import Database
from ssm.cloud._models import PasswordToken, User

MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()


class TokenState(enum.Enum):
    """What a link's token is worth now."""

    VALID = "valid"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def issue_token(
    session: Session, *, instance_id: int, user_id: int, now: datetime, ttl: timedelta
) -> str:
    """Store a new token for ``user_id`` in ``session``'s transaction; return it in clear."""
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordToken(
            instance_id=instance_id,
            user_id=user_id,
            token_hash=_secrets.hash_secret(token),
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return token


def token_state(db: Database, token: str, *, now: datetime) -> TokenState:
    """Whether ``token`` can still change a password, and if not why."""
    with db.read() as session:
        row = session.scalars(
            select(PasswordToken).where(PasswordToken.token_hash == _secrets.hash_secret(token))
        ).one_or_none()
    if row is None:
        return TokenState.UNKNOWN
    if row.used_at is not None:
        return TokenState.USED
    if row.expires_at <= now:
        return TokenState.EXPIRED
    return TokenState.VALID


def csrf_token(token: str) -> str:
    """The form's anti-forgery value, tied to the link's token (no server-side state)."""
    return _secrets.hash_secret("csrf:" + token)


def same_csrf(token: str, value: str) -> bool:
    """Whether ``value`` is ``token``'s anti-forgery value (constant-time).

    ``value`` comes from a form: compared as UTF-8 bytes, since ``compare_digest`` raises on
    a non-ASCII ``str`` (a 500 for anyone who sends one).
    """
    return hmac.compare_digest(csrf_token(token).encode(), value.encode("utf-8", "surrogatepass"))


def check_new_password(password: str, confirmation: str) -> str | None:
    """The French reason the pair is refused, or ``None`` when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _messages.MDP_TOO_SHORT.format(minimum=MIN_PASSWORD_LENGTH)
    if password != confirmation:
        return _messages.MDP_MISMATCH
    return None


def set_password(db: Database, token: str, password: str, *, now: datetime) -> bool:
    """Consume ``token`` and store ``password``'s argon2 hash on its user.

    Returns ``False`` (and changes nothing) when the token is unknown, used or expired.
    """
    password_hash = hash_password(password)
    with db.write() as session:
        user_id = session.execute(
            update(PasswordToken)
            .where(
                PasswordToken.token_hash == _secrets.hash_secret(token),
                PasswordToken.used_at.is_(None),
                PasswordToken.expires_at > now,
            )
            .values(used_at=now)
            .returning(PasswordToken.user_id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if user_id is None:
            return False
        session.execute(
            update(User)
            .where(User.id == user_id)
            .values(password_hash=password_hash, password_changed_at=now)
            .execution_options(synchronize_session=False)
        )
    return True


def hash_password(password: str) -> str:
    """The argon2 hash of ``password``, as stored on the user."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches a stored argon2 hash (the web login)."""
    try:
        return _hasher.verify(password_hash, password)
    except Exception:  # argon2 raises VerifyMismatchError, InvalidHashError, ...
        return False
