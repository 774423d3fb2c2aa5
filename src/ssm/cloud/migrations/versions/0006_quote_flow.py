"""Revision 0006: quotes made in the CRM and priced by Sage 100 (issue 16).

``quotes`` gains who made it (``origin``: ``sage`` or ``crm``), the rep's edits counter
(``revision``), whether the rep may still edit it (``read_only``, true for the quotes
Sage sent before this revision), the contact, the two comments, the order number, Sage's
reference and rep; ``quote_lines`` gain Sage's line number, discounts, net price and the
stock shown beside the line. Every new column is nullable or has a server default, so the
rows already stored stay valid: they are quotes made in Sage.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_QUOTE_COLUMNS = (
    "order_number",
    "reference",
    "origin",
    "revision",
    "read_only",
    "contact_id",
    "sales_rep_ext_id",
    "comment",
    "internal_comment",
)
_LINE_COLUMNS = ("ext_id", "discounts", "net_unit_price", "stock")


def upgrade() -> None:
    """Add the columns; the stored quotes read as Sage's, read-only, revision 0."""
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("order_number", sa.String(50), nullable=True))
        batch.add_column(sa.Column("reference", sa.String(100), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(10), nullable=False, server_default="sage"))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("read_only", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("contact_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("sales_rep_ext_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("internal_comment", sa.Text(), nullable=True))
    with op.batch_alter_table("quote_lines") as batch:
        batch.add_column(sa.Column("ext_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("discounts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("net_unit_price", sa.Numeric(24, 6), nullable=True))
        batch.add_column(sa.Column("stock", sa.Numeric(24, 6), nullable=True))


def downgrade() -> None:
    """Drop them (batch mode: SQLite rebuilds the tables)."""
    with op.batch_alter_table("quote_lines") as batch:
        for name in reversed(_LINE_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("quotes") as batch:
        for name in reversed(_QUOTE_COLUMNS):
            batch.drop_column(name)
