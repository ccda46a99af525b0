"""a fingerprint of what each change, share request and channel booking asked for, so an
id used again with other content is refused instead of answered as a replay

Revision ID: d0008_hardening_fingerprints
Revises: d0007_hardening_revoked_shares
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0008_hardening_fingerprints"
down_revision: str | None = "d0007_hardening_revoked_shares"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("change", "share_request", "channel_booking")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("fingerprint")
