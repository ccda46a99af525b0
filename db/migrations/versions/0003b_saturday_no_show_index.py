"""booking index for marking no-shows without reading every past booking

Revision ID: 0003b_saturday
Revises: 0003_saturday
Create Date: 2026-11-25 03:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003b_saturday"
down_revision: str | None = "0003_saturday"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_index(
            "ix_booking_center_status_day", ["center_id", "status", "day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_center_status_day")
