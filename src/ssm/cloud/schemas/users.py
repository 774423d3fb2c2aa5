"""Bodies of ``/api/v4/users``: the Sage sales reps (``F_COLLABORATEUR``) as CRM users."""

from __future__ import annotations

from pydantic import Field

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import Writable, email, flag, text
from ssm.cloud.types import UtcDateTime

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage sales rep number (CO_No): the key."),
    text("first_name", 100),
    text("last_name", 100),
    email(
        "email",
        description="Matches an existing user without extId; a rep without one is a user who "
        "cannot be invited yet.",
    ),
    text("phone", 50),
    text("job_title", 100),
    flag("active", default=True),
)
"""What an upsert item may hold."""


class UserRecord(CamelModel):
    """A user as the API returns it."""

    id: int
    ext_id: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    job_title: str | None
    active: bool
    invited: bool = Field(description="False until invited in the web app (read-only).")
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None
