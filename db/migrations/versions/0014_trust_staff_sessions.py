"""staff sessions: each sign-in at the desk is a row its checks can find

Revision ID: 0014_trust_sessions
Revises: 0001_initial
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0014_trust_sessions"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = ("trust",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_session",
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("ended_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("ended_why", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_session_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("secret_hash", name=op.f("pk_staff_session")),
    )
    with op.batch_alter_table("staff_session") as batch:
        batch.create_index(batch.f("ix_staff_session_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff_session") as batch:
        batch.drop_index(batch.f("ix_staff_session_staff_id"))
    op.drop_table("staff_session")
