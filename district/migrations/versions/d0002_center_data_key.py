"""each center gets the key its desks share for personal data

Revision ID: d0002_center_data_key
Revises: d0001_initial
Create Date: 2026-11-25 07:00:00
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0002_center_data_key"
down_revision: str | None = "d0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("center") as batch:
        batch.add_column(sa.Column("data_key", sa.String(length=44), nullable=True))
    conn = op.get_bind()
    centers = sa.table("center", sa.column("id", sa.String), sa.column("data_key", sa.String))
    for (center_id,) in conn.execute(sa.select(centers.c.id)).all():
        key = base64.b64encode(os.urandom(32)).decode("ascii")
        conn.execute(centers.update().where(centers.c.id == center_id).values(data_key=key))


def downgrade() -> None:
    with op.batch_alter_table("center") as batch:
        batch.drop_column("data_key")
