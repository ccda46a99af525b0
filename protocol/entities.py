"""What the server checks in the payload of each kind of row it knows.

Payloads stay generic on the wire (entity name + JSON object). For the entities below the
server validates the fields it relies on; other fields pass through untouched, so a desk
may add columns without a server upgrade. Rows of entities the server does not know are
stored and relayed to the center's other desks as they are.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from protocol.storable import Day, Int32
from protocol.vocabulary import (
    BookingStatus,
    Category,
    Outcome,
    Role,
    Urgency,
    VisitStatus,
)

__all__ = ["BookingStatus"]


class Payload(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(max_length=36)
    center_id: str | None = Field(default=None, max_length=36)
    version: int | None = None


class ResidentPayload(Payload):
    center_id: str = Field(max_length=36)
    name: str = Field(min_length=1, max_length=40)
    phone: str | None = Field(default=None, max_length=20)
    id_number: str | None = Field(default=None, max_length=18)


class StaffPayload(Payload):
    center_id: str = Field(max_length=36)
    username: str = Field(min_length=1, max_length=40)
    display_name: str = Field(min_length=1, max_length=40)
    role: Role


class VisitPayload(Payload):
    center_id: str = Field(max_length=36)
    resident_id: str = Field(max_length=36)
    visit_date: Day
    queue_number: str = Field(max_length=10)
    status: VisitStatus
    satisfaction: int | None = Field(default=None, ge=1, le=5)


class RequestPayload(Payload):
    center_id: str = Field(max_length=36)
    visit_id: str = Field(max_length=36)
    service_item_id: str = Field(max_length=36)
    category: Category
    urgency: Urgency = "normal"
    description: str = Field(default="", max_length=1000)
    outcome: Outcome | None = None
    referred_to: str = Field(default="", max_length=80)
    due_date: Day | None = None
    position: Int32 | None = Field(
        default=None, description="The request's place in its visit (1, 2, …)"
    )


class AuditEventPayload(Payload):
    center_id: str = Field(max_length=36)
    action: str = Field(min_length=1, max_length=40)


class ServiceLinePayload(Payload):
    code: str = Field(min_length=1, max_length=2)
    name: str = Field(min_length=1, max_length=40)


class ServiceItemPayload(Payload):
    line_id: str = Field(max_length=36)
    name: str = Field(min_length=1, max_length=80)
    category: Category


class SaturdaySlotPayload(Payload):
    """A Saturday slot as a desk derives it from the center's Saturday set-up."""

    center_id: str = Field(max_length=36)
    day: Day
    starts: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")
    ends: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")
    service_item_id: str = Field(max_length=36)
    capacity: int = Field(ge=0, le=10_000)


class BookingPayload(Payload):
    center_id: str = Field(max_length=36)
    slot_id: str = Field(max_length=36)
    resident_id: str = Field(max_length=36)
    status: BookingStatus
    from_share: bool = Field(
        default=False, description="The desk confirmed it from its own share of the slot"
    )


PAYLOAD_MODELS: dict[str, type[Payload]] = {
    "resident": ResidentPayload,
    "staff": StaffPayload,
    "visit": VisitPayload,
    "request": RequestPayload,
    "audit_event": AuditEventPayload,
    "service_line": ServiceLinePayload,
    "service_item": ServiceItemPayload,
    "booking": BookingPayload,
    "saturday_slot": SaturdaySlotPayload,
}

READ_ONLY_ENTITIES = frozenset({"center", "work_order"})
"""Rows only the district writes; desks receive them by pull."""

DERIVED_ENTITIES = frozenset({"saturday_slot", "service_line", "service_item"})
"""Rows every desk of a center derives alike (same id from the same set-up or the same
catalog): a desk's version is merged into the server's (the latest wins), never refused as
a version conflict. For a slot the server keeps the places (booked, shares, free) itself;
a desk's row only brings its capacity."""

REFERENCES: dict[str, tuple[str, ...]] = {
    "visit": ("resident_id",),
    "request": ("visit_id",),
    "booking": ("resident_id", "slot_id"),
}
"""Fields naming another row of the same center (checked for center isolation)."""

REFERENCE_ENTITY = {"resident_id": "resident", "visit_id": "visit", "slot_id": "saturday_slot"}
