"""Products of an instance as a bulk resource: Sage articles, created only in Sage.

An invoice or quote line names its article by ``productExtId``; the cloud links it
(``productId``) when the line is written, if the product is there. A line written before
its product (the connector's products stream failed on a pass, then invoices went
through) would otherwise stay unlinked for good: the connector never re-sends an invoice
it already sent unchanged. So when products are created or restored, the lines that name
them and have no link yet get it, with one ``UPDATE`` per line table (``link_lines``),
as ``users.reresolve_owners`` gives records to a rep who arrives late.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from ssm.cloud.db import OneOf
from ssm.cloud.models import InvoiceLine, Product, QuoteLine
from ssm.cloud.schemas.products import FIELDS
from ssm.cloud.services.bulk import Pending, Resource

#: Tables of lines that name a product by ``product_ext_id`` and link it by ``product_id``.
LINE_TABLES: tuple[Table, ...] = (
    cast(Table, InvoiceLine.__table__),
    cast(Table, QuoteLine.__table__),
)
_PRODUCTS = cast(Table, Product.__table__)
_IDS_BY_EXT_ID = select(_PRODUCTS.c.ext_id, _PRODUCTS.c.id).where(
    _PRODUCTS.c.instance_id == bindparam("instance_id"),
    OneOf(_PRODUCTS.c.ext_id, "ext_ids"),
)
"""Built once, on Core columns, the list one parameter (``db.OneOf``): the ORM's attributes
would load each fetched row through the ORM. Fetched with ``.all()``: iterating a result
fetches one row per driver call."""


class Products(Resource):
    """Articles (Sage ``F_ARTICLE`` with family, price and stock), keyed by ``AR_Ref``."""

    name = "products"
    model = Product
    fields = FIELDS
    label = "un produit"

    def after_write(
        self, session: Session, instance_id: int, written: list[Pending], now: datetime
    ) -> None:
        """Lines that name a product just created or restored, and have no link, get it."""
        arrived = [
            pending.ext_id
            for pending in written
            if pending.stored is None or pending.stored["deleted"]
        ]
        link_lines(session, instance_id, arrived)


def product_ids(session: Session, instance_id: int, ext_ids: Collection[str]) -> dict[str, int]:
    """The id of the instance's product of each ``extId`` that has one (one query).

    The link of a line written with its document (``invoices.Invoices.resolve``); a product
    that arrives later is linked by ``link_lines`` with the same rule.
    """
    if not ext_ids:
        return {}
    found = session.execute(
        _IDS_BY_EXT_ID, {"instance_id": instance_id, "ext_ids": sorted(ext_ids)}
    ).all()
    return {ext_id: product_id for ext_id, product_id in found if ext_id is not None}


def link_lines(session: Session, instance_id: int, ext_ids: Collection[str]) -> None:
    """Set ``product_id`` of the instance's unlinked lines whose ``product_ext_id`` is given.

    The rule is the one lines follow when written (``product_ids``): the product of the
    instance with that ``extId``. One set-based ``UPDATE`` per line table,
    touching only lines without a link.
    """
    if not ext_ids:
        return
    for table in LINE_TABLES:
        columns = table.c
        product = (
            select(Product.id)
            .where(Product.instance_id == instance_id, Product.ext_id == columns.product_ext_id)
            .scalar_subquery()
        )
        session.execute(
            update(table)
            .where(
                columns.instance_id == instance_id,
                columns.product_id.is_(None),
                columns.product_ext_id.in_(sorted(ext_ids)),
            )
            .values(product_id=product)
        )


PRODUCTS = Products()
