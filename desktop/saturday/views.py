"""What the Saturday screens show: slots with free places, bookings, the month, the waitlist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Booking, Resident, SaturdaySlot, ServiceItem, Staff, Visit, WaitlistEntry
from desktop.context import DeskContext
from desktop.saturday import slots as slot_rules


@dataclass(frozen=True)
class SlotView:
    id: str
    day: dt.date
    starts: str
    ends: str
    service_item_id: str
    service_name: str
    capacity: int
    booked: int
    share: int
    past: bool
    overridden: bool = False  # an admin set the places by hand
    held: int = 0  # places kept for waitlisted residents offered them

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked - self.held, 0)


@dataclass(frozen=True)
class BookingView:
    id: str
    number: str
    slot_id: str
    day: dt.date
    starts: str
    ends: str
    service_item_id: str
    service_name: str
    resident_id: str
    resident_name: str
    resident_phone_masked: str
    status: str
    channel: str
    from_share: bool
    needs_reschedule: bool
    no_show_auto: bool
    cancel_reason: str
    visit_id: str | None
    note: str
    visit_status: str = ""  # of the visit opened at check-in: waiting / serving / closed

    @property
    def active(self) -> bool:
        return self.status in ("confirmed", "pending_confirmation") and not self.needs_reschedule

    @property
    def done(self) -> bool:
        """Checked in and served: the visit opened at check-in is closed."""
        return self.status == "checked_in" and self.visit_status == "closed"

    @property
    def stage(self) -> str:
        """What the day's list shows: the booking's status, or how far its visit got."""
        if self.needs_reschedule:
            return "needs_reschedule"
        if self.status == "checked_in" and self.visit_status in ("serving", "closed"):
            return f"visit_{self.visit_status}"
        return self.status


@dataclass(frozen=True)
class WaitlistView:
    id: str
    day: dt.date
    service_item_id: str
    service_name: str
    resident_id: str
    resident_name: str
    resident_phone_masked: str
    status: str
    offered_slot_id: str | None
    offered_time: str


def slot_start(ctx: DeskContext, day: dt.date, hhmm: str) -> dt.datetime:
    """The slot's start as an aware UTC moment (slot times are the center's local time)."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    local = dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=ZoneInfo(ctx.timezone))
    return local.astimezone(dt.UTC)


def service_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(ServiceItem.id, ServiceItem.name).where(ServiceItem.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def slot_views(session: Session, ctx: DeskContext, slots: list[SaturdaySlot]) -> list[SlotView]:
    names = service_names(session, (s.service_item_id for s in slots))
    taken = slot_rules.places_taken(session, slots)
    now = ctx.now()
    return [
        SlotView(
            id=slot.id,
            day=slot.day,
            starts=slot.starts,
            ends=slot.ends,
            service_item_id=slot.service_item_id,
            service_name=names.get(slot.service_item_id, ""),
            capacity=slot.capacity,
            booked=taken[slot.id][0],
            share=taken[slot.id][2],
            past=slot_start(ctx, slot.day, slot.starts) <= now,
            overridden=slot.capacity_override is not None,
            held=taken[slot.id][1],
        )
        for slot in slots
    ]


def booking_views(session: Session, bookings: list[Booking]) -> list[BookingView]:
    if not bookings:
        return []
    slots = {
        s.id: s
        for s in session.scalars(
            select(SaturdaySlot).where(SaturdaySlot.id.in_({b.slot_id for b in bookings}))
        )
    }
    residents = {
        r.id: r
        for r in session.scalars(
            select(Resident).where(Resident.id.in_({b.resident_id for b in bookings}))
        )
    }
    names = service_names(session, (b.service_item_id for b in bookings))
    visit_ids = {b.visit_id for b in bookings if b.visit_id}
    visits: dict[str, str] = {}
    if visit_ids:
        visits = {
            row.id: row.status
            for row in session.execute(
                select(Visit.id, Visit.status).where(Visit.id.in_(visit_ids))
            )
        }
    views = []
    for booking in bookings:
        slot = slots[booking.slot_id]
        resident = residents.get(booking.resident_id)
        views.append(
            BookingView(
                id=booking.id,
                number=booking.number,
                slot_id=booking.slot_id,
                day=booking.day,
                starts=slot.starts,
                ends=slot.ends,
                service_item_id=booking.service_item_id,
                service_name=names.get(booking.service_item_id, ""),
                resident_id=booking.resident_id,
                resident_name=resident.name if resident else "",
                resident_phone_masked=resident.phone_masked if resident else "",
                status=booking.status,
                channel=booking.channel,
                from_share=booking.from_share,
                needs_reschedule=booking.needs_reschedule,
                no_show_auto=booking.no_show_auto,
                cancel_reason=booking.cancel_reason,
                visit_id=booking.visit_id,
                note=booking.note,
                visit_status=visits.get(booking.visit_id or "", ""),
            )
        )
    return views


def waitlist_views(session: Session, entries: list[WaitlistEntry]) -> list[WaitlistView]:
    residents = {
        r.id: r
        for r in session.scalars(
            select(Resident).where(Resident.id.in_({e.resident_id for e in entries}))
        )
    }
    names = service_names(session, (e.service_item_id for e in entries))
    offered = {
        s.id: s
        for s in session.scalars(
            select(SaturdaySlot).where(
                SaturdaySlot.id.in_({e.offered_slot_id for e in entries if e.offered_slot_id})
            )
        )
    }
    views = []
    for entry in entries:
        resident = residents.get(entry.resident_id)
        slot = offered.get(entry.offered_slot_id or "")
        views.append(
            WaitlistView(
                id=entry.id,
                day=entry.day,
                service_item_id=entry.service_item_id,
                service_name=names.get(entry.service_item_id, ""),
                resident_id=entry.resident_id,
                resident_name=resident.name if resident else "",
                resident_phone_masked=resident.phone_masked if resident else "",
                status=entry.status,
                offered_slot_id=entry.offered_slot_id,
                offered_time=f"{slot.starts}–{slot.ends}" if slot else "",
            )
        )
    return views


def staff_names(session: Session, ids: Iterable[str]) -> list[str]:
    wanted = list(ids)
    if not wanted:
        return []
    rows = {
        row.id: row.display_name
        for row in session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    }
    return [rows[i] for i in wanted if i in rows]
