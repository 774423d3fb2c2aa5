"""Activation keys: issue them, and redeem one to create an instance (or retry that).

Redemption is one transaction: mark the key redeemed with a conditional ``UPDATE`` and check
that exactly one row changed, then create the instance, its administrator and its API key
pair. Two concurrent redemptions of one key therefore produce exactly one instance: the
database, not process memory, decides who wins, so it holds across workers. Every failure
(unknown, used or expired key) raises the same ``InvalidActivationKeyError`` so the answer
gives no hint about which keys exist.

**Retry.** The instance may be committed while the answer, with the only copy of the
private key, is lost on its way to the connector. So a redemption may carry a
``requestId``, a secret the connector chose and kept; its hash is stored with the key. When
the conditional ``UPDATE`` finds the key already redeemed, the same transaction locks the
key's row and, if the same ``requestId`` redeemed it less than ``retry_window`` ago,
revokes the pair that activation handed out and returns a new pair for the same instance:
no second instance, administrator or e-mail. Anything else (no ``requestId``, another one,
too late) is the same invalid-key answer.

With a ``Welcome``, the first redemption's transaction also stores a password-change token
for the administrator and the welcome e-mail in the outbox; the e-mail is delivered after
the commit, so a failed activation sends nothing.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ssm.cloud import _secrets, messages
from ssm.cloud.db import Database
from ssm.cloud.errors import InvalidActivationKeyError
from ssm.cloud.models import ActivationKey, ApiKey, Instance, OutboxMessage, User
from ssm.cloud.schemas.auth import ActivationRequest, ActivationResponse
from ssm.cloud.services import mail, passwords
from ssm.cloud.services.api_keys import new_key_pair

DEFAULT_RETRY_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Welcome:
    """How to welcome the administrator: the mailer, the links' base URL, their validity."""

    mailer: mail.Mailer
    link_base: str
    token_ttl: timedelta

    def link(self, token: str) -> str:
        """The absolute password-change link for ``token``."""
        return f"{self.link_base.rstrip('/')}/password/{token}"


@dataclass(frozen=True)
class _Pending:
    """A welcome e-mail stored in the transaction, to deliver after the commit."""

    row: OutboxMessage
    body: str


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


def check_activation_key(db: Database, activation_key: str, *, now: datetime) -> None:
    """Whether ``activation_key`` could be redeemed now (the wizard's key screen).

    Raises:
        InvalidActivationKeyError: unknown, redeemed or expired, one answer for all.
    """
    key_hash = _secrets.hash_secret(_secrets.normalise_activation_key(activation_key))
    with db.read() as session:
        found = session.execute(
            select(ActivationKey.key_hash).where(
                ActivationKey.key_hash == key_hash,
                ActivationKey.redeemed_at.is_(None),
                ActivationKey.expires_at > now,
            )
        ).first()
    if found is None:
        raise InvalidActivationKeyError()


def redeem_activation_key(
    db: Database,
    request: ActivationRequest,
    *,
    now: datetime,
    welcome: Welcome | None = None,
    retry_window: timedelta = DEFAULT_RETRY_WINDOW,
) -> ActivationResponse:
    """Redeem ``request.activation_key`` and create the instance it pays for.

    A key already redeemed with the same ``request.request_id`` less than ``retry_window``
    ago answers the same instance with a new key pair (the previous one is revoked).

    Raises:
        InvalidActivationKeyError: the key is unknown, already redeemed (by another
            request or too long ago) or expired.
    """
    key_hash = _secrets.hash_secret(_secrets.normalise_activation_key(request.activation_key))
    request_hash = (
        _secrets.hash_secret(request.request_id) if request.request_id is not None else None
    )
    pending: _Pending | None = None
    with db.write() as session:
        claimed = session.execute(
            update(ActivationKey)
            .where(
                ActivationKey.key_hash == key_hash,
                ActivationKey.redeemed_at.is_(None),
                ActivationKey.expires_at > now,
            )
            .values(redeemed_at=now, request_id_hash=request_hash)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            if request_hash is None:
                raise InvalidActivationKeyError()
            instance_id, api_key, private_key = _retry(
                session, key_hash, request_hash, now=now, retry_window=retry_window
            )
        else:
            instance_id, api_key, private_key, pending = _create(
                session, key_hash, request, now=now, welcome=welcome
            )
    if welcome is not None and pending is not None:
        mail.deliver(db, welcome.mailer, pending.row, body=pending.body, now=now)
    return ActivationResponse(
        instance_id=instance_id, public_key=api_key.public_key, private_key=private_key
    )


def _create(
    session: Session,
    key_hash: str,
    request: ActivationRequest,
    *,
    now: datetime,
    welcome: Welcome | None,
) -> tuple[int, ApiKey, str, _Pending | None]:
    """Create the instance, its administrator, its key pair and (maybe) the welcome e-mail."""
    instance = Instance(name=request.company_name, company_id=request.company_id, created_at=now)
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
    session.add(admin_user)
    api_key, private_key = new_key_pair(session, instance.id, now)
    session.execute(
        update(ActivationKey)
        .where(ActivationKey.key_hash == key_hash)
        .values(instance_id=instance.id, api_key_id=api_key.id)
        .execution_options(synchronize_session=False)
    )
    if welcome is None:
        return instance.id, api_key, private_key, None
    token = passwords.issue_token(
        session, instance_id=instance.id, user_id=admin_user.id, now=now, ttl=welcome.token_ttl
    )
    fields = {
        "first_name": admin.first_name or admin.email,
        "company": request.company_name,
    }
    hours = int(welcome.token_ttl.total_seconds() // 3600)
    outbox_row = mail.queue(
        session,
        instance_id=instance.id,
        recipient=admin.email,
        subject=messages.WELCOME_SUBJECT,
        stored_body=mail.compose(
            messages.WELCOME_BODY,
            link=messages.MASKED_LINK,
            email=admin.email,
            hours=hours,
            **fields,
        ),
        now=now,
    )
    body = mail.compose(
        messages.WELCOME_BODY, link=welcome.link(token), email=admin.email, hours=hours, **fields
    )
    return instance.id, api_key, private_key, _Pending(outbox_row, body)


def _retry(
    session: Session,
    key_hash: str,
    request_hash: str,
    *,
    now: datetime,
    retry_window: timedelta,
) -> tuple[int, ApiKey, str]:
    """Hand the instance a key already redeemed by this request a new key pair.

    Raises:
        InvalidActivationKeyError: not redeemed by this ``requestId``, or too long ago.
    """
    row = session.scalars(
        select(ActivationKey).where(ActivationKey.key_hash == key_hash).with_for_update()
    ).one_or_none()
    if (
        row is None
        or row.redeemed_at is None
        or row.instance_id is None
        or row.request_id_hash is None
        or not hmac.compare_digest(row.request_id_hash, request_hash)
        or row.redeemed_at <= now - retry_window
    ):
        raise InvalidActivationKeyError()
    if row.api_key_id is not None:
        session.execute(
            update(ApiKey)
            .where(ApiKey.id == row.api_key_id, ApiKey.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
    api_key, private_key = new_key_pair(session, row.instance_id, now)
    row.api_key_id = api_key.id
    return row.instance_id, api_key, private_key
