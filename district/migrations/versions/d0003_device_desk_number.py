"""each device of a center gets a desk number (queue and booking numbers stay apart)

Revision ID: d0003_device_desk_number
Revises: d0002_center_data_key
Create Date: 2026-11-25 07:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0003_device_desk_number"
down_revision: str | None = "d0002_center_data_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("desk_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.drop_column("desk_number")
