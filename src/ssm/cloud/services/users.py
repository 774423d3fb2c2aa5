"""Users of an instance as a bulk resource: Sage sales reps, matched by e-mail.

A rep whose e-mail belongs to a user without ``extId`` (the administrator created at
activation, or a user created in the CRM) binds to that user instead of creating a second
one. An e-mail already used by another user, or twice in one batch, is refused with
``duplicate_email``: the table has one address per user and instance.
"""

from __future__ import annotations

from sqlalchemy import RowMapping, func, or_, select
from sqlalchemy.orm import Session

from ssm.cloud import _messages
from ssm.cloud._models import User
from ssm.cloud.schemas._fields import ItemProblem
from ssm.cloud.schemas.users import FIELDS
from ssm.cloud.services._resource import Pending, Resource


def _duplicate(email: str) -> ItemProblem:
    return ItemProblem("duplicate_email", _messages.DUPLICATE_EMAIL.format(email=email))


class Users(Resource):
    """Sales reps (Sage ``F_COLLABORATEUR``), keyed by ``CO_No``, matched by e-mail."""

    name = "users"
    model = User
    fields = FIELDS
    label = "un utilisateur"
    read_only = ("invited",)

    def prepare(self, pendings: list[Pending]) -> None:
        """The later of two items with one e-mail is ``duplicate_email``."""
        seen: set[str] = set()
        for pending in pendings:
            email = pending.values.get("email")
            if email is None:
                continue
            if email in seen:
                pending.error = _duplicate(email)
            seen.add(email)

    def load_existing(
        self, session: Session, instance_id: int, pendings: list[Pending]
    ) -> dict[str, RowMapping]:
        """Stored users by ``extId``, else by e-mail when that user has no ``extId`` yet."""
        ext_ids = [pending.ext_id for pending in pendings]
        emails = [p.values["email"] for p in pendings if p.values.get("email") is not None]
        rows = list(
            session.execute(
                select(*self.stored_columns).where(
                    User.instance_id == instance_id,
                    or_(User.ext_id.in_(ext_ids), func.lower(User.email).in_(emails)),
                )
            ).mappings()
        )
        by_ext_id = {row["ext_id"]: row for row in rows if row["ext_id"] is not None}
        by_email = {row["email"].lower(): row for row in rows if row["email"] is not None}
        existing: dict[str, RowMapping] = {}
        for pending in pendings:
            email = pending.values.get("email")
            holder = None if email is None else by_email.get(email)
            stored = by_ext_id.get(pending.ext_id)
            if stored is None and holder is not None and holder["ext_id"] is None:
                stored = holder
            elif holder is not None and (stored is None or holder["id"] != stored["id"]):
                pending.error = _duplicate(str(email))
                continue
            if stored is not None:
                existing[pending.ext_id] = stored
        return existing


USERS = Users()
