"""« Inviter »: an e-mail with a single-use, expiring link where the invitee chooses a password.

The invitation is not the administrator's welcome e-mail: its subject is « Invitation à
Sales Management » and it names who invited. The link is a password token
(``services/passwords``), so it works once, expires after ``token_ttl``, and leads to the
same page as every password link; afterwards the invitee signs in with their e-mail. As
everywhere, the stored copy of the e-mail hides the link, and the e-mail leaves after the
transaction that stored it commits. Inviting again sends a new link; the older ones still
work until used or expired, as for « Recevoir un nouveau lien ».

An invitation goes to any address a tenant's Sage data holds, with the tenant's company
and names in it: so that no tenant can use the service as a mail relay, invitations are
rate-limited per instance (``invitation:instance:<id>``) and per recipient
(``invitation:email:<hash>``, across instances), refused with ``invitations_limited``,
and the tenant's text is made safe by ``mail.compose``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.models import Instance, User
from ssm.cloud.services import mail, passwords, rate_limits
from ssm.cloud.services.activation import Welcome
from ssm.cloud.services.password_reset import PendingMail
from ssm.cloud.services.rate_limits import RateLimits
from ssm.cloud.services.user_admin import UserAdminError, find_user, status_of
from ssm.cloud.services.web_sessions import WebUser


def _invitee(session: Session, instance_id: int, user_id: int) -> tuple[User, str]:
    """The user to invite and their address; ``UserAdminError`` when they cannot be."""
    user = find_user(session, instance_id, user_id)
    if user.email is None:
        raise UserAdminError("no_email")
    if status_of(user) == "deactivated":
        raise UserAdminError("deactivated")
    return user, user.email


def _count(db: Database, limits: RateLimits, instance_id: int, email: str, now: datetime) -> None:
    """Count the invitation per instance and per recipient; refuse it over either limit."""
    try:
        rate_limits.hit(
            db,
            [
                (f"invitation:instance:{instance_id}", limits.invitation_instance),
                (rate_limits.email_key("invitation", email), limits.invitation_recipient),
            ],
            now=now,
        )
    except RateLimitedError:
        raise UserAdminError("invitations_limited") from None


def invite(
    db: Database,
    inviter: WebUser,
    user_id: int,
    *,
    now: datetime,
    links: Welcome,
    limits: RateLimits,
) -> PendingMail:
    """Mark ``user_id`` invited, store a new link and its e-mail; deliver it after this.

    Raises:
        UserAdminError: ``not_found`` (not a user of the inviter's instance), ``no_email``,
            ``deactivated`` or ``invitations_limited`` (too many invitations lately).
    """
    hours = int(links.token_ttl.total_seconds() // 3600)
    with db.read() as session:
        recipient = _invitee(session, inviter.instance_id, user_id)[1]
    _count(db, limits, inviter.instance_id, recipient, now)
    with db.write() as session:
        user, email = _invitee(session, inviter.instance_id, user_id)
        company = session.scalars(
            select(Instance.name).where(Instance.id == inviter.instance_id)
        ).one()
        user.invited = True
        user.invited_at = now
        token = passwords.issue_token(
            session, instance_id=user.instance_id, user_id=user.id, now=now, ttl=links.token_ttl
        )
        fields = {
            "first_name": user.first_name or email,
            "inviter": inviter.display_name,
            "company": company,
        }
        row = mail.queue(
            session,
            instance_id=user.instance_id,
            recipient=email,
            subject=messages.INVITATION_SUBJECT,
            stored_body=mail.compose(
                messages.INVITATION_BODY,
                link=messages.MASKED_LINK,
                email=email,
                hours=hours,
                **fields,
            ),
            now=now,
        )
        body = mail.compose(
            messages.INVITATION_BODY, link=links.link(token), email=email, hours=hours, **fields
        )
    return PendingMail(row, body)
