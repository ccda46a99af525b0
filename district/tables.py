"""The district server's tables (its own metadata and migration history)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from db.types import NAMING_CONVENTION, UTCDateTime

metadata = MetaData(naming_convention=NAMING_CONVENTION)

BigId = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit key on PostgreSQL; INTEGER on SQLite so it is the rowid and autoincrements."""


def _id() -> Column[str]:
    return Column("id", String(36), primary_key=True)


center = Table(
    "center",
    metadata,
    _id(),
    Column("name", String(100), nullable=False),
    Column("address", String(200), nullable=False, default=""),
    Column("hotline", String(40), nullable=False, default=""),
    Column("timezone", String(64), nullable=False, default="Asia/Shanghai"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("street_id", String(36), nullable=True, index=True),  # 街道 (console)
    Column("data_key", String(120), nullable=True),
    # The key the center's desks share for personal data (32 bytes), wrapped by the
    # district master key (``mk1:…``, see district.master_key): handed to a desk at
    # enrolment only, never sent in the change feed, never stored in plain.
)

device = Table(
    "device",
    metadata,
    _id(),
    Column("center_id", ForeignKey("center.id"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("last_seq", BigInteger(), nullable=False, default=0),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=True),
    Column("revoked_at", UTCDateTime(), nullable=True),
    Column("desk_number", Integer(), nullable=True),
    Column("app_version", String(40), nullable=False, default=""),
    Column("protocol_version", Integer(), nullable=True),
    Column("last_sync_at", UTCDateTime(), nullable=True),  # last push or pull answered
    # 1-9, unique among the center's active devices: the desk's queue-number block and
    # the stem of its booking numbers, so two desks of a center never hand out the same.
)

enrolment_code = Table(
    "enrolment_code",
    metadata,
    _id(),
    Column("center_id", ForeignKey("center.id"), nullable=False),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("used_at", UTCDateTime(), nullable=True),
    Column("device_id", String(36), nullable=True),
)

api_client = Table(
    "api_client",
    metadata,
    _id(),
    Column("name", String(80), nullable=False),
    Column("role", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
)

change = Table(
    "change",
    metadata,
    Column("server_seq", BigId, primary_key=True, autoincrement=True),
    Column("change_id", String(36), nullable=False, unique=True),
    Column("center_id", String(36), nullable=True),
    Column("device_id", String(36), nullable=True),
    Column("desk_seq", BigInteger(), nullable=True),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(36), nullable=False),
    Column("op", String(10), nullable=False),
    Column("version", Integer(), nullable=False),
    Column("payload", Text(), nullable=False),
    Column("status", String(10), nullable=False),
    Column("reason", Text(), nullable=True),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("fingerprint", String(64), nullable=True),
    # SHA-256 of what the desk sent (entity, id, op, version, payload): the same change id
    # with other content is refused, not answered as a replay. Empty for district rows.
    Index("ix_change_center_seq", "center_id", "server_seq"),
)

entity_state = Table(
    "entity_state",
    metadata,
    Column("entity", String(40), primary_key=True),
    Column("entity_id", String(36), primary_key=True),
    Column("center_id", String(36), nullable=True),
    Column("version", Integer(), nullable=False),
    Column("server_seq", BigInteger(), nullable=False),
    Column("deleted", Boolean(), nullable=False, default=False),
)

visit_fact = Table(
    "visit_fact",
    metadata,
    _id(),
    Column("center_id", String(36), nullable=False),
    Column("visit_date", Date(), nullable=False),
    Column("satisfaction", Integer(), nullable=True),
    Column("deleted", Boolean(), nullable=False, default=False),
    Column("verification_code", String(16), nullable=True, index=True),  # the receipt's
    Column("queue_number", String(16), nullable=False, default=""),
    Index("ix_visit_fact_center_date", "center_id", "visit_date"),
)

request_fact = Table(
    "request_fact",
    metadata,
    _id(),
    Column("center_id", String(36), nullable=False),
    Column("visit_id", String(36), nullable=False, index=True),
    Column("service_item_id", String(36), nullable=False),
    Column("category", String(12), nullable=False),
    Column("outcome", String(12), nullable=True),
    Column("deleted", Boolean(), nullable=False, default=False),
    Index("ix_request_fact_center", "center_id"),
)

work_order = Table(
    "work_order",
    metadata,
    _id(),
    Column("center_id", String(36), nullable=False, index=True),
    Column("request_id", String(36), nullable=False, unique=True),
    Column("referred_to", String(80), nullable=False, default=""),
    Column("description", String(1000), nullable=False, default=""),
    Column("due_date", Date(), nullable=True),
    Column("status", String(12), nullable=False),
    Column("note", String(500), nullable=False, default=""),
    Column("version", Integer(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # The request as the desk recorded it, and what the console did with it.
    Column("visit_id", String(36), nullable=True),
    Column("position", Integer(), nullable=True),
    Column("service_item_id", String(36), nullable=True),
    Column("category", String(12), nullable=True),
    Column("urgency", String(10), nullable=False, default="normal"),
    Column("department_id", String(36), nullable=True),
    Column("street_id", String(36), nullable=True),  # the center's street (dispatcher scope)
    Column("reply", Text(), nullable=False, default=""),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("escalations", Integer(), nullable=False, default=0),
    Column("satisfaction", Integer(), nullable=True),  # 回访: the grade of the result
    # Due date first: each half of the list (overdue, the rest) is read in due-date order.
    Index("ix_work_order_due", "due_date", "status"),
    Index("ix_work_order_department_due", "department_id", "due_date", "status"),
    Index("ix_work_order_street_due", "street_id", "due_date", "status"),
    Index("ix_work_order_visit", "visit_id"),
    Index("ix_work_order_created", "created_at"),
)

saturday_slot = Table(
    "saturday_slot",
    metadata,
    _id(),
    Column("center_id", ForeignKey("center.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("starts", String(5), nullable=False),
    Column("ends", String(5), nullable=False),
    Column("service_item_id", String(36), nullable=True),
    Column("capacity", Integer(), nullable=False),
    Column("booked", Integer(), nullable=False, default=0),
    Column("server_free", Integer(), nullable=False),
    Column("version", Integer(), nullable=False, default=1),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_saturday_slot_center_day", "center_id", "day"),
)

slot_share = Table(
    "slot_share",
    metadata,
    Column("slot_id", ForeignKey("saturday_slot.id"), primary_key=True),
    Column("device_id", ForeignKey("device.id"), primary_key=True),
    Column("held", Integer(), nullable=False, default=0),
)

booking_state = Table(
    "booking_state",
    metadata,
    _id(),
    Column("center_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False, index=True),
    Column("status", String(24), nullable=False),
    Column("source", String(10), nullable=True),
    Column("device_id", String(36), nullable=True),
)

share_request = Table(
    "share_request",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("moved", Integer(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("fingerprint", String(64), nullable=True),  # of kind, slot and places asked
)

channel_booking = Table(
    "channel_booking",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False),
    Column("booking_id", String(36), nullable=False),
    Column("slot_id", String(36), nullable=False),
    Column("status", String(24), nullable=False),
    Column("fingerprint", String(64), nullable=True),
    # HMAC (the center's data key) of slot, name, phone and note: a request id used again
    # for another booking is refused; the phone cannot be guessed back from it.
    UniqueConstraint("booking_id"),
)
