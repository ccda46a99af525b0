"""Saturday places: slots, the shares desks hold, and bookings through other channels."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from protocol.common import ID_PATTERN, Message
from protocol.storable import Inbound


class Slot(Message):
    id: str
    center_id: str
    day: dt.date
    starts: str = Field(examples=["09:00"])
    ends: str = Field(examples=["10:00"])
    service_item_id: str | None = None
    capacity: int
    booked: int
    server_free: int = Field(description="Places nobody holds: what other channels may book")
    my_share: int = Field(default=0, description="Places this desk holds (desk answers only)")


class SlotList(Message):
    slots: list[Slot]


class ShareRequest(Inbound):
    """Ask for more places of a slot, or return places (idempotent per request_id)."""

    request_id: str = Field(pattern=ID_PATTERN, description="UUID made by the desk")
    slot_id: str = Field(pattern=ID_PATTERN)
    places: int = Field(ge=1, le=1000)


class ShareState(Message):
    slot_id: str
    held: int = Field(description="Places this desk now holds")
    moved: int = Field(description="Places granted or returned by this request")
    server_free: int
    replayed: bool = False


class ChannelBookingRequest(Inbound):
    request_id: str = Field(pattern=ID_PATTERN, description="Idempotency key of the channel")
    slot_id: str = Field(pattern=ID_PATTERN)
    resident_name: str = Field(min_length=1, max_length=40)
    phone: str = Field(pattern=r"^1[3-9][0-9]{9}$")
    note: str = Field(default="", max_length=200)


class ChannelBooking(Message):
    booking_id: str
    slot_id: str
    status: str
    replayed: bool = False
