"""sync rounds: the recent history the sync panel shows

Revision ID: 0005_sync_history
Revises: 0001_initial
Create Date: 2026-11-25 07:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0005_sync_history"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = ("sync_history",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("finished_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("pushed", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("pulled", sa.Integer(), nullable=False),
        sa.Column("message_code", sa.String(length=60), nullable=False),
        sa.Column("message_params", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_round")),
    )
    with op.batch_alter_table("sync_round") as batch:
        batch.create_index(batch.f("ix_sync_round_finished_at"), ["finished_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_round") as batch:
        batch.drop_index(batch.f("ix_sync_round_finished_at"))
    op.drop_table("sync_round")
