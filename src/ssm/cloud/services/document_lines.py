"""Documents with lines (invoices, quotes) as bulk resources: lines replaced as a whole.

An item that carries ``lines`` replaces the stored lines; one without keeps them. For a
batch, the stored lines of the batch's documents are read in one query to tell
``unchanged`` from ``updated``, and the lines of every changed document are deleted with
one statement and inserted with one executemany. A line's ``productExtId`` that names no
product (or is null) is kept, with ``productId`` null: a document must not be refused
because of a product that was deleted or never synchronised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import chain, repeat
from typing import Any, ClassVar

from pydantic.alias_generators import to_camel
from sqlalchemy import Insert, Table, delete, insert, select
from sqlalchemy.orm import Session

from ssm.cloud.db import executemany_columns
from ssm.cloud.schemas.fields import ColumnCheck
from ssm.cloud.services.bulk import Pending, Resource
from ssm.cloud.services.products import product_ids


class DocumentWithLines(Resource):
    """A bulk resource whose records carry ``lines`` in a table of their own.

    A subclass names the line table, the column pointing at the document, the columns of
    a checked line (in the order its schema's check gives them), the check itself, and
    the columns a rendered line shows.
    """

    line_table: ClassVar[Table]
    parent_column: ClassVar[str]
    line_columns: ClassVar[tuple[str, ...]]
    check_lines: ClassVar[Callable[[list[Any]], list[list[tuple[Any, ...]]]]]
    rendered_line_columns: ClassVar[tuple[str, ...]]

    def nested_checks(self) -> dict[str, ColumnCheck]:
        """``lines``: an array of line objects."""
        return {"lines": type(self).check_lines}

    def resolve(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Accounts (unknown → ``unknown_account``), owners, and the lines' products.

        The product ids go to ``extra["product_ids"]``, one per line (``None`` if unknown).
        """
        super().resolve(session, instance_id, pendings)
        pendings = [pending for pending in pendings if pending.error is None]
        at = self.line_columns.index("product_ext_id")
        wanted = {
            line[at]
            for pending in pendings
            for line in pending.values.get("lines", ())
            if line[at] is not None
        }
        products = product_ids(session, instance_id, wanted)
        for pending in pendings:
            if "lines" in pending.values:
                pending.extra["product_ids"] = [
                    products.get(line[at]) for line in pending.values["lines"]
                ]

    def load_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Compare the sent lines of stored documents with theirs (one query).

        A new document's lines are all written: nothing to read or compare (the initial sync).
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
        table, parent = self.line_table, self.line_table.c[self.parent_column]
        columns = [table.c[name] for name in (*self.line_columns, "product_id")]
        stored_lines: dict[int, list[tuple[Any, ...]]] = {key: [] for key in stored_ids}
        for row in session.execute(
            select(parent, *columns)
            .where(parent.in_(list(stored_ids)))
            .order_by(parent, table.c.position)
        ).all():
            stored_lines[row[0]].append(tuple(row[1:]))
        for document_id, pending in stored_ids.items():
            sent = [
                (*line, product_id)
                for line, product_id in zip(
                    pending.values["lines"], pending.extra["product_ids"], strict=True
                )
            ]
            pending.extra["lines_changed"] = stored_lines[document_id] != sent

    def children_changed(self, pending: Pending) -> bool:
        """Whether the sent lines differ from the stored ones."""
        return bool(pending.extra.get("lines_changed"))

    def write_children(self, session: Session, instance_id: int, pendings: list[Pending]) -> None:
        """Delete then insert the lines of every document whose lines changed."""
        replaced = [pending for pending in pendings if pending.extra.get("lines_changed")]
        if not replaced:
            return
        table = self.line_table
        old = [pending.id for pending in replaced if pending.stored is not None]
        if old:
            session.execute(delete(table).where(table.c[self.parent_column].in_(old)))
        # One column per key: the checked lines' own, then the product, instance,
        # document and position of each line.
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
        keys = (*self.line_columns, "product_id", "instance_id", self.parent_column, "position")
        executemany_columns(session, table, self.insert_lines, columns, keys=keys)

    @cached_property
    def insert_lines(self) -> Insert:
        """The one insert of lines, so ``executemany_columns`` plans it once (by identity)."""
        return insert(self.line_table)

    def render_one(self, session: Session, instance_id: int, record: dict[str, Any]) -> None:
        """Add the document's lines, in order."""
        record["lines"] = self.lines_of(session, record["id"])

    def lines_of(self, session: Session, document_id: int) -> list[dict[str, Any]]:
        """One document's lines as the API renders them, in order."""
        table, names = self.line_table, self.rendered_line_columns
        keys = [to_camel(name) for name in names]
        return [
            dict(zip(keys, row, strict=True))
            for row in session.execute(
                select(*(table.c[name] for name in names))
                .where(table.c[self.parent_column] == document_id)
                .order_by(table.c.position)
            ).all()
        ]
