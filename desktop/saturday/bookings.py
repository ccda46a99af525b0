"""Booking Saturday places: book, cancel, reschedule, waitlist, check-in and no-shows.

Every operation is one write transaction (``BEGIN IMMEDIATE``): the capacity check and the
insert cannot be split by another window or desk process, so a slot is never overbooked. A
booking beyond this desk's share of a slot (see :func:`slots.share_of`) is kept as
``pending_confirmation`` for the district to decide; until the desk syncs its share is the
whole capacity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Booking, Resident, SaturdaySlot, WaitlistEntry
from db.models.saturday import CHANNELS
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError
from desktop.saturday import slots as slot_rules
from desktop.saturday.calendar import is_saturday, next_saturday
from desktop.saturday.views import (
    BookingView,
    SlotView,
    WaitlistView,
    booking_views,
    slot_start,
    slot_views,
    waitlist_views,
)
from desktop.settings import Settings

ACTIVE = ("confirmed", "pending_confirmation")
ALTERNATIVES = 3
MAX_NOTE = 200


class SlotFullError(UserError):
    """The slot has no place left; ``alternatives`` are the nearest slots that do.

    ``held`` places are free but kept for waitlisted residents who were offered them.
    """

    def __init__(
        self, booked: int, capacity: int, alternatives: list[SlotView], held: int = 0
    ) -> None:
        code = "saturday.slot_full" if booked >= capacity else "saturday.slot_held"
        super().__init__(code, booked=booked, capacity=capacity, held=held)
        self.alternatives = alternatives


@dataclass(frozen=True)
class BookingRules:
    min_notice_hours: int
    weeks_ahead: int

    @classmethod
    def of(cls, ctx: DeskContext) -> BookingRules:
        settings = Settings(ctx.db)
        return cls(settings.get("saturday.min_notice_hours"), settings.get("saturday.weeks_ahead"))


def _slot(session: Session, ctx: DeskContext, slot_id: str) -> SaturdaySlot:
    slot = session.get(SaturdaySlot, slot_id)
    if slot is None or slot.center_id != ctx.center_id or slot.is_deleted:
        raise UserError("saturday.slot_unknown")
    return slot


def booking_row(session: Session, ctx: DeskContext, booking_id: str) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.center_id != ctx.center_id or booking.is_deleted:
        raise UserError("saturday.booking_unknown")
    return booking


def check_bookable(
    session: Session, ctx: DeskContext, slot: SaturdaySlot, rules: BookingRules
) -> None:
    """The day is open, the slot not past, within notice and horizon (capacity aside)."""
    plan = slot_rules.day_plan(session, ctx.center_id, slot.day)
    day = f"{slot.day:%Y-%m-%d}"
    if plan.closed_reason == "workday":
        raise UserError("saturday.workday", day=day)
    if not plan.is_open or (slot.starts, slot.ends) not in plan.times:
        note = f"（{plan.note}）" if plan.note else ""
        raise UserError("saturday.closed", day=day, note=note)
    if slot.service_item_id not in slot_rules.offered(session, ctx.center_id):
        raise UserError("saturday.not_offered")
    starts = slot_start(ctx, slot.day, slot.starts)
    now = ctx.now()
    if starts <= now:
        raise UserError("saturday.past")
    if starts - now < dt.timedelta(hours=rules.min_notice_hours):
        raise UserError("saturday.too_soon", hours=rules.min_notice_hours)
    if slot.day > ctx.today() + dt.timedelta(weeks=rules.weeks_ahead):
        raise UserError("saturday.too_far", weeks=rules.weeks_ahead)


def nearest_free(
    session: Session, ctx: DeskContext, slot: SaturdaySlot, rules: BookingRules
) -> list[SlotView]:
    """Up to three bookable slots of the same service, nearest in date, then in time."""
    candidates: list[SaturdaySlot] = []
    day = slot.day
    last = ctx.today() + dt.timedelta(weeks=rules.weeks_ahead)
    while day <= last and len(candidates) < ALTERNATIVES * 3:
        for other in slot_rules.ensure_slots(session, ctx.center_id, day, ctx.today()):
            if other.id == slot.id or other.service_item_id != slot.service_item_id:
                continue
            taken = slot_rules.holding_count(session, other.id)
            if taken + slot_rules.held_by_offers(session, other.id) >= other.capacity:
                continue
            try:
                check_bookable(session, ctx, other, rules)
            except UserError:
                continue
            candidates.append(other)
        day = next_saturday(day + dt.timedelta(days=1))
    start = slot.day.toordinal() * 1440
    candidates.sort(
        key=lambda s: abs(
            s.day.toordinal() * 1440 + _minutes(s.starts) - start - _minutes(slot.starts)
        )
    )
    return slot_views(session, ctx, candidates[:ALTERNATIVES])


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _next_number(session: Session, ctx: DeskContext, day: dt.date) -> str:
    stem = f"S{day:%y%m%d}{ctx.desk_slot}"
    count = session.scalar(  # a range, not LIKE, so the unique index on number is used
        select(func.count())
        .select_from(Booking)
        .where(Booking.number >= stem, Booking.number < stem + "~")
    )
    return f"{stem}{int(count or 0) + 1:03d}"


def _active_for(
    session: Session, ctx: DeskContext, resident_id: str, item_id: str, exclude: str | None
) -> Booking | None:
    # The resident belongs to this center; leaving center_id out keeps SQLite on the
    # (resident, service) index instead of scanning every future day of the center.
    query = select(Booking).where(
        Booking.resident_id == resident_id,
        Booking.service_item_id == item_id,
        Booking.status.in_(ACTIVE),
        Booking.day >= ctx.today(),
        Booking.deleted_at.is_(None),
    )
    if exclude is not None:
        query = query.where(Booking.id != exclude)
    return session.scalars(query.limit(1)).first()


def _place(
    session: Session,
    ctx: DeskContext,
    staff: StaffIdentity,
    slot: SaturdaySlot,
    resident_id: str,
    channel: str,
    note: str,
    replacing: Booking | None = None,
) -> Booking:
    """All booking rules, then the booking itself; the caller holds the write transaction."""
    resident = session.get(Resident, resident_id)
    if resident is None or resident.center_id != ctx.center_id or resident.is_deleted:
        raise UserError("saturday.resident_missing")
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": Message("field.too_long", {"max": MAX_NOTE, "length": len(note)})}
        )
    rules = BookingRules.of(ctx)
    slot_rules.ensure_slots(session, ctx.center_id, slot.day, ctx.today())
    check_bookable(session, ctx, slot, rules)
    exclude = replacing.id if replacing is not None else None
    existing = _active_for(session, ctx, resident_id, slot.service_item_id, exclude)
    if existing is not None:
        other = session.get(SaturdaySlot, existing.slot_id)
        raise UserError(
            "saturday.already_booked",
            day=f"{existing.day:%Y-%m-%d}",
            time=other.starts if other else "",
        )
    booked = slot_rules.holding_count(session, slot.id)
    if replacing is not None and replacing.slot_id == slot.id:
        booked -= 1
    held = slot_rules.held_by_offers(session, slot.id)
    if booked + held >= slot.capacity:
        alternatives = nearest_free(session, ctx, slot, rules)
        raise SlotFullError(booked, slot.capacity, alternatives, held)
    from_share = slot_rules.confirmed_from_share(session, slot.id) < slot_rules.share_of(
        session, slot
    )
    booking = Booking(
        center_id=ctx.center_id,
        slot_id=slot.id,
        resident_id=resident_id,
        service_item_id=slot.service_item_id,
        day=slot.day,
        number=_next_number(session, ctx, slot.day),
        status="confirmed" if from_share else "pending_confirmation",
        channel=channel,
        from_share=from_share,
        note=note.strip(),
        rescheduled_from=replacing.id if replacing is not None else None,
        booked_by=staff.id,
    )
    session.add(booking)
    session.flush()
    return booking


@maps_database_errors
@access.guarded("saturday.book")
def book(
    ctx: DeskContext,
    staff: StaffIdentity,
    slot_id: str,
    resident_id: str,
    channel: str = "desk",
    note: str = "",
) -> BookingView:
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        _check_channel(channel)
        slot = _slot(session, ctx, slot_id)
        booking = _place(session, ctx, staff, slot, resident_id, channel, note)
        _take_waitlist(session, ctx, booking)
        return booking_views(session, [booking])[0]


def _take_waitlist(session: Session, ctx: DeskContext, booking: Booking) -> None:
    """A resident who gets booked leaves the waitlist of that day and service."""
    for entry in session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.center_id == ctx.center_id,
            WaitlistEntry.day == booking.day,
            WaitlistEntry.service_item_id == booking.service_item_id,
            WaitlistEntry.resident_id == booking.resident_id,
            WaitlistEntry.status.in_(("waiting", "offered")),
        )
    ):
        entry.status = "booked"
        entry.booking_id = booking.id


def _release(session: Session, ctx: DeskContext, slot: SaturdaySlot) -> WaitlistEntry | None:
    """A place of ``slot`` came free: offer it to the first resident waiting for it."""
    if slot.day < ctx.today() or slot_rules.holding_count(session, slot.id) >= slot.capacity:
        return None
    already = session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(WaitlistEntry.offered_slot_id == slot.id, WaitlistEntry.status == "offered")
    )
    free = slot.capacity - slot_rules.holding_count(session, slot.id) - int(already or 0)
    if free <= 0:
        return None
    entry = session.scalars(
        select(WaitlistEntry)
        .where(
            WaitlistEntry.center_id == ctx.center_id,
            WaitlistEntry.day == slot.day,
            WaitlistEntry.service_item_id == slot.service_item_id,
            WaitlistEntry.status == "waiting",
            WaitlistEntry.deleted_at.is_(None),
        )
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        .limit(1)
    ).first()
    if entry is not None:
        entry.status = "offered"
        entry.offered_slot_id = slot.id
    return entry


def _require_active(booking: Booking) -> None:
    if booking.status not in ACTIVE:
        raise UserError("saturday.not_active", status=booking.status)


@maps_database_errors
@access.guarded("saturday.book")
def cancel(
    ctx: DeskContext, staff: StaffIdentity, booking_id: str, reason: str
) -> WaitlistView | None:
    """Cancel with a reason; returns the waitlisted resident now offered the place, if any."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": Message("field.required")})
        if len(reason) > MAX_NOTE:
            raise ValidationError(
                {"reason": Message("field.too_long", {"max": MAX_NOTE, "length": len(reason)})}
            )
        booking = booking_row(session, ctx, booking_id)
        _require_active(booking)
        booking.status = "cancelled"
        booking.cancel_reason = reason
        booking.needs_reschedule = False
        session.flush()
        offer = _release(session, ctx, _slot(session, ctx, booking.slot_id))
        session.flush()
        return waitlist_views(session, [offer])[0] if offer is not None else None


