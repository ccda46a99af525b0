"""Read-outs for the Saturday screens: a day's slots, the month, the day's list, call list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db.models import Booking, WaitlistEntry
from desktop import access, residents
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.saturday import slots as slot_rules
from desktop.saturday.arrivals import sweep_no_shows
from desktop.saturday.calendar import next_saturday
from desktop.saturday.views import (
    BookingView,
    SlotView,
    WaitlistView,
    booking_views,
    slot_views,
    staff_names,
    waitlist_views,
)


@dataclass(frozen=True)
class DayOverview:
    day: dt.date
    closed_reason: str  # "", "closed" or "workday"
    note: str
    on_duty: list[str]
    slots: list[SlotView]


@dataclass(frozen=True)
class DayList:
    overview: DayOverview
    bookings: dict[str, list[BookingView]]  # slot id → bookings (cancelled ones left out)
    to_reschedule: list[BookingView]
    waitlist: list[WaitlistView]


@dataclass(frozen=True)
class CallEntry:
    booking: BookingView
    phone: str


@maps_database_errors
def day_overview(ctx: DeskContext, day: dt.date, service_item_id: str | None = None) -> DayOverview:
    """The Saturday's slots (made and brought up to date first) with free/total places."""
    with ctx.db.write() as session:
        slots = slot_rules.ensure_slots(session, ctx.center_id, day, ctx.today())
        plan = slot_rules.day_plan(session, ctx.center_id, day)
        duty = staff_names(session, slot_rules.on_duty(session, ctx.center_id, day))
        if service_item_id is not None:
            slots = [s for s in slots if s.service_item_id == service_item_id]
        return DayOverview(
            day, plan.closed_reason, plan.note, duty, slot_views(session, ctx, slots)
        )


@maps_database_errors
def free_slots(
    ctx: DeskContext, service_item_id: str, first_day: dt.date, weeks: int = 4
) -> list[SlotView]:
    """Slots of a service with a free place, not started yet, on ``weeks`` Saturdays from
    ``first_day`` (where a booking can be moved to)."""
    found: list[SlotView] = []
    day = max(next_saturday(first_day), next_saturday(ctx.today()))
    for _ in range(weeks):
        overview = day_overview(ctx, day, service_item_id)
        if not overview.closed_reason:
            found += [s for s in overview.slots if s.free > 0 and not s.past]
        day += dt.timedelta(weeks=1)
    return found


@maps_database_errors
@access.guarded("saturday.read")
def day_list(ctx: DeskContext, staff: StaffIdentity, day: dt.date) -> DayList:
    """The Saturday's list (预约名单) by slot; no-shows marked first for slots that are over."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.read")
        sweep_no_shows(session, ctx)
    overview = day_overview(ctx, day)
    with ctx.db.read() as session:
        rows = list(
            session.scalars(
                select(Booking)
                .where(
                    Booking.center_id == ctx.center_id,
                    Booking.day == day,
                    Booking.status != "cancelled",
                    Booking.deleted_at.is_(None),
                )
                .order_by(Booking.created_at)
            )
        )
        views = booking_views(session, rows)
        waiting = list(
            session.scalars(
                select(WaitlistEntry)
                .where(
                    WaitlistEntry.center_id == ctx.center_id,
                    WaitlistEntry.day == day,
                    WaitlistEntry.status.in_(("waiting", "offered")),
                )
                .order_by(WaitlistEntry.created_at)
            )
        )
        waitlist = waitlist_views(session, waiting)
    by_slot: dict[str, list[BookingView]] = {s.id: [] for s in overview.slots}
    for view in views:
        if not view.needs_reschedule:
            by_slot.setdefault(view.slot_id, []).append(view)
    return DayList(overview, by_slot, [v for v in views if v.needs_reschedule], waitlist)


@maps_database_errors
@access.guarded("saturday.read")
def resident_bookings(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str
) -> list[BookingView]:
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "saturday.read")
        rows = list(
            session.scalars(
                select(Booking)
                .where(Booking.center_id == ctx.center_id, Booking.resident_id == resident_id)
                .order_by(Booking.day.desc(), Booking.created_at.desc())
            )
        )
        return booking_views(session, rows)


@maps_database_errors
@access.guarded("resident.reveal")
def call_list(ctx: DeskContext, staff: StaffIdentity, day: dt.date) -> list[CallEntry]:
    """The Saturday's booked residents with their phones, for reminder calls the day before.

    Each phone shown is revealed through the audited reveal (one audit event per resident).
    """
    access.check(ctx, staff, "resident.reveal")
    listing = day_list(ctx, staff, day)
    entries = []
    for slot in listing.overview.slots:
        for booking in listing.bookings.get(slot.id, []):
            if booking.status in ("confirmed", "pending_confirmation"):
                phone = residents.reveal_phone(ctx, staff, booking.resident_id)
                entries.append(CallEntry(booking, phone))
    return entries
