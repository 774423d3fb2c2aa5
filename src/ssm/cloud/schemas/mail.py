"""Bodies of ``/api/v4/outbox`` (ours): the e-mails of the caller's instance."""

from __future__ import annotations

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.types import UtcDateTime


class OutboxEntry(CamelModel):
    """One stored e-mail; a secret link in ``body`` is masked."""

    id: int
    recipient: str
    subject: str
    body: str
    created_at: UtcDateTime
    sent_at: UtcDateTime | None
    transport: str | None
    error: str | None
