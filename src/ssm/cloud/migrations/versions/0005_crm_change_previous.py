"""Revision 0005: a feed entry keeps what the changed fields held before the CRM's edit.

``crm_changes.previous`` is null for a creation and for entries made before this revision;
for an update it maps each changed field (API name) to its former value, so the connector
can decide field by field when Sage changed the same record too.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the nullable column: earlier entries have no previous values."""
    op.add_column("crm_changes", sa.Column("previous", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop it (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table("crm_changes") as batch:
        batch.drop_column("previous")
