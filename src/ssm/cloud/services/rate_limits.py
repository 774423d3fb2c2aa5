"""Rate limits kept in the database: one fixed-window counter per key.

The service keeps no state in process memory, so the counters live in the ``rate_limits``
table, where every worker sharing the database sees the same numbers. A key names what is
counted: ``login:ip:203.0.113.7``, ``login:email:<SHA-256 of the address>``, both
(``login:ip-email:<SHA-256>``), ``activation:ip:…``, ``forgot:ip:…``, ``forgot:email:…``,
``profile:user:<id>``, ``invitation:instance:<id>``, ``invitation:email:…`` (addresses are
hashed so the table holds no personal data in clear).

``hit`` refuses a request over a limit; ``record`` only counts (a failure remembered for
later) and ``window`` reads a counter without counting.

A window is fixed and starts at the first hit after the previous window expired. Each hit is
one ``INSERT … ON CONFLICT (key) DO UPDATE … RETURNING``: the database increments the
counter (or restarts an expired window) and answers the new count in the same statement, so
two workers hitting one key at the same instant both count, on SQLite and on PostgreSQL.
Every hit of a request is counted in one transaction; a hit over the limit still counts, but
never extends the window, so a client that keeps trying is served again when it ends.

Expired rows are deleted whenever some key starts a new window (an indexed ``DELETE``), so
the table holds roughly the keys of the last hour without a background job.

Usage::

    limits = RateLimits.from_settings(settings)
    rate_limits.hit(db, [(ip_key("login", request), limits.login_ip)], now=now)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import Table, case, delete, select
from sqlalchemy.orm import Session

from ssm.cloud import _secrets
from ssm.cloud.db import Database, upsert_insert
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.models import RateLimit
from ssm.cloud.settings import CloudSettings

_TABLE: Table = RateLimit.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``hits`` hits per ``window`` on one key; ``hits == 0`` switches it off."""

    hits: int
    window: timedelta


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The limits the service applies, from its settings (see ``docs/cloud.md``)."""

    login_ip: Limit
    login_ip_email: Limit
    login_email: Limit
    activation_ip: Limit
    forgot_ip: Limit
    forgot_email: Limit
    password_change_user: Limit
    invitation_instance: Limit
    invitation_recipient: Limit

    @classmethod
    def from_settings(cls, settings: CloudSettings) -> RateLimits:
        """The limits of ``settings``; the windows are fixed here and documented."""
        minute, hour = timedelta(minutes=1), timedelta(hours=1)
        return cls(
            login_ip=Limit(settings.rate_limit_login_per_ip, minute),
            login_ip_email=Limit(settings.rate_limit_login_per_ip_and_email, 15 * minute),
            login_email=Limit(settings.rate_limit_login_failures_per_email, 15 * minute),
            activation_ip=Limit(settings.rate_limit_activation_per_ip, minute),
            forgot_ip=Limit(settings.rate_limit_forgot_per_ip, hour),
            forgot_email=Limit(settings.rate_limit_forgot_per_email, hour),
            password_change_user=Limit(settings.rate_limit_password_change_per_user, 15 * minute),
            invitation_instance=Limit(settings.rate_limit_invitations_per_instance, hour),
            invitation_recipient=Limit(settings.rate_limit_invitations_per_recipient, 24 * hour),
        )


def ip_key(kind: str, request: Request) -> str:
    """The key counting ``kind`` for the request's client address.

    Behind a reverse proxy, list it in ``SSM_CLOUD_TRUSTED_PROXIES`` so the address is the
    client's, not the proxy's; nobody else's ``X-Forwarded-For`` is believed.
    """
    address = request.client.host if request.client is not None else "unknown"
    return f"{kind}:ip:{address}"


def email_key(kind: str, email: str) -> str:
    """The key counting ``kind`` for an e-mail address (hashed, case and spaces ignored)."""
    return f"{kind}:email:{_secrets.hash_secret(email.strip().lower())}"


def ip_email_key(kind: str, request: Request, email: str) -> str:
    """The key counting ``kind`` for one e-mail address from the request's client address.

    Both are hashed together, so the key stays short whatever the address looks like.
    """
    pair = f"{ip_key(kind, request)} {email.strip().lower()}"
    return f"{kind}:ip-email:{_secrets.hash_secret(pair)}"


def _increment(session: Session, key: str, limit: Limit, now: datetime) -> tuple[int, datetime]:
    """Count one hit on ``key``; return the window's hits so far and its end."""
    insert = upsert_insert(session, _TABLE).values(key=key, hits=1, expires_at=now + limit.window)
    expired = _TABLE.c.expires_at <= now
    statement = insert.on_conflict_do_update(
        index_elements=[_TABLE.c.key],
        set_={
            "hits": case((expired, 1), else_=_TABLE.c.hits + 1),
            "expires_at": case((expired, insert.excluded.expires_at), else_=_TABLE.c.expires_at),
        },
    ).returning(_TABLE.c.hits, _TABLE.c.expires_at)
    row = session.execute(statement).one()
    return int(row.hits), row.expires_at


def hit(db: Database, hits: Sequence[tuple[str, Limit]], *, now: datetime) -> None:
    """Count one hit on each key of ``hits``, in one transaction.

    Raises:
        RateLimitedError: some key is over its limit; ``retry_after`` is the number of
            seconds until the last of those windows ends (at least 1).
    """
    waits = _count(db, hits, now=now)
    if waits:
        raise RateLimitedError(retry_after=max(1, math.ceil(max(waits))))


def record(db: Database, key: str, limit: Limit, *, now: datetime) -> None:
    """Count one hit on ``key`` without refusing anything (a failure, for later checks)."""
    _count(db, [(key, limit)], now=now)


def window(db: Database, key: str, *, now: datetime) -> tuple[int, datetime]:
    """The hits counted on ``key`` in its current window and when it ends (0 and ``now``)."""
    with db.read() as session:
        row = session.execute(
            select(RateLimit.hits, RateLimit.expires_at).where(
                RateLimit.key == key, RateLimit.expires_at > now
            )
        ).one_or_none()
    return (0, now) if row is None else (int(row.hits), row.expires_at)


def _count(db: Database, hits: Sequence[tuple[str, Limit]], *, now: datetime) -> list[float]:
    """Count one hit on each active key; the seconds left of each window over its limit."""
    active = [(key, limit) for key, limit in hits if limit.hits > 0]
    if not active:
        return []
    waits: list[float] = []
    with db.write() as session:
        new_window = False
        for key, limit in active:
            count, expires_at = _increment(session, key, limit, now)
            new_window = new_window or count == 1
            if count > limit.hits:
                waits.append((expires_at - now).total_seconds())
        if new_window:
            session.execute(delete(RateLimit).where(RateLimit.expires_at <= now))
    return waits


def reset(db: Database, key: str) -> None:
    """Forget ``key``'s counter (a successful login clears its e-mail's failures)."""
    with db.write() as session:
        session.execute(delete(RateLimit).where(RateLimit.key == key))
