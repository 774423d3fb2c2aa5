"""Revision 0004: the change feed of prospects and contacts made in the CRM.

``crm_changes`` holds one row per create or update made through the CRM API; its ``id`` is
the sequence the connector resumes after (``GET /api/v4/changes?after=``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the feed's table and its per-instance index."""
    op.create_table(
        "crm_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("instances.id"), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("api_key_id", sa.Integer(), sa.ForeignKey("api_keys.id"), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_crm_changes_instance_id_id", "crm_changes", ["instance_id", "id"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_crm_changes_instance_id_id", table_name="crm_changes")
    op.drop_table("crm_changes")
