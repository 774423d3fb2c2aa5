"""Bodies of ``/api/v4/products``: Sage articles (``F_ARTICLE``) with family, price and stock."""

from __future__ import annotations

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import Writable, flag, number, text
from ssm.cloud.types import Amount, UtcDateTime

FIELDS: tuple[Writable, ...] = (
    text("ext_id", 100, required=True, description="Sage article reference (AR_Ref): the key."),
    text("model", 255, required=True, description="Designation (AR_Design)."),
    text("family", 255),
    text("family_ext_id", 100),
    number("price"),
    flag("price_includes_tax"),
    number("cost"),
    number("stock"),
    number("stock_available"),
    text("barcode", 100),
    flag("not_available", description="Sleeping article."),
)
"""What an upsert item may hold."""


class ProductRecord(CamelModel):
    """A product as the API returns it."""

    id: int
    ext_id: str | None
    model: str
    family: str | None
    family_ext_id: str | None
    price: Amount | None
    price_includes_tax: bool
    cost: Amount | None
    stock: Amount | None
    stock_available: Amount | None
    barcode: str | None
    not_available: bool
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None
