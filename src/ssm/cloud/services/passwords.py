"""Password-change links: a single-use, expiring token per link, stored as its SHA-256.

``issue_token`` runs inside the caller's transaction (activation issues one for the
administrator). ``set_password`` consumes the token with a conditional ``UPDATE … WHERE
used_at IS NULL AND expires_at > now`` whose row count decides, and stores the argon2 hash
in the same transaction, so two submissions of one link change the password once.

A new password, by link or from the profile (``store_password``), ends the user's web
sessions and expires their other links in the same transaction: whoever held a session,
or a link from before, no longer gets in with it.
"""

from __future__ import annotations

import enum
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ssm.cloud import _secrets, messages
from ssm.cloud.db import Database
from ssm.cloud.models import PasswordToken, User, WebSession
from ssm.cloud.services import password_policy

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


def check_new_password(
    password: str, confirmation: str, personal: Sequence[str] = ()
) -> str | None:
    """The French reason the pair is refused, or ``None`` when it is acceptable.

    ``personal`` is the person's e-mail address and names, which the password may not hold.
    """
    problem = password_policy.weakness(password, personal)
    if problem is None and password != confirmation:
        return messages.MDP_MISMATCH
    return problem


def personal_words(db: Database, token: str) -> list[str]:
    """The e-mail address and names of the user a link's token belongs to (none if unknown)."""
    with db.read() as session:
        row = session.execute(
            select(User.email, User.first_name, User.last_name)
            .join(PasswordToken, PasswordToken.user_id == User.id)
            .where(PasswordToken.token_hash == _secrets.hash_secret(token))
        ).one_or_none()
    return [value for value in row or () if value]


def store_password(
    session: Session,
    user_id: int,
    password_hash: str,
    *,
    now: datetime,
    keep_session: str | None = None,
) -> None:
    """Store ``password_hash`` on ``user_id``, end their web sessions, expire their links.

    Runs in the caller's transaction; expired links show the « lien expiré » page. Only the
    session of token ``keep_session`` (the one that changed the password) stays open.
    """
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(password_hash=password_hash, password_changed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(PasswordToken)
        .where(
            PasswordToken.user_id == user_id,
            PasswordToken.used_at.is_(None),
            PasswordToken.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    ended = delete(WebSession).where(WebSession.user_id == user_id)
    if keep_session is not None:
        ended = ended.where(WebSession.token_hash != _secrets.hash_secret(keep_session))
    session.execute(ended)


def set_password(db: Database, token: str, password: str, *, now: datetime) -> bool:
    """Consume ``token`` and store ``password``'s argon2 hash on its user (``store_password``).

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
        store_password(session, user_id, password_hash, now=now)
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
