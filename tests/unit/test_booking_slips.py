"""Appointment confirmations and the Saturday day sheet, from real bookings."""

from __future__ import annotations

from pathlib import Path

from db.models import SlotShare
from desktop.saturday import bookings, screens
from desktop.saturday.slots import slot_id
from desktop.settings import Settings
from desktop.slips.booking_slips import prepare_booking_confirmation, prepare_day_sheet
from tests.conftest import Desk
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk
from tests.unit.slip_helpers import pdf_page_sizes, pdf_text, qr_codes


def test_confirmation_shows_the_slot_and_pending_status(desk: Desk, tmp_path: Path) -> None:
    sat = make_saturday_desk(desk)
    ctx, staff = desk.ctx, desk.admin
    screens.day_overview(ctx, SATURDAY)
    target = slot_id(ctx.center_id, SATURDAY, "10:00", sat.other_item)
    with ctx.db.write() as session:
        session.add(SlotShare(slot_id=target, places=1))
    confirmed = bookings.book(ctx, staff, target, sat.residents[0])
    pending = bookings.book(ctx, staff, target, sat.residents[1], "family")
    first = prepare_booking_confirmation(ctx, staff, confirmed.id)
    text = "".join(pdf_text(first.pdf, tmp_path).split())
    assert "预约回执" in text and "2026-11-28星期六" in text and "10:00–10:30" in text
    assert confirmed.number in text and "待确认" not in text and "居民0" not in text
    assert qr_codes(first.pdf, tmp_path) == [confirmed.number]
    second = prepare_booking_confirmation(ctx, staff, pending.id)
    assert "待确认" in pdf_text(second.pdf, tmp_path)


def test_day_sheet_lists_bookings_by_slot(desk: Desk, tmp_path: Path) -> None:
    sat = make_saturday_desk(desk)
    ctx, staff = desk.ctx, desk.admin
    screens.day_overview(ctx, SATURDAY)
    for n, time in enumerate(("09:00", "09:00", "11:30")):
        target = slot_id(ctx.center_id, SATURDAY, time, sat.item)
        bookings.book(ctx, staff, target, sat.residents[n])
    sheet = prepare_day_sheet(ctx, staff, SATURDAY)
    assert sheet.paper == "A4"
    text = pdf_text(sheet.pdf, tmp_path)
    flat = "".join(text.split())
    assert "星期六社区预约名单" in flat and "09:00–09:30" in flat and "11:30–12:00" in flat
    assert flat.count("已确认") == 3 and "值班老王" in flat


def test_day_sheet_lists_only_booked_slots_on_one_page_unless_asked(
    desk: Desk, tmp_path: Path
) -> None:
    sat = make_saturday_desk(desk)
    ctx, staff = desk.ctx, desk.admin
    screens.day_overview(ctx, SATURDAY)
    for n, time in enumerate(("09:00", "09:00", "11:30")):
        bookings.book(
            ctx, staff, slot_id(ctx.center_id, SATURDAY, time, sat.item), sat.residents[n]
        )
    sheet = prepare_day_sheet(ctx, staff, SATURDAY)
    flat = "".join(pdf_text(sheet.pdf, tmp_path).split())
    assert "10:00–10:30" not in flat and "（无预约）" not in flat
    assert "共3人预约，2个时段有预约" in flat and "个时段没有预约，未列出" in flat
    assert len(pdf_page_sizes(sheet.pdf, tmp_path)) == 1
    Settings(ctx.db).set("slip.day_sheet.empty_slots", True)
    every = prepare_day_sheet(ctx, staff, SATURDAY)
    flat = "".join(pdf_text(every.pdf, tmp_path).split())
    assert "10:00–10:30" in flat and "（无预约）" in flat
