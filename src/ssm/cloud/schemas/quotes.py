"""Bodies of ``/api/v4/quotes``: quotes made in Sage 100 or in the CRM, priced by Sage.

Two writers, two shapes. The connector sends Sage's quotes through the shared bulk
upsert (``FIELDS``, ``LINE_FIELDS``, checked by ``check_line_lists``); a rep creates and
edits a quote with pydantic bodies (``QuoteCreate``, ``QuotePatch``), and the connector
answers each of those with Sage's prices (``QuotePrices``), a refusal (``QuoteRefusal``)
or the Sage number it wrote the quote under (``QuoteBinding``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import Field, StringConstraints, model_validator

from ssm.cloud import messages
from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import (
    ItemProblem,
    ItemValidator,
    Writable,
    choice,
    day,
    number,
    text,
)
from ssm.cloud.types import Amount, UtcDateTime

QuoteStatus = Literal["draft_pending", "draft_validated", "sync_pending", "in_sage", "transformed"]
QUOTE_STATUSES: Final[tuple[QuoteStatus, ...]] = (
    "draft_pending",
    "draft_validated",
    "sync_pending",
    "in_sage",
    "transformed",
)
"""The statuses of a quote, in the order of its life (labels: ``web/texts/records.py``)."""
SAGE_STATUSES: Final = ("in_sage", "transformed")
"""What the connector's upsert may say of a quote: in Sage, or turned into an order."""
EDITABLE_STATUSES: Final = frozenset({"draft_pending", "draft_validated"})
"""The statuses in which a rep may still change a CRM quote."""

DiscountType = Literal["percent", "amount", "free"]
DISCOUNT_TYPES: Final[tuple[DiscountType, ...]] = ("percent", "amount", "free")
"""Sage's ``REM_Type`` 1, 0 and 2: a percentage, an amount per unit, free units."""
MAX_DISCOUNTS: Final = 3
"""A Sage line holds three discounts at most (``DL_Remise01`` to ``03``)."""
MAX_LINES: Final = 200
"""Most lines one quote may carry."""
MAX_COMMENT: Final = 4000
"""Longest comment a rep may write, as an account's."""

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage header cbMarq: the key."),
    text("number", 50, description="Piece number (DO_Piece)."),
    text("reference", 100, description="Sage's reference (DO_Ref)."),
    text("account_ext_id", 100, required=True, description="The account's extId (CT_Num)."),
    text("sales_rep_ext_id", 100, description="Sage sales rep (CO_No); sets ownerId."),
    day("date"),
    choice("status", SAGE_STATUSES, "in_sage", description="transformed: now an order."),
    text("order_number", 50, description="The order's DO_Piece once transformed."),
    number("total_excl_tax"),
    number("total_incl_tax"),
)
"""What an upsert item may hold besides ``lines``: what Sage 100 masters of a quote."""

LINE_FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, description="Sage line number (DL_No)."),
    text("product_ext_id", 100, description="Article reference; unknown → productId null."),
    text("description", 255),
    number("quantity"),
    number("unit_price"),
    number("net_unit_price", description="The unit price once the discounts are applied."),
    number("total_excl_tax"),
)
"""What one line may hold besides ``discounts``."""

LINE_COLUMNS: Final = (*(spec.name for spec in LINE_FIELDS), "discounts")
"""The column of each value of a checked line, in order."""
PRODUCT_EXT_ID: Final = LINE_COLUMNS.index("product_ext_id")
"""Where a checked line holds its product's extId."""

_DISCOUNT = ItemValidator(
    (
        Writable("value", "number", required=True),
        Writable("type", "choice", required=True, choices=DISCOUNT_TYPES, default="percent"),
    ),
    "une remise",
    prefix="lines.discounts.",
)


def discount_text(value: Decimal | int) -> str:
    """A discount's value as stored: its exact digits, fixed point, no trailing zero."""
    shown = format(Decimal(value), "f")
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return "0" if shown == "-0" else shown


