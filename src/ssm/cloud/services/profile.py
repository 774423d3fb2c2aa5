"""« Mon profil »: a signed-in person changes their own password.

The current password is checked against its argon2 hash first, so a session left open
on a shared computer is not enough to take the account over. On success the person's
other web sessions end (elsewhere signed-in browsers must sign in again) and the one in
use stays open.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from ssm.cloud import _secrets
from ssm.cloud._db import Database
from ssm.cloud._models import User, WebSession
from ssm.cloud.services import passwords
from ssm.cloud.services.web_sessions import WebUser


def change_password(
    db: Database, user: WebUser, current: str, new: str, *, keep_token: str, now: datetime
) -> bool:
    """Store ``new`` if ``current`` is the user's password; ``False`` (nothing changed) else."""
    with db.read() as session:
        stored = session.scalars(
            select(User.password_hash).where(
                User.id == user.user_id, User.instance_id == user.instance_id
            )
        ).one_or_none()
    if stored is None or not passwords.verify_password(stored, current):
        return False
    new_hash = passwords.hash_password(new)
    with db.write() as session:
        row = session.scalars(
            select(User).where(User.id == user.user_id, User.instance_id == user.instance_id)
        ).one()
        row.password_hash = new_hash
        row.password_changed_at = now
        session.execute(
            delete(WebSession).where(
                WebSession.user_id == user.user_id,
                WebSession.token_hash != _secrets.hash_secret(keep_token),
            )
        )
    return True
