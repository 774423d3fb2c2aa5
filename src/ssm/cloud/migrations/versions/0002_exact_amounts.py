"""Revision 0002: exact amounts, ``NUMERIC(24, 6)`` as Sage's.

Amounts, prices and quantities were ``NUMERIC(18, 4)``: a unit price of ``0.123456`` lost
two decimals. They become ``NUMERIC(24, 6)``, Sage's own type. On PostgreSQL the column
type changes in place (exact). On SQLite, where ``NUMERIC`` holds a float, the cloud stores
a whole number of millionths (``models.Amount``): the tables are rebuilt (SQLite cannot
change a column's type) and the stored floats, which had at most 4 decimals, become
millionths. The values lost before stay lost: a ``resync`` of products and invoices from
the connector brings their last two decimals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 07:55:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AMOUNTS = {
    "products": ("price", "cost", "stock", "stock_available"),
    "invoices": ("total_excl_tax", "total_incl_tax"),
    "invoice_lines": ("quantity", "unit_price", "discount", "total_excl_tax"),
    "quotes": ("total_excl_tax", "total_incl_tax"),
    "quote_lines": ("quantity", "unit_price", "total_excl_tax"),
}
_OLD = sa.Numeric(precision=18, scale=4, asdecimal=False)
_NEW = sa.Numeric(precision=24, scale=6)


_CHILDREN = {"invoices": "invoice_lines", "quotes": "quote_lines"}
"""Tables whose lines point to them with a foreign key."""


def _retype(old: sa.Numeric[Any], new: sa.Numeric[Any]) -> None:
    """Change every amount column's type; SQLite rebuilds the tables.

    Rebuilding a table drops it, which SQLite refuses while lines point to it (foreign keys
    are on, and cannot be turned off inside the migration's transaction): a parent's lines
    are set aside in a temporary table during the rebuild, then put back unchanged.
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in _AMOUNTS.items():
        child = _CHILDREN.get(table) if sqlite else None
        if child is not None:
            op.execute(f"CREATE TEMPORARY TABLE kept_{child} AS SELECT * FROM {child}")
            op.execute(f"DELETE FROM {child}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=old, type_=new, existing_nullable=True)
        if child is not None:
            op.execute(f"INSERT INTO {child} SELECT * FROM kept_{child}")
            op.execute(f"DROP TABLE kept_{child}")


def _rescale(expression: str) -> None:
    """SQLite only: rewrite every stored amount ``x`` as ``expression`` of it."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in _AMOUNTS.items():
        assignments = ", ".join(f"{column} = {expression.format(x=column)}" for column in columns)
        op.execute(f"UPDATE {table} SET {assignments}")


def upgrade() -> None:
    """Apply this revision."""
    _retype(_OLD, _NEW)
    _rescale("CAST(ROUND({x} * 1000000) AS INTEGER)")


def downgrade() -> None:
    """Revert this revision (amounts back to 4 decimals, floats on SQLite)."""
    _rescale("ROUND({x} / 1000000.0, 4)")
    _retype(_NEW, _OLD)
