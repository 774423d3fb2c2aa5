"""Web logins: check an e-mail and password, open a session, find who a cookie belongs to.

A web session lives in the database like an API session (only the cookie token's SHA-256
is stored), so any worker recognises it, and its expiry is fixed from login. A failed
login says nothing about why: an unknown e-mail costs one argon2 verification too, so the
answer time does not tell whether the address exists.

The same e-mail may belong to users of several instances (a reseller's, say): each
candidate's hash is tried in ``id`` order and the first match wins. Choosing among them is
left to the web app's next step.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ssm.cloud import _secrets
from ssm.cloud.db import Database
from ssm.cloud.models import Instance, User, WebSession
from ssm.cloud.services import passwords

ROLES: tuple[str, ...] = ("admin", "manager", "rep")
"""The web app's roles, most powerful first."""

_WEB_ROLE = {"administrator": "admin", "manager": "manager", "user": "rep"}
_STORED_ROLE = {web: stored for stored, web in _WEB_ROLE.items()}


def web_role(stored: str) -> str:
    """The web app's name (admin, manager, rep) of a stored ``User.role``."""
    return _WEB_ROLE.get(stored, "rep")


def stored_role(role: str) -> str:
    """The stored ``User.role`` of a web role (``ValueError`` for an unknown one)."""
    try:
        return _STORED_ROLE[role]
    except KeyError:
        raise ValueError(role) from None


@dataclass(frozen=True, slots=True)
class WebUser:
    """Who a web session belongs to, with what the pages show about them.

    ``role`` is ``"admin"``, ``"manager"`` or ``"rep"``; ``plan`` is the instance's
    ``"starter"`` or ``"professional"``.
    """

    user_id: int
    instance_id: int
    first_name: str
    company_name: str
    role: str = "rep"
    email: str = ""
    last_name: str = ""
    plan: str = "starter"

    @property
    def display_name(self) -> str:
        """« Prénom Nom », else the e-mail."""
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.email


@functools.cache
def _decoy_hash() -> str:
    """An argon2 hash to verify against when no user has the e-mail (same cost, no oracle)."""
    return passwords.hash_password(_secrets.new_session_token())


def _find_user(db: Database, email: str, password: str) -> User | None:
    """The live user with ``email`` whose password is ``password``, if any."""
    with db.read() as session:
        candidates = session.scalars(
            select(User)
            .where(
                func.lower(User.email) == email.strip().lower(),
                User.password_hash.is_not(None),
                User.deleted.is_(False),
                User.active.is_(True),
                User.deactivated_at.is_(None),
            )
            .order_by(User.id)
        ).all()
    if not candidates:
        passwords.verify_password(_decoy_hash(), password)
        return None
    for user in candidates:
        assert user.password_hash is not None
        if passwords.verify_password(user.password_hash, password):
            return user
    return None


def sign_in(
    db: Database, email: str, password: str, *, now: datetime, ttl: timedelta
) -> str | None:
    """Open a session for the user with ``email`` and ``password``; return its token.

    Returns ``None``, whatever the reason, when the pair matches no live user. The user's
    expired sessions are deleted on the way, so the table stays small without a job.
    """
    user = _find_user(db, email, password)
    if user is None:
        return None
    with db.write() as session:
        session.execute(
            delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now)
        )
        return _open(session, user.id, user.instance_id, now=now, expires_at=now + ttl)


def _open(
    session: Session, user_id: int, instance_id: int, *, now: datetime, expires_at: datetime
) -> str:
    """Add a session for ``user_id`` in ``session``'s transaction; return its token."""
    token = _secrets.new_session_token()
    session.add(
        WebSession(
            token_hash=_secrets.hash_secret(token),
            user_id=user_id,
            instance_id=instance_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return token


def reopen(session: Session, token: str, *, now: datetime) -> str | None:
    """A new session like ``token``'s (same user, same fixed expiry); its token, if any.

    A password change keeps the person signed in under a new token, so a copy of the old
    cookie, wherever it went, is worth nothing once the old session ends.
    """
    old = session.execute(
        select(WebSession.user_id, WebSession.instance_id, WebSession.expires_at).where(
            WebSession.token_hash == _secrets.hash_secret(token), WebSession.expires_at > now
        )
    ).one_or_none()
    if old is None:
        return None
    return _open(session, old.user_id, old.instance_id, now=now, expires_at=old.expires_at)


def current_user(db: Database, token: str | None, *, now: datetime) -> WebUser | None:
    """The user a session token belongs to, or ``None`` (no, unknown or expired token)."""
    if not token:
        return None
    with db.read() as session:
        row = session.execute(
            select(
                User.id,
                User.instance_id,
                User.first_name,
                User.last_name,
                User.email,
                User.role,
                Instance.name,
                Instance.plan,
            )
            .join(WebSession, WebSession.user_id == User.id)
            .join(Instance, Instance.id == User.instance_id)
            .where(
                WebSession.token_hash == _secrets.hash_secret(token),
                WebSession.instance_id == User.instance_id,
                WebSession.expires_at > now,
                User.deleted.is_(False),
                User.active.is_(True),
                User.deactivated_at.is_(None),
            )
        ).one_or_none()
    if row is None:
        return None
    return WebUser(
        user_id=row.id,
        instance_id=row.instance_id,
        first_name=row.first_name or row.email or "",
        company_name=row.name,
        role=web_role(row.role),
        email=row.email or "",
        last_name=row.last_name or "",
        plan=row.plan or "starter",
    )


def sign_out(db: Database, token: str) -> None:
    """Delete the session of ``token`` (nothing happens if there is none)."""
    with db.write() as session:
        session.execute(
            delete(WebSession).where(WebSession.token_hash == _secrets.hash_secret(token))
        )


def end_sessions(session: Session, user_id: int) -> None:
    """Delete every web session of ``user_id`` in ``session``'s transaction (deactivation)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
