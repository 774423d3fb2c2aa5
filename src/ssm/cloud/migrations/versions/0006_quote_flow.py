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


def _quote_columns() -> list[sa.Column[object]]:
    """The new columns of ``quotes``, built anew for each run (a column joins one table)."""
    return [
        sa.Column("order_number", sa.String(50), nullable=True),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("origin", sa.String(10), nullable=False, server_default="sage"),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("read_only", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("sales_rep_ext_id", sa.String(100), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("internal_comment", sa.Text(), nullable=True),
    ]


def _line_columns() -> list[sa.Column[object]]:
    """The new columns of ``quote_lines``."""
    return [
        sa.Column("ext_id", sa.String(100), nullable=True),
        sa.Column("discounts", sa.JSON(), nullable=True),
        sa.Column("net_unit_price", sa.Numeric(24, 6), nullable=True),
        sa.Column("stock", sa.Numeric(24, 6), nullable=True),
    ]


def upgrade() -> None:
    """Add the columns; the stored quotes read as Sage's, read-only, revision 0.

    Plain ``ALTER TABLE … ADD COLUMN``, not SQLite's batch rebuild: dropping ``quotes`` to
    rebuild it would break the foreign key of its stored lines.
    """
    for column in _quote_columns():
        op.add_column("quotes", column)
    for column in _line_columns():
        op.add_column("quote_lines", column)


def downgrade() -> None:
    """Drop them with ``ALTER TABLE … DROP COLUMN`` on both databases.

    Not SQLite's batch rebuild, as ``upgrade``; none of these columns is in an index or
    a constraint, which is what SQLite's ``DROP COLUMN`` (3.35) refuses.
    """
    for column in reversed(_line_columns()):
        op.drop_column("quote_lines", column.name)
    for column in reversed(_quote_columns()):
        op.drop_column("quotes", column.name)