def _check_discounts(value: object) -> list[dict[str, str]] | None:
    """One line's ``discounts``: null, or at most three ``{value, type}`` objects."""
    if value is None:
        return None
    if type(value) is not list or len(value) > MAX_DISCOUNTS:
        detail = messages.QUOTE_DISCOUNTS_EXPECTED.format(limit=MAX_DISCOUNTS)
        raise ItemProblem(
            "invalid_field", messages.FIELD_INVALID.format(field="lines.discounts", detail=detail)
        )
    checked = []
    for raw in value:
        discount = _DISCOUNT(raw)
        if discount["value"] is None or discount["value"] < 0:
            detail = messages.QUOTE_DISCOUNT_VALUE
            raise ItemProblem(
                "invalid_field",
                messages.FIELD_INVALID.format(field="lines.discounts.value", detail=detail),
            )
        checked.append({"value": discount_text(discount["value"]), "type": discount["type"]})
    return checked


def _check_discount_column(values: list[Any]) -> list[Any]:
    return list(map(_check_discounts, values))


_LINE = ItemValidator(
    LINE_FIELDS,
    "une ligne de devis",
    nested={"discounts": _check_discount_column},
    prefix="lines.",
)

Line = tuple[Any, ...]


def _check_lines(value: object) -> list[Line]:
    """An item's ``lines`` as tuples in ``LINE_COLUMNS`` order; raises ``ItemProblem``."""
    if type(value) is not list or len(value) > MAX_LINES:
        detail = (
            messages.EXPECTED_LIST
            if type(value) is not list
            else messages.QUOTE_TOO_MANY_LINES.format(limit=MAX_LINES, count=len(value))
        )
        raise ItemProblem(
            "invalid_field", messages.FIELD_INVALID.format(field="lines", detail=detail)
        )
    lines = []
    for position, raw in enumerate(value, start=1):
        try:
            checked = _LINE(raw)
        except ItemProblem as problem:
            raise ItemProblem(problem.code, f"Ligne {position} : {problem.message}") from None
        lines.append(tuple(map(checked.get, LINE_COLUMNS)))
    return lines


def check_line_lists(values: list[Any]) -> list[list[Line]]:
    """The column check of ``lines``: each item's lines, or the first refusal.

    One line at a time: a company has far fewer quotes than invoice lines, so the
    column-at-a-time path of ``schemas.invoice_lines`` would buy nothing here.
    """
    return list(map(_check_lines, values))


# --- a rep's bodies ---------------------------------------------------------------------

Quantity = Annotated[Decimal, Field(gt=0, lt=10**12, decimal_places=6)]
Price = Annotated[Decimal, Field(gt=-(10**12), lt=10**12, decimal_places=6)]
RecordRef = Annotated[int, Field(ge=1, le=2**31 - 1)]
Comment = Annotated[str, StringConstraints(max_length=MAX_COMMENT)]


class QuoteLineInput(CamelModel):
    """One line a rep asks for: a product and a quantity; Sage 100 sets the price."""

    product_id: RecordRef = Field(description="The product's id in the CRM.")
    quantity: Quantity


class QuotePatch(CamelModel):
    """What a rep may change in a quote, all optional (``PUT /quotes/{id}``).

    ``lines`` replace every line. Any change sends the quote back to Sage for pricing.
    """

    account_id: RecordRef | None = Field(
        default=None, description="The account's id in the CRM; another one drops the contact."
    )
    contact_id: RecordRef | None = Field(default=None, description="A contact of the account.")
    comment: Comment | None = Field(default=None, description="The rep's free text.")
    lines: list[QuoteLineInput] | None = Field(default=None, min_length=1, max_length=MAX_LINES)

    @model_validator(mode="after")
    def _not_null(self) -> QuotePatch:
        if "account_id" in self.model_fields_set and self.account_id is None:
            raise ValueError(messages.QUOTE_ACCOUNT_NOT_NULL)
        if "lines" in self.model_fields_set and self.lines is None:
            raise ValueError(messages.QUOTE_LINES_NOT_NULL)
        return self


