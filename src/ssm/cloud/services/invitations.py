"""« Inviter »: an e-mail with a single-use, expiring link where the invitee chooses a password.

The invitation is not the administrator's welcome e-mail: its subject is « Invitation à
Sales Management » and it names who invited. The link is a password token
(``services/passwords``), so it works once, expires after ``token_ttl``, and leads to the
same page as every password link; afterwards the invitee signs in with their e-mail. As
everywhere, the stored copy of the e-mail hides the link, and the e-mail leaves after the
transaction that stored it commits. Inviting again sends a new link; the older ones still
work until used or expired, as for « Recevoir un nouveau lien ».
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ssm.cloud import _messages
from ssm.cloud._db import Database
from ssm.cloud._models import Instance
from ssm.cloud.services import mail, passwords
from ssm.cloud.services.activation import Welcome
from ssm.cloud.services.password_reset import PendingMail
from ssm.cloud.services.user_admin import UserAdminError, find_user, status_of
from ssm.cloud.services.web_sessions import WebUser


def invite(
    db: Database, inviter: WebUser, user_id: int, *, now: datetime, links: Welcome
) -> PendingMail:
    """Mark ``user_id`` invited, store a new link and its e-mail; deliver it after this.

    Raises:
        UserAdminError: ``not_found`` (not a user of the inviter's instance), ``no_email``
            or ``deactivated``.
    """
    hours = int(links.token_ttl.total_seconds() // 3600)
    with db.write() as session:
        user = find_user(session, inviter.instance_id, user_id)
        if user.email is None:
            raise UserAdminError("no_email")
        if status_of(user) == "deactivated":
            raise UserAdminError("deactivated")
        company = session.scalars(
            select(Instance.name).where(Instance.id == inviter.instance_id)
        ).one()
        user.invited = True
        user.invited_at = now
        token = passwords.issue_token(
            session, instance_id=user.instance_id, user_id=user.id, now=now, ttl=links.token_ttl
        )
        fields = {
            "first_name": user.first_name or user.email,
            "inviter": inviter.display_name,
            "company": company,
            "email": user.email,
            "hours": hours,
        }
        row = mail.queue(
            session,
            instance_id=user.instance_id,
            recipient=user.email,
            subject=_messages.INVITATION_SUBJECT,
            stored_body=_messages.INVITATION_BODY.format(link=_messages.MASKED_LINK, **fields),
            now=now,
        )
        body = _messages.INVITATION_BODY.format(link=links.link(token), **fields)
    return PendingMail(row, body)
