"""Places still held by desks revoked before revocation returned them go back to the pool.

Revision ID: d0007_hardening_revoked_shares
Revises: d0006_console_list_indexes
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0007_hardening_revoked_shares"
down_revision: str | None = "d0006_console_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    stranded = conn.execute(
        sa.text(
            "SELECT s.slot_id, s.device_id, s.held FROM slot_share s "
            "JOIN device d ON d.id = s.device_id "
            "WHERE d.revoked_at IS NOT NULL AND s.held > 0"
        )
    ).all()
    for row in stranded:
        conn.execute(
            sa.text("UPDATE saturday_slot SET server_free = server_free + :held WHERE id = :slot"),
            {"held": row.held, "slot": row.slot_id},
        )
        conn.execute(
            sa.text("UPDATE slot_share SET held = 0 WHERE slot_id = :slot AND device_id = :device"),
            {"slot": row.slot_id, "device": row.device_id},
        )


def downgrade() -> None:
    """Nothing to undo: the places are simply free again."""
