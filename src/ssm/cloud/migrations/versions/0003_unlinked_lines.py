"""Revision 0003: find the lines waiting for their product.

Invoice and quote lines sent before their product (the products stream failed, or the item
arrived later) get their link when a products upsert creates or restores that item
(``services.products.link_lines``). A partial index over the unlinked lines only keeps that
update from reading every line of the instance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("invoice_lines", "quote_lines")
_UNLINKED = sa.text("product_id IS NULL AND product_ext_id IS NOT NULL")


def upgrade() -> None:
    """One partial index per line table."""
    for table in _TABLES:
        op.create_index(
            f"ix_{table}_unlinked",
            table,
            ["instance_id", "product_ext_id"],
            sqlite_where=_UNLINKED,
            postgresql_where=_UNLINKED,
        )


def downgrade() -> None:
    """Drop them."""
    for table in _TABLES:
        op.drop_index(f"ix_{table}_unlinked", table_name=table)
