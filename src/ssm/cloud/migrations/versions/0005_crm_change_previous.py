"""Revision 0005: a feed entry keeps what the changed fields held before, and who changed them.

``crm_changes.previous`` is null for a creation and for entries made before this revision;
for an update it maps each changed field (API name) to its former value, so the connector
can decide field by field when Sage changed the same record too. ``crm_changes.user_id``
names the person who made a change in the web app (``api_key_id`` names a key).

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
    """Add the nullable columns: earlier entries have no previous values nor person."""
    op.add_column("crm_changes", sa.Column("previous", sa.JSON(), nullable=True))
    with op.batch_alter_table("crm_changes") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_crm_changes_user_id_users", "users", ["user_id"], ["id"])


def downgrade() -> None:
    """Drop it (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table("crm_changes") as batch:
        batch.drop_constraint("fk_crm_changes_user_id_users", type_="foreignkey")
        batch.drop_column("user_id")
        batch.drop_column("previous")
