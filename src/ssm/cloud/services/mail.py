"""Mail through an outbox: every message is stored first, then delivered.

Delivery goes to an SMTP server when ``SSM_CLOUD_SMTP_HOST`` is set (stdlib ``smtplib``),
otherwise to ``.eml`` files in the mail folder, one per message. A failed SMTP exchange is
recorded on the message (``error``, ``sent_at`` left empty) and the message is also written
as an ``.eml`` file, so it is never lost. The row is stored in the caller's transaction
(``queue``) and delivered after it commits (``deliver``), so a rolled-back request sends
nothing.

Bodies are plain text (no HTML part) filled by ``compose``: the text a tenant controls
(company, first name, inviter) sits next to a real link, so it is made one line of at most
80 characters and its web addresses are broken (``http[:]//``, ``evil[.]example``), lest
a tenant write « Cliquez ici » paragraphs with links of its own into our e-mails.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.models import OutboxMessage
from ssm.cloud.schemas.mail import OutboxEntry
from ssm.cloud.settings import CloudSettings
from ssm.private_files import private_folder, private_opener


def default_mail_dir(settings: CloudSettings) -> Path:
    """``settings.mail_dir``, else ``outbox/`` next to a SQLite file, else ``./outbox``."""
    if settings.mail_dir is not None:
        return settings.mail_dir
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).expanduser().resolve().parent / "outbox"
    return Path("outbox")


@dataclass(frozen=True)
class Mailer:
    """How messages leave: SMTP when ``smtp_host`` is set, else ``.eml`` files in ``folder``."""

    sender: str
    folder: Path
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = 10

    @classmethod
    def from_settings(cls, settings: CloudSettings) -> Mailer:
        """The mailer ``settings`` describe."""
        password = settings.smtp_password
        return cls(
            sender=settings.mail_from,
            folder=default_mail_dir(settings),
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_user=settings.smtp_user,
            smtp_password=password.get_secret_value() if password is not None else None,
            smtp_starttls=settings.smtp_starttls,
            smtp_timeout_seconds=settings.smtp_timeout_seconds,
        )

    @property
    def transport(self) -> str:
        """``"smtp"`` or ``"file"``."""
        return "smtp" if self.smtp_host else "file"

    def write_eml(self, message: EmailMessage, name: str) -> Path:
        """Write ``message`` to ``folder/name`` atomically and return the path.

        The message may hold a live password link: the file is the owner's alone (0600)
        in a folder only the owner can list (0700), whatever the umask.
        """
        path = private_folder(self.folder) / name
        partial = path.with_suffix(".part")
        with open(partial, "wb", opener=private_opener) as handle:
            handle.write(bytes(message))
        partial.replace(path)
        return path

    def send_smtp(self, message: EmailMessage) -> None:
        """Hand ``message`` to the SMTP server; raises ``OSError``/``SMTPException``."""
        assert self.smtp_host is not None
        with smtplib.SMTP(
            self.smtp_host, self.smtp_port, timeout=self.smtp_timeout_seconds
        ) as smtp:
            if self.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.smtp_user:
                smtp.login(self.smtp_user, self.smtp_password or "")
            smtp.send_message(message)


#: Longest tenant text (a name, a company) an e-mail shows, « … » included.
MAX_TENANT_TEXT = 80

#: A dot that mail readers would take for a domain's (``evil.example``, not ``S.A.``).
_DOMAIN_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2,})")


def one_line(value: str, limit: int = MAX_TENANT_TEXT) -> str:
    """``value`` on one line (control characters and line breaks become spaces), bounded."""
    spaced = "".join(" " if unicodedata.category(c).startswith("C") else c for c in value)
    flat = " ".join(spaced.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _unlinked(word: str) -> str:
    """``word`` with its web address broken, so no mail reader makes it a link."""
    if "@" in word:  # an e-mail address (the invitee's own when they have no first name)
        return word
    return _DOMAIN_DOT.sub("[.]", word.replace("://", "[:]//"))


def tenant_text(value: str) -> str:
    """Text a tenant controls, made safe to show next to a real link in an e-mail."""
    return one_line(" ".join(_unlinked(word) for word in one_line(value, len(value)).split()))


def compose(template: str, *, link: str, email: str, hours: int, **names: str) -> str:
    """``template`` filled in; every one of ``names`` is tenant text (``tenant_text``)."""
    cleaned = {name: tenant_text(value) for name, value in names.items()}
    return template.format(link=link, email=one_line(email, 254), hours=hours, **cleaned)


def queue(
    session: Session,
    *,
    instance_id: int,
    recipient: str,
    subject: str,
    stored_body: str,
    now: datetime,
) -> OutboxMessage:
    """Store a message in ``session``'s transaction; ``deliver`` it after the commit."""
    row = OutboxMessage(
        instance_id=instance_id,
        recipient=recipient,
        subject=subject,
        body_text=stored_body,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def deliver(db: Database, mailer: Mailer, row: OutboxMessage, *, body: str, now: datetime) -> None:
    """Deliver stored ``row`` with its real ``body`` and record the outcome on the row.

    Never raises for a delivery failure: the error is stored on the message.
    """
    message = EmailMessage()
    message["From"] = mailer.sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = make_msgid(idstring=f"ssm-outbox-{row.id}")
    message.set_content(body)
    name = f"{row.created_at:%Y%m%dT%H%M%S}-{row.id:06d}.eml"
    error: str | None = None
    sent_at: datetime | None = now
    try:
        if mailer.smtp_host:
            mailer.send_smtp(message)
        else:
            mailer.write_eml(message, name)
    except (OSError, smtplib.SMTPException) as exc:
        sent_at = None
        error = f"{type(exc).__name__}: {exc}"
        if mailer.smtp_host:
            try:
                path = mailer.write_eml(message, name)
            except OSError:
                pass
            else:
                error = messages.MAIL_SAVED_AFTER_SMTP_FAILURE.format(error=error, path=path)
    with db.write() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(sent_at=sent_at, transport=mailer.transport, error=error)
            .execution_options(synchronize_session=False)
        )


def list_outbox(
    db: Database, instance_id: int, *, offset: int = 0, limit: int | None = None
) -> list[OutboxEntry]:
    """The messages of ``instance_id``, newest first: all, or ``limit`` from ``offset``.

    The API reads them all and the « Courriels » page one page at a time, through here both.
    """
    with db.read() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.instance_id == instance_id)
            .order_by(OutboxMessage.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
    return [
        OutboxEntry(
            id=row.id,
            recipient=row.recipient,
            subject=row.subject,
            body=row.body_text,
            created_at=row.created_at,
            sent_at=row.sent_at,
            transport=row.transport,
            error=row.error,
        )
        for row in rows
    ]


def count_outbox(db: Database, instance_id: int) -> int:
    """How many messages ``instance_id`` has (the page's pager counts them)."""
    with db.read() as session:
        total = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.instance_id == instance_id)
        )
    return total or 0
