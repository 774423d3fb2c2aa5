"""Invoices of an instance as a bulk resource, with their lines replaced as a whole.

An item that carries ``lines`` replaces the stored lines; one without keeps them. For a
batch, the stored lines of the batch's invoices are read in one query to tell ``unchanged``
from ``updated``, and the lines of every changed invoice are deleted with one statement
and inserted with one executemany. A line's ``productExtId`` that names no product (or is
null) is kept, with ``productId`` null: an invoice must not be refused because of a
product that was deleted or never synchronised.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any, cast

from pydantic.alias_generators import to_camel
from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from ssm.cloud.db import Database, executemany_columns
from ssm.cloud.models import Invoice, InvoiceLine
from ssm.cloud.schemas.fields import ColumnCheck
from ssm.cloud.schemas.invoice_lines import LINE_COLUMNS, PRODUCT_EXT_ID, check_line_lists
from ssm.cloud.schemas.invoices import FIELDS
from ssm.cloud.services.bulk import Pending, Resource
from ssm.cloud.services.products import product_ids

_LINE_COLUMNS = (
    "ext_id",
    "product_ext_id",
    "product_id",
    "description",
    "quantity",
    "unit_price",
    "discount",
    "total_excl_tax",
)
"""The columns of a line as rendered, in order."""
_LINE_KEYS = tuple((to_camel(name), name) for name in _LINE_COLUMNS)
_STORED_COLUMNS = (*LINE_COLUMNS, "product_id")
"""A checked line's columns then its resolved product: what tells a changed line."""
_LINE_INSERT_KEYS = (*_STORED_COLUMNS, "instance_id", "invoice_id", "position")
_line_table = cast(Table, InvoiceLine.__table__)
_INSERT_LINE = insert(_line_table)


class Invoices(Resource):
    """Sales invoices and credit notes (Sage ``F_DOCENTETE`` 6/7), keyed by header cbMarq."""

    name = "invoices"
    model = Invoice
    fields = FIELDS
    label = "une facture"
    computed = ("account_id", "owner_id")
    has_owner = True
    has_account = True

    def nested_checks(self) -> dict[str, ColumnCheck]:
        """``lines``: an array of line objects."""
        return {"lines": check_line_lists}

    def resolve(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Accounts (unknown → ``unknown_account``), owners, and the lines' products.

        The product ids go to ``extra["product_ids"]``, one per line (``None`` if unknown).
        """
        super().resolve(session, instance_id, pendings)
        pendings = [pending for pending in pendings if pending.error is None]
        wanted = {
            line[PRODUCT_EXT_ID]
            for pending in pendings
            for line in pending.values.get("lines", ())
            if line[PRODUCT_EXT_ID] is not None
        }
        products = product_ids(session, instance_id, wanted)
        for pending in pendings:
            if "lines" in pending.values:
                pending.extra["product_ids"] = [
                    products.get(line[PRODUCT_EXT_ID]) for line in pending.values["lines"]
                ]

    def load_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Compare the sent lines of stored invoices with theirs (one query).

        A new invoice's lines are all written: nothing to read or compare (the initial sync).
        """
        stored_ids = {
            pending.stored["id"]: pending
            for pending in pendings
            if pending.stored is not None and "lines" in pending.values
        }
        for pending in pendings:
            if "lines" in pending.values:
                pending.extra["lines_changed"] = pending.stored is None
        if not stored_ids:
            return
        columns = [_line_table.c[name] for name in _STORED_COLUMNS]
        stored_lines: dict[int, list[tuple[Any, ...]]] = {key: [] for key in stored_ids}
        for row in session.execute(
            select(_line_table.c.invoice_id, *columns)
            .where(_line_table.c.invoice_id.in_(list(stored_ids)))
            .order_by(_line_table.c.invoice_id, _line_table.c.position)
        ).all():
            stored_lines[row[0]].append(tuple(row[1:]))
        for invoice_id, pending in stored_ids.items():
            sent = [
                (*line, product_id)
                for line, product_id in zip(
                    pending.values["lines"], pending.extra["product_ids"], strict=True
                )
            ]
            pending.extra["lines_changed"] = stored_lines[invoice_id] != sent

    def children_changed(self, pending: Pending) -> bool:
        """Whether the sent lines differ from the stored ones."""
        return bool(pending.extra.get("lines_changed"))

    def write_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Delete then insert the lines of every invoice whose lines changed."""
        replaced = [pending for pending in pendings if pending.extra.get("lines_changed")]
        if not replaced:
            return
        old = [pending.id for pending in replaced if pending.stored is not None]
        if old:
            session.execute(delete(_line_table).where(_line_table.c.invoice_id.in_(old)))
        # One column per name of ``_LINE_INSERT_KEYS``: the checked lines' own, then the
        # product, instance, invoice and position of each line.
        lines = [pending.values["lines"] for pending in replaced]
        counts = list(map(len, lines))
        total = sum(counts)
        if not total:
            return
        columns: list[Sequence[Any]] = list(zip(*chain.from_iterable(lines), strict=True))
        columns += [
            list(chain.from_iterable(pending.extra["product_ids"] for pending in replaced)),
            (instance_id,) * total,
            list(chain.from_iterable(map(repeat, [pending.id for pending in replaced], counts))),
            list(chain.from_iterable(map(range, counts))),
        ]
        executemany_columns(session, _line_table, _INSERT_LINE, columns, keys=_LINE_INSERT_KEYS)

    def render_one(self, session: Session, instance_id: int, record: dict[str, Any]) -> None:
        """Add the invoice's lines, in order."""
        columns = [_line_table.c[name] for name in _LINE_COLUMNS]
        record["lines"] = [
            {key: row[index] for index, (key, _) in enumerate(_LINE_KEYS)}
            for row in session.execute(
                select(*columns)
                .where(_line_table.c.invoice_id == record["id"])
                .order_by(_line_table.c.position)
            )
        ]


INVOICES = Invoices()


def count_lines(db: Database, instance_id: int) -> int:
    """How many lines the instance's live (not deleted) invoices have."""
    with db.read() as session:
        return session.execute(
            select(func.count())
            .select_from(_line_table.join(Invoice.__table__))
            .where(_line_table.c.instance_id == instance_id, Invoice.deleted.is_(False))
        ).scalar_one()
