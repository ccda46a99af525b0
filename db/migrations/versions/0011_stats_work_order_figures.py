"""work orders at the desk keep what the figures count: due date, closing time, callback grade

Revision ID: 0011_stats
Revises: 0004_sync
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0011_stats"
down_revision: str | None = "0004_sync"
branch_labels: str | Sequence[str] | None = ("stats",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_order_status") as batch:
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("closed_at", db.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("satisfaction", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("work_order_status") as batch:
        batch.drop_column("satisfaction")
        batch.drop_column("closed_at")
        batch.drop_column("due_date")
