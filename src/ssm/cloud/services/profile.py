"""« Mon profil »: a signed-in person changes their own password.

The current password is checked against its argon2 hash first, so a session left open
on a shared computer is not enough to take the account over; the web page rate-limits
that check. On success every web session of the person ends and every earlier password
link expires (``passwords.store_password``); the browser in use is signed in again under
a new session token, so it stays open.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ssm.cloud.db import Database
from ssm.cloud.models import User
from ssm.cloud.services import passwords, web_sessions
from ssm.cloud.services.web_sessions import WebUser


def change_password(
    db: Database, user: WebUser, current: str, new: str, *, token: str, now: datetime
) -> str | None:
    """Store ``new`` if ``current`` is the user's password and return the new session token.

    Returns ``None`` (nothing changed) when ``current`` is wrong or the session ``token``
    ended meanwhile.
    """
    with db.read() as session:
        stored = session.scalars(
            select(User.password_hash).where(
                User.id == user.user_id, User.instance_id == user.instance_id
            )
        ).one_or_none()
    if stored is None or not passwords.verify_password(stored, current):
        return None
    new_hash = passwords.hash_password(new)
    with db.write() as session:
        kept = web_sessions.reopen(session, token, now=now)
        if kept is None:
            return None
        passwords.store_password(session, user.user_id, new_hash, now=now, keep_session=kept)
    return kept
