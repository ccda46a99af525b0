"""the district console: streets, departments, operators, sessions, audit, calendar,
deadlines, work-order steps; work orders keep the request as recorded; desks their versions

Revision ID: d0005_console_operators
Revises: d0003_device_desk_number
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "d0005_console_operators"
down_revision: str | None = "d0003_device_desk_number"
branch_labels: str | Sequence[str] | None = ("console",)
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "street",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_street")),
        sa.UniqueConstraint("name", name=op.f("uq_street_name")),
    )
    op.create_table(
        "department",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    op.create_table(
        "operator",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("display_name", sa.String(40), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("street_id", sa.String(36), nullable=True),
        sa.Column("department_id", sa.String(36), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["street_id"], ["street.id"], name=op.f("fk_operator_street_id_street")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_operator_department_id_department")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator")),
        sa.UniqueConstraint("username", name=op.f("uq_operator_username")),
    )
    op.create_table(
        "operator_session",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.String(36), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operator.id"], name=op.f("fk_operator_session_operator_id_operator")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_operator_session")),
    )
    op.create_index(op.f("ix_operator_session_operator_id"), "operator_session", ["operator_id"])
    op.create_table(
        "console_audit",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("operator_id", sa.String(36), nullable=True),
        sa.Column("operator_name", sa.String(40), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_audit")),
    )
    op.create_index(op.f("ix_console_audit_at"), "console_audit", ["at"])
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("note", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "service_item_ref",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("center_id", sa.String(36), nullable=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_en", sa.String(80), nullable=False),
        sa.Column("category", sa.String(12), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_item_ref")),
    )
    op.create_table(
        "work_order_step",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("work_order_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("operator_id", sa.String(36), nullable=True),
        sa.Column("operator_name", sa.String(40), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("department_id", sa.String(36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_step")),
    )
    op.create_index("ix_work_order_step_order", "work_order_step", ["work_order_id", "version"])
    op.create_table(
        "district_setting",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_district_setting")),
    )
    with op.batch_alter_table("center") as batch:
        batch.add_column(sa.Column("street_id", sa.String(36), nullable=True))
        batch.create_index(batch.f("ix_center_street_id"), ["street_id"])
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("app_version", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("protocol_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("last_sync_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("visit_fact") as batch:
        batch.add_column(sa.Column("verification_code", sa.String(16), nullable=True))
        batch.add_column(
            sa.Column("queue_number", sa.String(16), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_visit_fact_verification_code"), ["verification_code"])
    with op.batch_alter_table("work_order") as batch:
        batch.add_column(sa.Column("visit_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("service_item_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("category", sa.String(12), nullable=True))
        batch.add_column(
            sa.Column("urgency", sa.String(10), nullable=False, server_default="normal")
        )
        batch.add_column(sa.Column("department_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("street_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("reply", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("escalations", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("satisfaction", sa.Integer(), nullable=True))
        batch.create_index("ix_work_order_status_due", ["status", "due_date"])
        batch.create_index(
            "ix_work_order_department_status", ["department_id", "status", "due_date"]
        )
        batch.create_index("ix_work_order_street_status", ["street_id", "status", "due_date"])
        batch.create_index("ix_work_order_visit", ["visit_id"])
        batch.create_index("ix_work_order_created", ["created_at"])
    _backfill()


def _latest_payloads(conn: sa.Connection, entity: str) -> list[dict[str, object]]:
    rows = conn.execute(
        sa.text(
            "SELECT c.payload FROM entity_state s JOIN change c ON c.server_seq = s.server_seq "
            "WHERE s.entity = :entity AND s.deleted = :no"
        ),
        {"entity": entity, "no": False},
    )
    return [json.loads(row.payload) for row in rows]


def _backfill() -> None:
    """Catalog names, receipt codes and the recorded request, from what the feed holds."""
    conn = op.get_bind()
    items = [
        {
            "id": p["id"],
            "center_id": p.get("center_id"),
            "name": str(p.get("name", ""))[:80],
            "name_en": str(p.get("name_en", ""))[:80],
            "category": str(p.get("category", "public"))[:12],
        }
        for p in _latest_payloads(conn, "service_item")
    ]
    if items:
        conn.execute(
            sa.text(
                "INSERT INTO service_item_ref (id, center_id, name, name_en, category) "
                "VALUES (:id, :center_id, :name, :name_en, :category)"
            ),
            items,
        )
    visits = [
        {"id": p["id"], "code": p.get("verification_code"), "queue": p.get("queue_number", "")}
        for p in _latest_payloads(conn, "visit")
    ]
    if visits:
        conn.execute(
            sa.text(
                "UPDATE visit_fact SET verification_code = :code, queue_number = :queue "
                "WHERE id = :id"
            ),
            visits,
        )
    requests = {p["id"]: p for p in _latest_payloads(conn, "request")}
    orders = conn.execute(sa.text("SELECT id, request_id FROM work_order")).all()
    updates = [
        {
            "id": order.id,
            "visit_id": requests[order.request_id].get("visit_id"),
            "position": requests[order.request_id].get("position"),
            "item": requests[order.request_id].get("service_item_id"),
            "category": requests[order.request_id].get("category"),
            "urgency": requests[order.request_id].get("urgency") or "normal",
        }
        for order in orders
        if order.request_id in requests
    ]
    if updates:
        conn.execute(
            sa.text(
                "UPDATE work_order SET visit_id = :visit_id, position = :position, "
                "service_item_id = :item, category = :category, urgency = :urgency "
                "WHERE id = :id"
            ),
            updates,
        )


def downgrade() -> None:
    with op.batch_alter_table("work_order") as batch:
        batch.drop_index("ix_work_order_created")
        batch.drop_index("ix_work_order_visit")
        batch.drop_index("ix_work_order_street_status")
        batch.drop_index("ix_work_order_department_status")
        batch.drop_index("ix_work_order_status_due")
        for name in (
            "satisfaction",
            "escalations",
            "closed_at",
            "reply",
            "street_id",
            "department_id",
            "urgency",
            "category",
            "service_item_id",
            "position",
            "visit_id",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("visit_fact") as batch:
        batch.drop_index(batch.f("ix_visit_fact_verification_code"))
        batch.drop_column("queue_number")
        batch.drop_column("verification_code")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("last_sync_at")
        batch.drop_column("protocol_version")
        batch.drop_column("app_version")
    with op.batch_alter_table("center") as batch:
        batch.drop_index(batch.f("ix_center_street_id"))
        batch.drop_column("street_id")
    for table in (
        "district_setting",
        "work_order_step",
        "service_item_ref",
        "calendar_day",
        "console_audit",
        "operator_session",
        "operator",
        "department",
    ):
        op.drop_table(table)
    op.drop_table("street")
