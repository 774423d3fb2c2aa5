"""Which records a web user sees: by role, through the records' ``owner_id``.

An admin sees everything (``None``); a manager sees their own records and those of the
users whose ``manager_id`` is theirs; a sales rep sees their own. Record pages filter with
``visible_owner_ids``::

    owners = visible_owner_ids(session, user)
    query = select(Account).where(Account.instance_id == user.instance_id)
    if owners is not None:
        query = query.where(Account.owner_id.in_(owners))
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ssm.cloud.models import User
from ssm.cloud.services.web_sessions import WebUser


def visible_owner_ids(session: Session, user: WebUser) -> set[int] | None:
    """The owner ids whose records ``user`` sees, or ``None`` for all of the instance."""
    if user.role == "admin":
        return None
    if user.role == "manager":
        team = session.scalars(
            select(User.id).where(
                User.instance_id == user.instance_id,
                User.manager_id == user.user_id,
            )
        ).all()
        return {user.user_id, *team}
    return {user.user_id}
