"""room for centers' data keys wrapped by the district master key (``mk1:`` + 80 characters);
the server wraps keys stored before it at start (district.center_keys.wrap_plain_keys)

Revision ID: d0009_hardening_wrapped_keys
Revises: d0008_hardening_fingerprints
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0009_hardening_wrapped_keys"
down_revision: str | None = "d0008_hardening_fingerprints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite does not enforce a text column's length (and the center table
        # cannot be rebuilt under the foreign keys pointing at it)
    with op.batch_alter_table("center") as batch:
        batch.alter_column(
            "data_key", existing_type=sa.String(44), type_=sa.String(120), existing_nullable=True
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    with op.batch_alter_table("center") as batch:
        batch.alter_column(
            "data_key", existing_type=sa.String(120), type_=sa.String(44), existing_nullable=True
        )
