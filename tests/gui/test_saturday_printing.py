"""Saturday printing from the screens: the confirmation after booking, the day sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop import auth, residents
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft
from desktop.saturday import roster, setup
from desktop.saturday.calendar import OpeningHours
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.pages.saturday_day_page import SaturdayDayPage
from ui.pages.saturday_page import SaturdayPage
from ui.printing.preview_dialog import PreviewDialog

WEDNESDAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
SATURDAY = dt.date(2026, 11, 28)
CTRL = Qt.KeyboardModifier.ControlModifier


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def test_confirmation_after_booking_and_the_day_sheet_open_in_preview(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    desk = signed_in_ui
    ctx, admin = desk.ctx, desk.signed_in
    ctx.clock = lambda: WEDNESDAY
    worker = auth.create_staff(ctx, admin, "zhiban", "值班老王", "on_duty", "duty-pass-9")
    setup.save_sessions(ctx, admin, [OpeningHours("09:00", "10:00", 30)])
    setup.save_services(ctx, admin, {list_service_items(ctx)[0].id: 2})
    roster.set_roster(ctx, admin, SATURDAY, [admin.id, worker.id])
    person = residents.create_resident(ctx, admin, ResidentDraft(name="赵一", phone="13900001000"))

    page = SaturdayPage(desk)
    _show(qtbot, page)
    assert not page.print_button.isEnabled()  # nothing booked yet
    page.picker.search.setFocus()
    QTest.keyClicks(page.picker.search, "13900001000")
    qtbot.waitUntil(lambda: page.picker.results.count() > 0, timeout=10_000)
    QTest.keyClick(page.picker.search, Qt.Key.Key_Return)
    QTest.keyClick(page.picker.search, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(page.picker.search, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert "已预约" in page.message.text() and page.last_booking is not None
    assert page.last_booking.resident_id == person.id
    QTest.keyClick(page.picker.search, Qt.Key.Key_P, CTRL)  # no printer here: the preview
    preview = page.findChild(PreviewDialog)
    assert preview is not None and preview.slip.pdf_path.exists()
    save_shot(preview, "saturday_confirmation_preview")
    preview.reject()

    day_page = SaturdayDayPage(desk)
    _show(qtbot, day_page)
    day_page.date.setDate(QDate(2026, 11, 28))
    day_page.table.setFocus()
    QTest.keyClick(day_page.table, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    sheet = day_page.findChild(PreviewDialog)
    assert sheet is not None and sheet.slip.pdf_path.exists()
    save_shot(sheet, "saturday_day_sheet_preview")
    sheet.reject()
