"""The users page's service: list an instance's users, change roles, deactivate.

Every function takes the administrator's ``instance_id`` and looks the target user up
within it, so an id of another instance is simply "not found": no page or form can touch
another tenant's users. Refusals are ``UserAdminError`` with a text key of the users page
(``web/texts/users.py``), shown in the administrator's language.

The list includes the Sage 100 sales reps the connector sent and nobody invited yet
(status ``not_invited``), as well as the administrator created at activation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ssm.cloud.db import Database, in_french_order
from ssm.cloud.models import User
from ssm.cloud.services.web_sessions import ROLES, end_sessions, stored_role, web_role

STATUSES: tuple[str, ...] = ("not_invited", "invited", "active", "deactivated")
"""« Non invité », « Invité », « Actif », « Désactivé »."""


class UserAdminError(Exception):
    """A refused change; ``key`` names its text in the users page's catalogue."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class UserRow:
    """One line of the users page."""

    id: int
    name: str
    email: str | None
    ext_id: str | None
    role: str
    manager_id: int | None
    status: str
    invited_at: datetime | None

    @property
    def can_invite(self) -> bool:
        """Whether « Inviter » applies: an e-mail, and not deactivated."""
        return self.email is not None and self.status != "deactivated"


def status_of(user: User) -> str:
    """The user's status on the users page."""
    if user.deactivated_at is not None or not user.active:
        return "deactivated"
    if user.password_hash is not None:
        return "active"
    if user.invited or user.role == "administrator":
        return "invited"
    return "not_invited"


def display_name(user: User) -> str:
    """« Prénom Nom », else the e-mail, as the pages name a person."""
    return " ".join(p for p in (user.first_name, user.last_name) if p) or user.email or ""


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        name=display_name(user),
        email=user.email,
        ext_id=user.ext_id,
        role=web_role(user.role),
        manager_id=user.manager_id,
        status=status_of(user),
        invited_at=user.invited_at,
    )


def list_users(db: Database, instance_id: int) -> list[UserRow]:
    """The live users of ``instance_id`` by name (the Sage reps not invited included)."""
    with db.read() as session:
        users = session.scalars(
            select(User)
            .where(User.instance_id == instance_id, User.deleted.is_(False))
            .order_by(
                in_french_order(func.coalesce(User.last_name, User.first_name, User.email)),
                User.id,
            )
        ).all()
        return [_row(user) for user in users]


def find_user(session: Session, instance_id: int, user_id: int) -> User:
    """The live user ``user_id`` of ``instance_id``; ``UserAdminError("not_found")`` else."""
    user = session.scalars(
        select(User).where(
            User.id == user_id, User.instance_id == instance_id, User.deleted.is_(False)
        )
    ).one_or_none()
    if user is None:
        raise UserAdminError("not_found")
    return user


def set_role(
    db: Database,
    instance_id: int,
    *,
    actor_id: int,
    user_id: int,
    role: str,
    manager_id: int | None,
) -> None:
    """Give ``user_id`` ``role`` (admin, manager, rep) and ``manager_id`` (or no manager).

    An administrator cannot take the admin role from themselves (the instance would risk
    having none); a manager must be a manager or admin of the instance, never the user.
    """
    if role not in ROLES:
        raise UserAdminError("bad_role")
    with db.write() as session:
        user = find_user(session, instance_id, user_id)
        if user.id == actor_id and role != "admin":
            raise UserAdminError("own_role")
        if manager_id is not None:
            manager = find_user(session, instance_id, manager_id)
            if manager.id == user.id or web_role(manager.role) not in ("admin", "manager"):
                raise UserAdminError("bad_manager")
        if role != "manager" and web_role(user.role) == "manager":
            # The team loses its manager rather than pointing at a rep.
            session.execute(
                update(User)
                .where(User.instance_id == instance_id, User.manager_id == user.id)
                .values(manager_id=None)
                .execution_options(synchronize_session=False)
            )
        user.role = stored_role(role)
        user.manager_id = manager_id


def set_deactivated(
    db: Database, instance_id: int, *, actor_id: int, user_id: int, deactivated: bool, now: datetime
) -> None:
    """« Désactiver » (sign-in refused, sessions ended) or « Réactiver » ``user_id``."""
    with db.write() as session:
        user = find_user(session, instance_id, user_id)
        if user.id == actor_id:
            raise UserAdminError("own_deactivation")
        if deactivated:
            user.deactivated_at = user.deactivated_at or now
            end_sessions(session, user.id)
        else:
            user.deactivated_at = None
