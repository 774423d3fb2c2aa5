"""Bodies of ``/api/v4/contacts``: people at accounts (Sage ``F_CONTACTT``)."""

from __future__ import annotations

from pydantic import Field

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import Writable, text
from ssm.cloud.types import UtcDateTime

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage contact number (CT_No): the key."),
    text("account_ext_id", 100, required=True, description="The account's extId (CT_Num)."),
    text("first_name", 100),
    text("last_name", 100, required=True),
    text("title", 50, description="Civility (M., Mme…)."),
    text("job_title", 100),
    text("phone", 50),
    text("mobile", 50),
    text("fax", 50),
    text("email", 255),
    text("sales_rep_ext_id", 100, description="Sage sales rep (CO_No); sets ownerId."),
)
"""What an upsert item may hold."""


class ContactRecord(CamelModel):
    """A contact as the API returns it."""

    id: int
    ext_id: str | None
    account_ext_id: str
    first_name: str | None
    last_name: str
    title: str | None
    job_title: str | None
    phone: str | None
    mobile: str | None
    fax: str | None
    email: str | None
    sales_rep_ext_id: str | None
    account_id: int | None = Field(description="The account's id (read-only).")
    owner_id: int | None = Field(description="User owning the contact (read-only).")
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None
