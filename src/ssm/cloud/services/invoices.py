"""Invoices of an instance as a bulk resource, their lines replaced as a whole.

The lines' machinery is shared with quotes: ``services.document_lines``.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, func, select

from ssm.cloud.db import Database
from ssm.cloud.models import Invoice, InvoiceLine
from ssm.cloud.schemas.invoice_lines import LINE_COLUMNS, check_line_lists
from ssm.cloud.schemas.invoices import FIELDS
from ssm.cloud.services.document_lines import DocumentWithLines

_line_table = cast(Table, InvoiceLine.__table__)


class Invoices(DocumentWithLines):
    """Sales invoices and credit notes (Sage ``F_DOCENTETE`` 6/7), keyed by header cbMarq."""

    name = "invoices"
    model = Invoice
    fields = FIELDS
    label = "une facture"
    computed = ("account_id", "owner_id")
    has_owner = True
    has_account = True
    line_table = _line_table
    parent_column = "invoice_id"
    line_columns = LINE_COLUMNS
    check_lines = check_line_lists
    rendered_line_columns = (
        "ext_id",
        "product_ext_id",
        "product_id",
        "description",
        "quantity",
        "unit_price",
        "discount",
        "total_excl_tax",
    )


INVOICES = Invoices()


def count_lines(db: Database, instance_id: int) -> int:
    """How many lines the instance's live (not deleted) invoices have."""
    with db.read() as session:
        return session.execute(
            select(func.count())
            .select_from(_line_table.join(Invoice.__table__))
            .where(_line_table.c.instance_id == instance_id, Invoice.deleted.is_(False))
        ).scalar_one()
