"""Activation keys: issue them, and redeem one to create an instance.

Redemption is one transaction: mark the key redeemed with a conditional ``UPDATE`` and check
that exactly one row changed, then create the instance, its administrator and its API key
pair. Two concurrent redemptions of one key therefore produce exactly one instance: the
database, not process memory, decides who wins, so it holds across workers. Every failure
(unknown, used or expired key) raises the same ``InvalidActivationKeyError`` so the answer
gives no hint about which keys exist.

With a ``Welcome``, the same transaction also stores a password-change token for the
administrator and the welcome e-mail in the outbox; the e-mail is delivered after the
commit, so a failed activation sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from ssm.cloud import _messages, _secrets
from ssm.cloud._db import Database
from ssm.cloud._models import ActivationKey, ApiKey, Instance, User
from ssm.cloud.errors import InvalidActivationKeyError
from ssm.cloud.schemas.auth import ActivationRequest, ActivationResponse
from ssm.cloud.services import mail, passwords


@dataclass(frozen=True)
class Welcome:
    """How to welcome the administrator: the mailer, the links' base URL, their validity."""

    mailer: mail.Mailer
    link_base: str
    token_ttl: timedelta

    def link(self, token: str) -> str:
        """The absolute password-change link for ``token``."""
        return f"{self.link_base.rstrip('/')}/password/{token}"


def issue_activation_key(db: Database, *, now: datetime, valid_for: timedelta) -> str:
    """Create a single-use activation key valid for ``valid_for`` and return it in clear.

    Only its hash is stored: the clear key exists once, in the e-mail or terminal it goes to.
    """
    key = _secrets.new_activation_key()
    with db.write() as session:
        session.add(
            ActivationKey(
                key_hash=_secrets.hash_secret(_secrets.normalise_activation_key(key)),
                created_at=now,
                expires_at=now + valid_for,
            )
        )
    return key


def redeem_activation_key(
    db: Database,
    request: ActivationRequest,
    *,
    now: datetime,
    welcome: Welcome | None = None,
) -> ActivationResponse:
    """Redeem ``request.activation_key`` and create the instance it pays for.

    Raises:
        InvalidActivationKeyError: the key is unknown, already redeemed or expired.
    """
    key_hash = _secrets.hash_secret(_secrets.normalise_activation_key(request.activation_key))
    public_key = _secrets.new_public_key()
    private_key = _secrets.new_private_key()
    with db.write() as session:
        claimed = session.execute(
            update(ActivationKey)
            .where(
                ActivationKey.key_hash == key_hash,
                ActivationKey.redeemed_at.is_(None),
                ActivationKey.expires_at > now,
            )
            .values(redeemed_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise InvalidActivationKeyError()
        instance = Instance(
            name=request.company_name, company_id=request.company_id, created_at=now
        )
        session.add(instance)
        session.flush()
        admin = request.administrator
        admin_user = User(
            instance_id=instance.id,
            first_name=admin.first_name,
            last_name=admin.last_name,
            email=admin.email,
            role="administrator",
            date_created=now,
        )
        session.add_all(
            [
                admin_user,
                ApiKey(
                    instance_id=instance.id,
                    public_key=public_key,
                    private_key_hash=_secrets.hash_secret(private_key),
                    created_at=now,
                ),
            ]
        )
        session.execute(
            update(ActivationKey)
            .where(ActivationKey.key_hash == key_hash)
            .values(instance_id=instance.id)
            .execution_options(synchronize_session=False)
        )
        if welcome is not None:
            session.flush()
            token = passwords.issue_token(
                session,
                instance_id=instance.id,
                user_id=admin_user.id,
                now=now,
                ttl=welcome.token_ttl,
            )
            fields = {
                "first_name": admin.first_name or admin.email,
                "company": request.company_name,
                "email": admin.email,
                "hours": int(welcome.token_ttl.total_seconds() // 3600),
            }
            outbox_row = mail.queue(
                session,
                instance_id=instance.id,
                recipient=admin.email,
                subject=_messages.WELCOME_SUBJECT,
                stored_body=_messages.WELCOME_BODY.format(link=_messages.MASKED_LINK, **fields),
                now=now,
            )
    if welcome is not None:
        body = _messages.WELCOME_BODY.format(link=welcome.link(token), **fields)
        mail.deliver(db, welcome.mailer, outbox_row, body=body, now=now)
    return ActivationResponse(
        instance_id=instance.id, public_key=public_key, private_key=private_key
    )
