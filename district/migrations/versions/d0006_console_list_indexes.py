"""work orders indexed by due date first (per street, per department, overall): each half
of the console's list (overdue, the rest) is read in due-date order and stops at the page

Revision ID: d0006_console_list_indexes
Revises: d0005_console_operators
Create Date: 2026-12-01 23:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "d0006_console_list_indexes"
down_revision: str | None = "d0005_console_operators"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = {
    "ix_work_order_status_due": ["status", "due_date"],
    "ix_work_order_department_status": ["department_id", "status", "due_date"],
    "ix_work_order_street_status": ["street_id", "status", "due_date"],
}
NEW = {
    "ix_work_order_due": ["due_date", "status"],
    "ix_work_order_department_due": ["department_id", "due_date", "status"],
    "ix_work_order_street_due": ["street_id", "due_date", "status"],
}


def upgrade() -> None:
    with op.batch_alter_table("work_order") as batch:
        for name in OLD:
            batch.drop_index(name)
        for name, columns in NEW.items():
            batch.create_index(name, columns)


def downgrade() -> None:
    with op.batch_alter_table("work_order") as batch:
        for name in NEW:
            batch.drop_index(name)
        for name, columns in OLD.items():
            batch.create_index(name, columns)
