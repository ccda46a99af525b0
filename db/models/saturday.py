"""Saturday community (星期六社区): set-up, on-duty roster, slots, bookings and waitlist."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced
from protocol.vocabulary import BOOKING_STATUSES, DESK_CHANNELS, HOLDING_STATUSES

CHANNELS = DESK_CHANNELS
"""The channels a desk books through (``online`` bookings come from the district)."""
__all__ = ["BOOKING_STATUSES", "CHANNELS", "HOLDING_STATUSES"]
EXCEPTION_KINDS = ("closed", "short_hours", "workday")
WAITLIST_STATUSES = ("waiting", "offered", "booked", "withdrawn")


class SaturdaySession(Synced, Base):
    """A block of opening hours every Saturday, cut into slots (e.g. 09:00–12:00, 30 min)."""

    __tablename__ = "saturday_session"
    __sync_entity__ = "saturday_session"

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    slot_minutes: Mapped[int] = mapped_column(default=30)


class SaturdayService(Synced, Base):
    """A service item offered on Saturdays, and how many cases one worker takes per slot."""

    __tablename__ = "saturday_service"
    __sync_entity__ = "saturday_service"

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    service_item_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    cases_per_worker: Mapped[int] = mapped_column(default=2)


class SaturdayException(Synced, Base):
    """A dated exception: closed (holiday), shorter hours, or a make-up working day (调休)."""

    __tablename__ = "saturday_exception"
    __sync_entity__ = "saturday_exception"

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    day: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(12))
    starts: Mapped[str] = mapped_column(String(5), default="")
    ends: Mapped[str] = mapped_column(String(5), default="")
    note: Mapped[str] = mapped_column(String(100), default="")


class RosterEntry(Synced, Base):
    """A staff member on duty (值班) on a Saturday."""

    __tablename__ = "roster_entry"
    __sync_entity__ = "roster_entry"
    __table_args__ = (Index("ix_roster_entry_center_day", "center_id", "day"),)

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    day: Mapped[dt.date]
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class SaturdaySlot(Synced, Base):
    """One bookable slot of one service on one Saturday.

    Its id is derived from center, day, start and service (see
    :func:`desktop.saturday.slots.slot_id`), so every desk of a center names it alike.
    """

    __tablename__ = "saturday_slot"
    __sync_entity__ = "saturday_slot"
    __table_args__ = (Index("ix_saturday_slot_center_day", "center_id", "day"),)

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    day: Mapped[dt.date]
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    service_item_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    capacity: Mapped[int] = mapped_column(default=0)
    capacity_override: Mapped[int | None] = mapped_column(default=None)


class SlotShare(Base):
    """Local only: the places of a slot this desk may confirm on its own (its escrow).

    No row means the whole capacity: a desk that has never synced owns every place.
    """

    __tablename__ = "slot_share"

    slot_id: Mapped[str] = mapped_column(ForeignKey("saturday_slot.id"), primary_key=True)
    places: Mapped[int] = mapped_column(default=0)


class Booking(Synced, Base):
    """A resident booked into a Saturday slot."""

    __tablename__ = "booking"
    __sync_entity__ = "booking"
    __table_args__ = (
        Index("ix_booking_slot_status", "slot_id", "status"),
        Index("ix_booking_resident", "resident_id", "service_item_id"),
        Index("ix_booking_center_day", "center_id", "day"),
        # Bookings still open after their slot (no-shows to mark) without reading history.
        Index("ix_booking_center_status_day", "center_id", "status", "day"),
    )

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    slot_id: Mapped[str] = mapped_column(ForeignKey("saturday_slot.id"))
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"))
    service_item_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    day: Mapped[dt.date]
    number: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(24), default="confirmed")
    channel: Mapped[str] = mapped_column(String(10), default="desk")
    from_share: Mapped[bool] = mapped_column(default=True)
    needs_reschedule: Mapped[bool] = mapped_column(default=False)
    no_show_auto: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    rescheduled_from: Mapped[str | None] = mapped_column(String(36), default=None)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), default=None)
    booked_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class WaitlistEntry(Synced, Base):
    """A resident waiting for a place in a service on a Saturday; offered the first one freed."""

    __tablename__ = "waitlist_entry"
    __sync_entity__ = "waitlist_entry"
    __table_args__ = (Index("ix_waitlist_center_day_item", "center_id", "day", "service_item_id"),)

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    day: Mapped[dt.date]
    service_item_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    offered_slot_id: Mapped[str | None] = mapped_column(String(36), default=None)
    booking_id: Mapped[str | None] = mapped_column(String(36), default=None)
    channel: Mapped[str] = mapped_column(String(10), default="desk")
