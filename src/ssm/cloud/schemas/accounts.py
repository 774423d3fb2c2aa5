"""Bodies of ``/api/v4/accounts``: what a client may write, and what it reads back.

Field names follow the contract in ``docs/contracts.md`` (camelCase in JSON). Length limits
match the columns, so a too-long value is refused with a clear per-field message instead of
being truncated or failing in the database.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import Writable, choice, flag, text
from ssm.cloud.types import UtcDateTime

Text10 = Annotated[str, StringConstraints(max_length=10)]
Text20 = Annotated[str, StringConstraints(max_length=20)]
Text30 = Annotated[str, StringConstraints(max_length=30)]
Text50 = Annotated[str, StringConstraints(max_length=50)]
Text100 = Annotated[str, StringConstraints(max_length=100)]
Text255 = Annotated[str, StringConstraints(max_length=255)]
Text4000 = Annotated[str, StringConstraints(max_length=4000)]

ExtId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
AccountType = Literal["client", "prospect"]

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage account code (CT_Num): the key."),
    text("name", 255, required=True),
    choice("account_type", ("client", "prospect"), "prospect"),
    text("address1", 255),
    text("address2", 255),
    text("postcode", 20),
    text("city", 100),
    text("region", 100),
    text("country", 100),
    text("phone", 50),
    text("fax", 50),
    text("email", 255),
    text("website", 255),
    text("siret", 20),
    text("naf", 10),
    text("vat_number", 30),
    text("comment", 4000),
    flag("sleeping"),
    text("sales_rep_ext_id", 100, description="Sage sales rep (CO_No); sets ownerId."),
    flag("read_only"),
)
"""What an upsert item may hold, in the contract's order (bulk path)."""

WRITABLE_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
"""Snake-case names of the fields a client may write."""

_NOT_NULL = ("name", "account_type", "sleeping", "read_only")


class AccountPatch(CamelModel):
    """Fields of an account, all optional: a partial update (``PUT /accounts/{id}``).

    Omitted fields keep their value; an explicit ``null`` clears an optional field.
    """

    ext_id: ExtId | None = Field(default=None, description="Sage account code (CT_Num).")
    name: Name | None = None
    account_type: AccountType | None = Field(default=None, description="client or prospect.")
    address1: Text255 | None = None
    address2: Text255 | None = None
    postcode: Text20 | None = None
    city: Text100 | None = None
    region: Text100 | None = None
    country: Text100 | None = None
    phone: Text50 | None = None
    fax: Text50 | None = None
    email: Text255 | None = None
    website: Text255 | None = None
    siret: Text20 | None = None
    naf: Text10 | None = None
    vat_number: Text30 | None = None
    comment: Text4000 | None = None
    sleeping: bool | None = None
    sales_rep_ext_id: Text100 | None = None
    read_only: bool | None = None

    @model_validator(mode="after")
    def _no_null_for_required_columns(self) -> AccountPatch:
        for field in _NOT_NULL:
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field} ne peut pas être null")
        return self

    def changes(self) -> dict[str, object]:
        """The fields the client sent, by snake-case name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class AccountCreate(AccountPatch):
    """A new account (``POST /accounts``): ``name`` is required, ``extId`` optional."""

    name: Name


class Account(CamelModel):
    """An account as the API returns it, with the v4 audit fields."""

    id: int
    ext_id: str | None
    name: str
    account_type: AccountType
    address1: str | None
    address2: str | None
    postcode: str | None
    city: str | None
    region: str | None
    country: str | None
    phone: str | None
    fax: str | None
    email: str | None
    website: str | None
    siret: str | None
    naf: str | None
    vat_number: str | None
    comment: str | None
    sleeping: bool
    sales_rep_ext_id: str | None
    read_only: bool
    owner_id: int | None = Field(description="User owning the account (read-only).")
    date_created: UtcDateTime
    date_updated: UtcDateTime | None = Field(description="null until the first update.")
    deleted: bool
    date_deleted: UtcDateTime | None


class EntityCreated(CamelModel):
    """Answer of ``POST /accounts``, shaped like the v4 API's."""

    message: str = Field(default="entity created", serialization_alias="Message")
    id: int


class EntityUpdated(CamelModel):
    """Answer of ``PUT /accounts/{id}``, shaped like the v4 API's."""

    message: str = Field(default="entity updated", serialization_alias="Message")
