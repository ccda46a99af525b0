"""desk state apart from preferences: sync cursors and the last push and pull

Revision ID: 0013_plumbing_state
Revises: 0004_sync
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_plumbing_state"
down_revision: str | None = "0004_sync"
branch_labels: str | Sequence[str] | None = ("desk_state",)
depends_on: str | Sequence[str] | None = None

STATE_KEYS = (
    "sync.acked_through",
    "sync.last_push",
    "sync.cursor",
    "sync.cursor_change_id",
    "sync.last_pull",
    "sync.applies",
    "sync.progress_url",
    "sync.restored",
)
"""The desk's own bookkeeping, moved out of the preferences (``desktop.settings``)."""


def upgrade() -> None:
    op.create_table(
        "desk_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_desk_state")),
    )
    keys = ", ".join(f"'{key}'" for key in STATE_KEYS)
    op.execute(
        f"INSERT INTO desk_state (key, value) SELECT key, value FROM setting WHERE key IN ({keys})"
    )
    op.execute(f"DELETE FROM setting WHERE key IN ({keys})")


def downgrade() -> None:
    op.execute("INSERT INTO setting (key, value) SELECT key, value FROM desk_state")
    op.drop_table("desk_state")
