"""« Recevoir un nouveau lien »: a new single-use password link sent to an e-mail address.

Whoever asks gets the same answer whether or not the address belongs to someone (the page
says so in one sentence), so the form tells nothing about which addresses exist. Only
users who may sign in get a link: live, active and not deactivated, and the administrator,
an invited user or one who already chose a password; a Sage sales rep synchronised but
not yet invited gets nothing, so the form cannot bypass the invitation. One address may
belong to users of several instances: each gets its own e-mail, naming its instance.

Tokens and e-mails are stored in one transaction (``prepare_new_links``) and delivered
after the commit (``deliver``), which the web page runs after its answer is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.models import Instance, OutboxMessage, User
from ssm.cloud.services import mail, passwords
from ssm.cloud.services.activation import Welcome


@dataclass(frozen=True)
class PendingMail:
    """A stored e-mail and its real body (with the clear link), to deliver after the commit."""

    row: OutboxMessage
    body: str


def prepare_new_links(
    db: Database, email: str, *, now: datetime, links: Welcome
) -> list[PendingMail]:
    """Store a new link and its e-mail for every user who may sign in with ``email``."""
    address = email.strip().lower()
    if not address:
        return []
    pending: list[PendingMail] = []
    hours = int(links.token_ttl.total_seconds() // 3600)
    with db.write() as session:
        users = session.execute(
            select(User.id, User.instance_id, User.first_name, User.email, Instance.name)
            .join(Instance, Instance.id == User.instance_id)
            .where(
                func.lower(User.email) == address,
                User.deleted.is_(False),
                User.active.is_(True),
                User.deactivated_at.is_(None),
                or_(
                    User.role == "administrator",
                    User.invited.is_(True),
                    User.password_hash.is_not(None),
                ),
            )
            .order_by(User.id)
        ).all()
        for user in users:
            assert user.email is not None
            token = passwords.issue_token(
                session,
                instance_id=user.instance_id,
                user_id=user.id,
                now=now,
                ttl=links.token_ttl,
            )
            fields = {"first_name": user.first_name or user.email, "company": user.name}
            row = mail.queue(
                session,
                instance_id=user.instance_id,
                recipient=user.email,
                subject=messages.RESET_SUBJECT,
                stored_body=mail.compose(
                    messages.RESET_BODY,
                    link=messages.MASKED_LINK,
                    email=user.email,
                    hours=hours,
                    **fields,
                ),
                now=now,
            )
            body = mail.compose(
                messages.RESET_BODY,
                link=links.link(token),
                email=user.email,
                hours=hours,
                **fields,
            )
            pending.append(PendingMail(row, body))
    return pending


def deliver(
    db: Database, mailer: mail.Mailer, pending: list[PendingMail], *, now: datetime
) -> None:
    """Deliver what ``prepare_new_links`` stored (failures are recorded on each message)."""
    for item in pending:
        mail.deliver(db, mailer, item.row, body=item.body, now=now)
