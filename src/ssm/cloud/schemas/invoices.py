"""Bodies of ``/api/v4/invoices`` (ours): sales invoices and credit notes with their lines."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import Writable, choice, day, flag, number, text
from ssm.cloud.types import Amount, UtcDateTime

MAX_LINES = 1000
"""Most lines one invoice may carry."""

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage header cbMarq: the key."),
    text("number", 50, description="Piece number (DO_Piece)."),
    text("account_ext_id", 100, required=True, description="The account's extId (CT_Num)."),
    text("sales_rep_ext_id", 100, description="Sage sales rep (CO_No); sets ownerId."),
    day("date"),
    choice("kind", ("invoice", "credit_note"), "invoice"),
    flag("posted", description="Posted invoice (DO_Type 7)."),
    number("total_excl_tax", description="Negative for credit notes."),
    number("total_incl_tax", description="Negative for credit notes."),
    text("reference", 100),
)
"""What an upsert item may hold besides ``lines``."""

LINE_FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, description="Sage line number (DL_No)."),
    text("product_ext_id", 100, description="Article reference; unknown → productId null."),
    text("description", 255),
    number("quantity"),
    number("unit_price"),
    number("discount"),
    number("total_excl_tax"),
)
"""What one line may hold."""


class InvoiceLineRecord(CamelModel):
    """One invoice line as the API returns it."""

    ext_id: str | None
    product_ext_id: str | None
    product_id: int | None = Field(description="The product's id, null if unknown.")
    description: str | None
    quantity: Amount | None
    unit_price: Amount | None
    discount: Amount | None
    total_excl_tax: Amount | None


class InvoiceRecord(CamelModel):
    """An invoice as the API returns it; ``lines`` only on ``GET /invoices/{id}``."""

    id: int
    ext_id: str | None
    number: str | None
    account_ext_id: str
    sales_rep_ext_id: str | None
    date: dt.date | None
    kind: Literal["invoice", "credit_note"]
    posted: bool
    total_excl_tax: Amount | None
    total_incl_tax: Amount | None
    reference: str | None
    account_id: int | None = Field(description="The account's id (read-only).")
    owner_id: int | None = Field(description="User owning the invoice (read-only).")
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None
    lines: list[InvoiceLineRecord] | None = Field(
        default=None, description="The lines, in order (on GET /invoices/{id} only)."
    )


class Count(BaseModel):
    """A number of records."""

    count: int