class QuoteCreate(QuotePatch):
    """A new quote (``POST /quotes``) for an account Sage 100 already holds."""

    account_id: RecordRef = Field(description="The account's id in the CRM.")
    lines: list[QuoteLineInput] = Field(min_length=1, max_length=MAX_LINES)


class Discount(CamelModel):
    """One discount as Sage applied it: ``5`` ``percent``, or ``2.5`` ``amount`` per unit."""

    value: Annotated[Decimal, Field(ge=0, lt=10**12, decimal_places=6)]
    type: DiscountType


class PricedLine(CamelModel):
    """Sage's price of one line, by its ``position`` (from 0, as the quote lists them)."""

    position: Annotated[int, Field(ge=0, lt=MAX_LINES)]
    unit_price: Price
    discounts: list[Discount] = Field(default_factory=list, max_length=MAX_DISCOUNTS)
    net_unit_price: Price
    total_excl_tax: Price
    stock: Price | None = Field(default=None, description="Stock Sage shows beside the line.")


Revision = Annotated[int, Field(ge=0, le=2**31 - 1)]
Detail = Annotated[str, StringConstraints(max_length=MAX_COMMENT)]


class QuotePrices(CamelModel):
    """The connector's answer for a ``draft_pending`` quote: Sage's prices of its revision."""

    revision: Revision = Field(description="The revision the connector priced.")
    lines: list[PricedLine] = Field(min_length=1, max_length=MAX_LINES)
    total_excl_tax: Price
    total_incl_tax: Price
    detail: Detail = Field(description="What Sage changed, in French, for the rep.")


class QuoteRefusal(CamelModel):
    """Sage 100 refused to price or to write the quote of ``revision``, for ``reason``."""

    revision: Revision
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class QuoteBinding(CamelModel):
    """Sage 100 holds the quote: its header ``cbMarq`` (``extId``) and ``DO_Piece``."""

    ext_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ] = Field(description="Sage header cbMarq, as text.")
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


# --- answers ----------------------------------------------------------------------------


class DiscountRecord(CamelModel):
    """One discount of a line as the API returns it (``value`` as exact text)."""

    value: str
    type: DiscountType


class QuoteLineRecord(CamelModel):
    """One quote line as the API returns it; prices null until Sage priced it."""

    position: int
    ext_id: str | None
    product_id: int | None = Field(description="The product's id, null if unknown.")
    product_ext_id: str | None
    description: str | None
    quantity: Amount | None
    unit_price: Amount | None
    discounts: list[DiscountRecord] | None
    net_unit_price: Amount | None
    total_excl_tax: Amount | None
    stock: Amount | None


class QuoteRecord(CamelModel):
    """A quote as the API returns it; ``lines`` only on ``GET /quotes/{id}``."""

    id: int
    ext_id: str | None = Field(description="Sage header cbMarq, null until in Sage.")
    number: str | None
    order_number: str | None
    reference: str | None
    origin: Literal["sage", "crm"]
    status: QuoteStatus | None
    read_only: bool
    revision: int
    account_id: int | None = Field(description="The account's id (read-only).")
    account_ext_id: str | None
    contact_id: int | None
    sales_rep_ext_id: str | None
    owner_id: int | None = Field(description="User owning the quote (read-only).")
    date: dt.date | None
    comment: str | None
    internal_comment: str | None = Field(description="The system comments, newest last.")
    total_excl_tax: Amount | None
    total_incl_tax: Amount | None
    sync_status: str
    sync_detail: str | None
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None
    lines: list[QuoteLineRecord] | None = Field(
        default=None, description="The lines, in order (on GET /quotes/{id} only)."
    )