@maps_database_errors
@access.guarded("saturday.book")
def reschedule(
    ctx: DeskContext, staff: StaffIdentity, booking_id: str, slot_id: str, reason: str = ""
) -> BookingView:
    """Move a booking to another slot: the new booking and the cancelled old one, at once."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        old = booking_row(session, ctx, booking_id)
        _require_active(old)
        new = _move(session, ctx, staff, old, _slot(session, ctx, slot_id), reason)
        return booking_views(session, [new])[0]


def _move(
    session: Session,
    ctx: DeskContext,
    staff: StaffIdentity,
    old: Booking,
    slot: SaturdaySlot,
    reason: str,
    channel: str | None = None,
) -> Booking:
    """The new booking in ``slot`` and the old one cancelled; its place goes to the waitlist."""
    new = _place(session, ctx, staff, slot, old.resident_id, channel or old.channel, old.note, old)
    old.status = "cancelled"
    old.cancel_reason = reason.strip()[:MAX_NOTE] or "rescheduled"
    old.needs_reschedule = False
    session.flush()
    _release(session, ctx, _slot(session, ctx, old.slot_id))
    session.flush()
    return new


@maps_database_errors
@access.guarded("saturday.book")
def join_waitlist(
    ctx: DeskContext,
    staff: StaffIdentity,
    day: dt.date,
    service_item_id: str,
    resident_id: str,
    channel: str = "desk",
) -> WaitlistView:
    """Wait for a place in ``service_item_id`` on ``day``; offered the first one freed.

    A resident who already holds a booking of that service on another Saturday may wait
    too: taking the offered place moves that booking (see :func:`accept_offer`).
    """
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        _check_channel(channel)
        resident = session.get(Resident, resident_id)
        if resident is None or resident.center_id != ctx.center_id or resident.is_deleted:
            raise UserError("saturday.resident_missing")
        if service_item_id not in slot_rules.offered(session, ctx.center_id):
            raise UserError("saturday.not_offered")
        _check_waitable(session, ctx, day)
        same_day = _active_for(session, ctx, resident_id, service_item_id, None)
        if same_day is not None and same_day.day == day:
            other = session.get(SaturdaySlot, same_day.slot_id)
            raise UserError(
                "saturday.already_booked",
                day=f"{day:%Y-%m-%d}",
                time=other.starts if other else "",
            )
        waiting = session.scalar(
            select(func.count())
            .select_from(WaitlistEntry)
            .where(
                WaitlistEntry.center_id == ctx.center_id,
                WaitlistEntry.day == day,
                WaitlistEntry.service_item_id == service_item_id,
                WaitlistEntry.resident_id == resident_id,
                WaitlistEntry.status.in_(("waiting", "offered")),
            )
        )
        if waiting:
            raise UserError("saturday.already_waiting")
        entry = WaitlistEntry(
            center_id=ctx.center_id,
            day=day,
            service_item_id=service_item_id,
            resident_id=resident_id,
            channel=channel,
        )
        session.add(entry)
        session.flush()
        return waitlist_views(session, [entry])[0]


def _check_waitable(session: Session, ctx: DeskContext, day: dt.date) -> None:
    """A waitlist is for an open Saturday from today on, within the booking horizon."""
    plan = slot_rules.day_plan(session, ctx.center_id, day)
    text = f"{day:%Y-%m-%d}"
    if not is_saturday(day):
        raise UserError("saturday.not_saturday", day=text)
    if day < ctx.today():
        raise UserError("saturday.past")
    if plan.closed_reason == "workday":
        raise UserError("saturday.workday", day=text)
    if not plan.is_open:
        raise UserError("saturday.closed", day=text, note=f"（{plan.note}）" if plan.note else "")
    weeks = BookingRules.of(ctx).weeks_ahead
    if day > ctx.today() + dt.timedelta(weeks=weeks):
        raise UserError("saturday.too_far", weeks=weeks)


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValidationError({"channel": Message("saturday.channel_unknown")})


def _entry(session: Session, ctx: DeskContext, entry_id: str) -> WaitlistEntry:
    entry = session.get(WaitlistEntry, entry_id)
    if entry is None or entry.center_id != ctx.center_id:
        raise UserError("saturday.waitlist_unknown")
    return entry


@maps_database_errors
@access.guarded("saturday.book")
def accept_offer(ctx: DeskContext, staff: StaffIdentity, entry_id: str) -> BookingView:
    """The resident called back and takes the offered place."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        entry = _entry(session, ctx, entry_id)
        if entry.status != "offered" or entry.offered_slot_id is None:
            raise UserError("saturday.waitlist_unknown")
        slot = _slot(session, ctx, entry.offered_slot_id)
        entry.status = "booked"  # its own offer no longer counts against the place
        session.flush()
        elsewhere = _active_for(session, ctx, entry.resident_id, slot.service_item_id, None)
        if elsewhere is not None:  # the resident waited for a better Saturday: move it
            booking = _move(session, ctx, staff, elsewhere, slot, "waitlist", entry.channel)
        else:
            booking = _place(session, ctx, staff, slot, entry.resident_id, entry.channel, "")
        entry.booking_id = booking.id
        return booking_views(session, [booking])[0]


@maps_database_errors
@access.guarded("saturday.book")
def decline_offer(ctx: DeskContext, staff: StaffIdentity, entry_id: str) -> WaitlistView | None:
    """The resident does not want the place (or cannot be reached): offer it to the next."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.book")
        entry = _entry(session, ctx, entry_id)
        slot_id = entry.offered_slot_id
        entry.status = "withdrawn"
        session.flush()
        offer = _release(session, ctx, _slot(session, ctx, slot_id)) if slot_id else None
        session.flush()
        return waitlist_views(session, [offer])[0] if offer is not None else None
