"""Saturday admin screens: a slot's places set by hand, a dated exception shown back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import auth, residents
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft
from desktop.saturday import bookings, roster, screens, setup
from desktop.saturday.calendar import OpeningHours
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.saturday_places import SlotPlacesDialog
from ui.dialogs.saturday_setup import SaturdaySetupDialog
from ui.pages.saturday_day_page import SaturdayDayPage
from ui.pages.saturday_page import SaturdayPage

WEDNESDAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
SATURDAY = dt.date(2026, 11, 28)
NEXT_SATURDAY = dt.date(2026, 12, 5)
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def _set_up(desk: DeskUi) -> str:
    ctx, admin = desk.ctx, desk.signed_in
    ctx.clock = lambda: WEDNESDAY
    worker = auth.create_staff(ctx, admin, "zhiban", "值班老王", "on_duty", "duty-pass-9")
    item = list_service_items(ctx)[0].id
    setup.save_sessions(ctx, admin, [OpeningHours("09:00", "10:00", 30)])
    setup.save_services(ctx, admin, {item: 1})
    roster.set_roster(ctx, admin, SATURDAY, [admin.id, worker.id])
    return item


def test_admin_sets_a_slots_places_and_bookings_beyond_are_listed(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    desk = signed_in_ui
    _set_up(desk)
    people = [
        residents.create_resident(
            desk.ctx, desk.signed_in, ResidentDraft(name=n, phone=f"1390000200{i}")
        ).id
        for i, n in enumerate(("赵一", "钱二"))
    ]
    page = SaturdayPage(desk)
    page.resize(1180, 600)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.slots.rowCount() > 0, timeout=20_000)  # read off the UI thread
    slot = _cell(page.slots, 0, 0).data(Qt.ItemDataRole.UserRole)
    for person in people:
        bookings.book(desk.ctx, desk.signed_in, slot.id, person)
    page.show_slots()
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    page.slots.setCurrentCell(0, 0)  # the grid's cell: 09:00, the one service offered

    QTest.keyClick(page.slots, Key.Key_M, CTRL)
    dialog = page.findChild(SlotPlacesDialog)
    assert dialog is not None and dialog.by_roster.isChecked()
    assert not dialog.places.isEnabled()
    dialog.by_roster.setChecked(False)
    dialog.places.setValue(1)
    save_shot(dialog, "saturday_places")
    QTest.keyClick(dialog, Key.Key_Return)
    qtbot.waitUntil(lambda: "超出名额" in page.message.text(), timeout=10_000)
    assert _cell(page.slots, 0, 0).text() == "满 · 共 1（手动）"
    (moved,) = screens.day_list(desk.ctx, desk.signed_in, SATURDAY).to_reschedule
    assert moved.resident_id == people[1]

    day_page = SaturdayDayPage(desk)
    _show(qtbot, day_page)
    day_page.date.setDate(QDate(2026, 11, 28))
    assert _cell(day_page.table, 0, 5).text() == "需改约"
    assert _cell(day_page.table, 0, 3).text() == "钱二"


def test_setup_shows_a_days_exception_and_the_booking_page_says_closed(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    desk = signed_in_ui
    _set_up(desk)
    dialog = SaturdaySetupDialog(desk, NEXT_SATURDAY)
    _show(qtbot, dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("closed"))
    dialog.exception_note.setText("元旦调整")
    dialog.save_exception()
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)  # on the database lane
    assert dialog.message.text() == "已保存", dialog.message.text()
    dialog.day.setDate(QDate(2026, 11, 28))
    assert dialog.kind.currentData() == "" and dialog.exception_note.text() == ""
    dialog.day.setDate(QDate(2026, 12, 5))
    assert dialog.kind.currentData() == "closed" and dialog.exception_note.text() == "元旦调整"
    dialog.close()

    page = SaturdayPage(desk)
    page.resize(1180, 600)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    QTest.keyClick(page.picker.search, Key.Key_PageDown)  # December
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert page.month_title.text() == "2026 年 12 月"
    assert "闭馆" in page.calendar.text_of(NEXT_SATURDAY)
    assert "元旦调整" in page.calendar.text_of(NEXT_SATURDAY)
    page.calendar.choose(NEXT_SATURDAY)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert page.slots.rowCount() == 0
    assert "闭馆" in page.on_duty.text() and "元旦调整" in page.on_duty.text()
    save_shot(page, "saturday_closed_day")


def test_reschedule_by_keyboard_offers_free_slots_of_the_coming_saturdays(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    desk = signed_in_ui
    item = _set_up(desk)
    roster.set_roster(desk.ctx, desk.signed_in, NEXT_SATURDAY, [desk.signed_in.id])
    person = residents.create_resident(
        desk.ctx, desk.signed_in, ResidentDraft(name="孙三", phone="13900002009")
    )
    first = screens.day_overview(desk.ctx, SATURDAY).slots[0]
    booking = bookings.book(desk.ctx, desk.signed_in, first.id, person.id)
    page = SaturdayDayPage(desk)
    _show(qtbot, page)
    page.date.setDate(QDate(2026, 11, 28))
    page.table.selectRow(0)
    page.table.setFocus()
    offered: list[str] = []

    def choose_last() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        offered.extend(dialog.comboBoxItems())
        dialog.setTextValue(offered[-1])
        save_shot(dialog, "saturday_reschedule")
        QTest.keyClick(dialog, Key.Key_Return)

    QTimer.singleShot(100, choose_last)
    QTest.keyClick(page.table, Key.Key_R, CTRL)
    assert len(offered) == 1 + 2  # 09:30 this Saturday, both slots of the next one
    assert "12-05 09:30" in offered[-1]
    qtbot.waitUntil(lambda: "12-05" in page.message.text(), timeout=20_000)
    assert booking.number not in page.message.text()
    moved = [
        b
        for b in screens.resident_bookings(desk.ctx, desk.signed_in, person.id)
        if b.status == "confirmed"
    ]
    assert [(b.day, b.starts, b.service_item_id) for b in moved] == [(NEXT_SATURDAY, "09:30", item)]
