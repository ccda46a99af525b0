"""Appointment confirmations (预约回执) and Saturday day sheets (预约名单)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import Booking, ServiceItem
from desktop import access, residents
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.saturday import screens
from desktop.saturday.views import BookingView, booking_views
from desktop.settings import DAY_SHEET_EMPTY_SLOTS, Settings
from desktop.slips.content import (
    BookingConfirmation,
    CenterHeader,
    DaySheet,
    DaySheetEntry,
    DaySheetSlot,
    SlipMeta,
)
from desktop.slips.service import PreparedSlip, prepare_slip
from protocol.masking import mask_name


def _booking(ctx: DeskContext, booking_id: str) -> tuple[BookingView, tuple[str, ...]]:
    with ctx.db.read() as session:
        row = session.get(Booking, booking_id)
        if row is None or row.center_id != ctx.center_id:
            raise UserError("saturday.booking_unknown")
        bring = session.scalar(
            select(ServiceItem.bring).where(ServiceItem.id == row.service_item_id)
        )
        items = tuple(x.strip() for x in (bring or "").replace("；", "、").split("、") if x.strip())
        return booking_views(session, [row])[0], items


def _person(
    ctx: DeskContext, staff: StaffIdentity, booking: BookingView, unmask: bool
) -> tuple[str, str]:
    if not unmask:
        return mask_name(booking.resident_name), booking.resident_phone_masked
    return booking.resident_name, residents.reveal_phone(ctx, staff, booking.resident_id)


@access.guarded("slip.print")
def prepare_booking_confirmation(
    ctx: DeskContext, staff: StaffIdentity, booking_id: str, language: str = "zh_CN"
) -> PreparedSlip:
    access.check(ctx, staff, "slip.print")
    booking, bring = _booking(ctx, booking_id)

    def build(center: CenterHeader, meta: SlipMeta, unmask: bool) -> BookingConfirmation:
        name, phone = _person(ctx, staff, booking, unmask)
        return BookingConfirmation(
            center=center,
            meta=meta,
            booking_number=booking.number,
            day=booking.day,
            starts=booking.starts,
            ends=booking.ends,
            service=booking.service_name,
            resident_name=name,
            resident_phone=phone,
            pending=booking.status == "pending_confirmation",
            bring=bring,
        )

    return prepare_slip(ctx, "booking_confirmation", "booking", booking_id, build, language)


@access.guarded("slip.print")
def prepare_day_sheet(
    ctx: DeskContext, staff: StaffIdentity, day: dt.date, language: str = "zh_CN"
) -> PreparedSlip:
    access.check(ctx, staff, "slip.print")
    listing = screens.day_list(ctx, staff, day)
    tr = Translator(language)
    empty_slots = Settings(ctx.db).get(DAY_SHEET_EMPTY_SLOTS)

    def build(center: CenterHeader, meta: SlipMeta, unmask: bool) -> DaySheet:
        slots = []
        for slot in listing.overview.slots:
            entries = []
            for booking in listing.bookings.get(slot.id, []):
                name, phone = _person(ctx, staff, booking, unmask)
                status = tr(f"saturday.status.{booking.status}")
                entries.append(
                    DaySheetEntry(
                        booking.number, name, phone, slot.service_name, status, booking.note
                    )
                )
            slots.append(
                DaySheetSlot(
                    f"{slot.starts}",
                    f"{slot.ends}",
                    slot.capacity,
                    tuple(listing.overview.on_duty),
                    tuple(entries),
                    slot.service_name,
                )
            )
        return DaySheet(center, meta, day, tuple(slots), empty_slots)

    return prepare_slip(
        ctx, "day_sheet", "saturday", f"{ctx.center_id}/{day.isoformat()}", build, language
    )
