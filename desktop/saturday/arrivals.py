"""On the Saturday itself: check-in, done (办结), no-shows once a slot is over, and undo.

Check-in opens the resident's visit (with a queue number, marked as booked so it is called
before walk-ins) in the same transaction that marks the booking.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Booking, SaturdaySlot
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.saturday.bookings import ACTIVE, booking_row
from desktop.saturday.views import BookingView, booking_views, slot_start
from desktop.visits import (
    OutcomeDraft,
    RequestDraft,
    VisitSummary,
    get_visit,
    record_outcome,
    register_in,
)


@maps_database_errors
@access.guarded("saturday.arrival")
def check_in(ctx: DeskContext, staff: StaffIdentity, booking_id: str) -> VisitSummary:
    """The resident arrived: open a visit with a queue number, marked as booked."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.arrival")
        booking = booking_row(session, ctx, booking_id)
        if booking.status not in ACTIVE:
            raise UserError("saturday.not_active", status=booking.status)
        if booking.day != ctx.today():
            raise UserError("saturday.check_in_not_today", day=f"{booking.day:%Y-%m-%d}")
        text = Translator("zh_CN")("saturday.check_in_request", number=booking.number)
        visit = register_in(
            session,
            ctx,
            staff,
            booking.resident_id,
            [RequestDraft(booking.service_item_id, description=text)],
        )
        booking.status = "checked_in"
        booking.visit_id = visit.id
        return replace(visit, booking_number=booking.number)


@maps_database_errors
@access.guarded("saturday.arrival")
def finish(ctx: DeskContext, staff: StaffIdentity, booking_id: str) -> VisitSummary:
    """Served (办结): the visit opened at check-in gets the outcome "done on the spot".

    The quick path of the day's list; a request that needs a referral or a follow-up is
    recorded on the visit instead (today's visits), which closes it just the same.
    """
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "saturday.arrival")
        booking = booking_row(session, ctx, booking_id)
        if booking.status != "checked_in" or booking.visit_id is None:
            raise UserError("saturday.not_checked_in")
        visit_id = booking.visit_id
    visit = get_visit(ctx, staff, visit_id)
    open_requests = [r for r in visit.requests if r.outcome is None]
    if visit.status == "closed" or not open_requests:
        raise UserError("saturday.already_done", number=visit.queue_number)
    for request in open_requests:
        visit = record_outcome(ctx, staff, request.id, OutcomeDraft("done"))
    return visit


@maps_database_errors
@access.guarded("saturday.arrival")
def mark_no_shows(ctx: DeskContext, staff: StaffIdentity) -> int:
    """Bookings whose slot is over without a check-in become no-shows (once; staff may undo)."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.arrival")
        return sweep_no_shows(session, ctx)


def sweep_no_shows(session: Session, ctx: DeskContext) -> int:
    """:func:`mark_no_shows` inside the caller's write transaction."""
    now = ctx.now()
    candidates = session.execute(
        select(Booking, SaturdaySlot.day, SaturdaySlot.ends)
        .join(SaturdaySlot, SaturdaySlot.id == Booking.slot_id)
        .where(
            Booking.center_id == ctx.center_id,
            Booking.status.in_(ACTIVE),
            Booking.no_show_auto.is_(False),
            Booking.day <= ctx.today(),
            Booking.deleted_at.is_(None),
        )
    ).all()
    marked = 0
    for booking, day, ends in candidates:
        if slot_start(ctx, day, ends) <= now:
            booking.status = "no_show"
            booking.no_show_auto = True
            marked += 1
    return marked


@maps_database_errors
@access.guarded("saturday.arrival")
def undo_no_show(ctx: DeskContext, staff: StaffIdentity, booking_id: str) -> BookingView:
    """A no-show was wrong (the resident came late): the booking is confirmed again."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.arrival")
        booking = booking_row(session, ctx, booking_id)
        if booking.status != "no_show":
            raise UserError("saturday.not_no_show")
        booking.status = "confirmed" if booking.from_share else "pending_confirmation"
        return booking_views(session, [booking])[0]
