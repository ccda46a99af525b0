"""Tables of the district console (区级工作台): streets, departments, operators, sessions,
audit, the working-day calendar, deadlines, work-order steps and the catalog as the
district knows it. Same metadata and migration history as :mod:`district.tables`."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from db.types import UTCDateTime
from district.tables import BigId, metadata

street = Table(
    "street",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(60), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

department = Table(
    "department",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(60), nullable=False, unique=True),
    Column("active", Boolean(), nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

operator = Table(
    "operator",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(40), nullable=False),
    Column("role", String(20), nullable=False),  # district_admin / dispatcher / handler
    Column("street_id", ForeignKey("street.id"), nullable=True),  # a dispatcher's street
    Column("department_id", ForeignKey("department.id"), nullable=True),  # a handler's
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean(), nullable=False, default=True),
    Column("failed_attempts", Integer(), nullable=False, default=0),
    Column("locked_until", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

operator_session = Table(
    "operator_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("operator_id", ForeignKey("operator.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("address", String(64), nullable=False, default=""),
    Column("ended_at", UTCDateTime(), nullable=True),
)

console_audit = Table(
    "console_audit",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False, index=True),
    Column("operator_id", String(36), nullable=True),
    Column("operator_name", String(40), nullable=False, default=""),
    Column("action", String(40), nullable=False),
    Column("target", String(80), nullable=False, default=""),
    Column("detail", Text(), nullable=False, default=""),
    Column("address", String(64), nullable=False, default=""),
)

calendar_day = Table(
    "calendar_day",
    metadata,
    Column("day", Date(), primary_key=True),
    Column("kind", String(16), nullable=False),  # holiday / makeup_workday (调休)
    Column("note", String(60), nullable=False, default=""),
)

service_item_ref = Table(
    "service_item_ref",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("center_id", String(36), nullable=True),  # empty: the district catalog
    Column("name", String(80), nullable=False),
    Column("name_en", String(80), nullable=False, default=""),
    Column("category", String(12), nullable=False),
    Column("deadline_days", Integer(), nullable=True),  # working days; empty: the default
)

work_order_step = Table(
    "work_order_step",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("work_order_id", String(36), nullable=False),
    Column("version", Integer(), nullable=False),  # the work order's version after it
    Column("at", UTCDateTime(), nullable=False),
    Column("operator_id", String(36), nullable=True),  # empty: the desk or the server
    Column("operator_name", String(40), nullable=False, default=""),
    Column("action", String(16), nullable=False),
    Column("status", String(12), nullable=False),  # the status after the step
    Column("department_id", String(36), nullable=True),
    Column("note", Text(), nullable=False, default=""),
    Index("ix_work_order_step_order", "work_order_id", "version"),
)

district_setting = Table(
    "district_setting",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text(), nullable=False),
)
