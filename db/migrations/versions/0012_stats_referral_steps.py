"""work orders at the desk keep the district's steps (for the 诉求办理台账)

Revision ID: 0012_stats_steps
Revises: 0011_stats
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_stats_steps"
down_revision: str | None = "0011_stats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_order_status") as batch:
        batch.add_column(sa.Column("steps", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("work_order_status") as batch:
        batch.drop_column("steps")
