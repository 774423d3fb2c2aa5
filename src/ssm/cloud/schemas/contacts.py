"""Bodies of ``/api/v4/contacts``: people at accounts (Sage ``F_CONTACTT``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

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


Text50 = Annotated[str, StringConstraints(max_length=50)]
Text100 = Annotated[str, StringConstraints(max_length=100)]
Text255 = Annotated[str, StringConstraints(max_length=255)]
LastName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ContactPatch(CamelModel):
    """What the CRM may change in a contact, all optional (``PUT /contacts/{id}``).

    The Sage keys (``extId``, the account, the rep) are not here: Sage 100 and the
    connector set them. Omitted fields keep their value; ``null`` clears an optional one.
    """

    first_name: Text100 | None = None
    last_name: LastName | None = None
    title: Text50 | None = Field(default=None, description="Civility (M., Mme…).")
    job_title: Text100 | None = None
    phone: Text50 | None = None
    mobile: Text50 | None = None
    fax: Text50 | None = None
    email: Text255 | None = None

    @model_validator(mode="after")
    def _last_name_not_null(self) -> ContactPatch:
        if "last_name" in self.model_fields_set and self.last_name is None:
            raise ValueError("last_name ne peut pas être null")
        return self

    def changes(self) -> dict[str, object]:
        """The fields the client sent, by snake-case name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class ContactCreate(ContactPatch):
    """A new contact (``POST /contacts``) of a client or prospect already in Sage 100."""

    account_id: int = Field(ge=1, le=2**31 - 1, description="The account's id in the CRM.")
    last_name: LastName

    def changes(self) -> dict[str, object]:
        """The contact's own fields (the account is resolved apart)."""
        return {name: value for name, value in super().changes().items() if name != "account_id"}


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
