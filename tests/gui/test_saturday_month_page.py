"""F5 as a month: the calendar's words and keys, the Saturday's time × service grid, and
booking through a cell (the message names the service and the time). Screenshots of the
page at 1280×720 in Chinese and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import residents
from desktop.context import StaffIdentity
from desktop.residents import ResidentDraft
from desktop.saturday import screens
from desktop.saturday.month import CELL_FULL, OPEN, cell_state, month_calendar
from tests.gui.conftest import save_shot
from tests.gui.saturday_world import BUSY, CLOSED, SHORT, WORKDAY, december_of_saturdays
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.pages.saturday_page import SaturdayPage
from ui.widgets.slot_grid import header_lines

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ELDERLY_CARD = "老年人优待证办理"


def _type(widget: QWidget, text: str) -> None:
    for char in text:
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(
                action, widget, Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
            )
    QApplication.processEvents()


def _settled(qtbot: QtBot, page: SaturdayPage) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)


def _written(qtbot: QtBot, page: SaturdayPage) -> None:
    """The booking (on the database lane) has come back."""
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)


def _window(qtbot: QtBot, desk: DeskUi) -> tuple[MainWindow, SaturdayPage]:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    window.resize(1280, 720)
    window.show_page("saturday")
    page = window.page("saturday")
    assert isinstance(page, SaturdayPage)
    _settled(qtbot, page)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)
    return window, page


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_month_says_each_saturday_in_words_and_arrows_move_the_chosen_day(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity, language: str
) -> None:
    desk = make_desk_ui(admin, language)
    tr = desk.tr
    december_of_saturdays(desk.ctx, admin)
    window, page = _window(qtbot, desk)
    calendar = page.calendar
    assert page.month_title.text() == tr("ui.sat.month", year=2026, month=12)
    save_shot(window, f"saturday_month_1280x720_{language}")

    # Each Saturday: booked / total and its level in words, as the month's data says.
    summary = {d.day: d for d in month_calendar(desk.ctx, admin, 2026, 12).saturdays}
    for day in (BUSY, SHORT):
        text = calendar.text_of(day)
        assert f"{summary[day].booked}/{summary[day].total}" in text, text
        assert tr(f"ui.sat.level.{summary[day].level}") in text, text
    assert summary[BUSY].booked and summary[BUSY].booked < summary[BUSY].total
    assert tr("ui.sat.cal.short") in calendar.text_of(SHORT)
    assert tr("ui.sat.cal.workday") in calendar.text_of(WORKDAY)
    assert "调休上班" in calendar.text_of(WORKDAY)  # the note the admin wrote
    assert tr("ui.sat.cal.closed") in calendar.text_of(CLOSED)
    assert "设备检修" in calendar.text_of(CLOSED)
    assert tr("ui.sat.cal.today") in calendar.text_of(dt.date(2026, 12, 2))
    assert calendar.text_of(dt.date(2026, 12, 2)).startswith("2")

    # The chosen day starts on the coming Saturday; arrows move it, its week's Saturday shows.
    calendar.setFocus()
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == BUSY
    assert page.day_title.text() == tr("ui.sat.day_title", month=12, day=5, date="2026-12-05")
    QTest.keyClick(calendar, Key.Key_Right)  # Sunday the 6th: still the 5th's week
    QTest.keyClick(calendar, Key.Key_Down)  # Sunday the 13th: the 12th's week
    _settled(qtbot, page)
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == dt.date(2026, 12, 13)
    assert page.day_title.text() == tr("ui.sat.day_title", month=12, day=12, date="2026-12-12")
    QTest.keyClick(calendar, Key.Key_Up)
    QTest.keyClick(calendar, Key.Key_Up)  # the 29th of November: the month turns back
    _settled(qtbot, page)
    assert page.month_title.text() == tr("ui.sat.month", year=2026, month=11)
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == dt.date(2026, 11, 29)
    assert page.day_title.text() == tr("ui.sat.day_title", month=11, day=28, date="2026-11-28")
    assert tr("ui.sat.cal.past") in calendar.text_of(dt.date(2026, 11, 21))  # greyed, "over"
    save_shot(window, f"saturday_month_past_1280x720_{language}")

    # PgDown / PgUp turn the month; the buttons do the same.
    QTest.keyClick(calendar, Key.Key_PageDown)
    _settled(qtbot, page)
    assert page.month_title.text() == tr("ui.sat.month", year=2026, month=12)
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == BUSY
    page.next_button.click()
    _settled(qtbot, page)
    assert page.month_title.text() == tr("ui.sat.month", year=2027, month=1)
    QTest.keyClick(calendar, Key.Key_PageUp)
    _settled(qtbot, page)
    assert page.month_title.text() == tr("ui.sat.month", year=2026, month=12)

    # Alt+←/→ from the resident's name: the Saturday before or after, across the month.
    page.picker.search.setFocus()
    ALT = Qt.KeyboardModifier.AltModifier
    QTest.keyClick(page.picker.search, Key.Key_Right, ALT)
    _settled(qtbot, page)
    assert page.day == SHORT and calendar.currentItem().data(Qt.ItemDataRole.UserRole) == SHORT
    assert page.slots.grid is not None and page.slots.grid.day == SHORT
    for _ in range(2):
        QTest.keyClick(page.picker.search, Key.Key_Left, ALT)
    _settled(qtbot, page)
    assert page.month_title.text() == tr("ui.sat.month", year=2026, month=11)
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == dt.date(2026, 11, 28)
    QTest.keyClick(page.picker.search, Key.Key_Right, ALT)
    _settled(qtbot, page)
    assert calendar.currentItem().data(Qt.ItemDataRole.UserRole) == BUSY

    # Enter opens the chosen Saturday: the cursor goes into its grid on the first free cell.
    calendar.setFocus()
    QTest.keyClick(calendar, Key.Key_Return)
    _settled(qtbot, page)
    assert QApplication.focusWidget() is page.slots
    chosen = page.slots.selected_slot()
    assert chosen is not None and chosen.day == BUSY and cell_state(chosen) == OPEN

    # A closed Saturday: said in words above an empty grid.
    calendar.choose(CLOSED)
    _settled(qtbot, page)
    assert page.slots.rowCount() == 0
    assert tr("saturday.exception.closed") in page.on_duty.text()
    assert "设备检修" in page.on_duty.text()
    assert page.slots.empty_text == page.on_duty.text()  # said over the empty grid too
    save_shot(window, f"saturday_month_closed_1280x720_{language}")
    calendar.choose(BUSY)
    _settled(qtbot, page)
    save_shot(window, f"saturday_month_opened_1280x720_{language}")

    # One service at a time: the picker above the grid keeps one column.
    page.service.setCurrentIndex(page.service.findText(ELDERLY_CARD))
    _settled(qtbot, page)
    assert page.slots.columnCount() == 1 and page.slots.rowCount() == 12
    header = page.slots.horizontalHeaderItem(0)
    assert header is not None and header.text() == ELDERLY_CARD  # room enough: one line
    window.resize(1366, 768)
    _settled(qtbot, page)
    save_shot(window, f"saturday_month_one_service_1366x768_{language}")


def test_a_cell_is_booked_with_enter_and_the_message_names_the_service(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    person = residents.create_resident(
        desk.ctx, admin, ResidentDraft(name="欧阳明", phone="13911112222")
    )
    window, page = _window(qtbot, desk)
    grid = page.slots.grid
    assert grid is not None and grid.day == BUSY
    assert [page.slots.columnCount(), page.slots.rowCount()] == [6, 12]
    column = next(n for n, s in enumerate(grid.services) if s.name == ELDERLY_CARD)
    header = page.slots.horizontalHeaderItem(column)
    assert header is not None and header.toolTip() == ELDERLY_CARD
    assert header.text().replace("\n", "") == ELDERLY_CARD  # whole, on two lines if need be
    row = next(
        r
        for r in range(page.slots.rowCount())
        if (slot := page.slots.slot_at(r, column)) is not None and cell_state(slot) == OPEN
    )
    target = page.slots.slot_at(row, column)
    assert target is not None
    cell = page.slots.item(row, column)
    assert cell is not None and cell.text() == f"余 {target.free} / 共 {target.capacity}"
    assert ELDERLY_CARD in cell.toolTip()

    # A double-click on a cell starts booking it, as Enter does; a full one offers the
    # waitlist instead.
    full = next(
        (r, c)
        for r in range(page.slots.rowCount())
        for c in range(page.slots.columnCount())
        if (slot := page.slots.slot_at(r, c)) is not None and cell_state(slot) == CELL_FULL
    )
    chosen = page.slots.slot_at(*full)
    assert chosen is not None
    spot = page.slots.visualItemRect(page.slots.item(*full)).center()
    QTest.mouseClick(page.slots.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    QTest.mouseDClick(page.slots.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    message = page.message.text()
    assert chosen.service_name in message and chosen.starts in message, message
    assert "Ctrl+W" in message, message

    # Into the grid from the calendar, arrows to the cell, Enter starts booking it.
    page.calendar.setFocus()
    QTest.keyClick(page.calendar, Key.Key_Return)
    _settled(qtbot, page)
    page.slots.setCurrentCell(0, 0)
    for _ in range(column):
        QTest.keyClick(page.slots, Key.Key_Right)
    for _ in range(row):
        QTest.keyClick(page.slots, Key.Key_Down)
    assert page.slots.selected_slot() == target
    QTest.keyClick(page.slots, Key.Key_Return)
    assert ELDERLY_CARD in page.message.text() and target.starts in page.message.text()
    assert QApplication.focusWidget() is page.picker.search

    # Find the resident, Enter picks, Ctrl+S books the cell chosen.
    _type(page.picker.search, "欧阳明")
    qtbot.waitUntil(lambda: page.picker.results.count() > 0, timeout=10_000)
    QTest.keyClick(page.picker.search, Key.Key_Return)
    assert page.picker.resident == person
    QTest.keyClick(page.picker.search, Key.Key_S, CTRL)
    _written(qtbot, page)
    message = page.message.text()
    assert "已预约" in message and "欧阳明" in message, message
    assert ELDERLY_CARD in message and f"{target.starts}–{target.ends}" in message, message
    # The grid is read again once the change comes back.
    qtbot.waitUntil(
        lambda: (
            (cell := page.slots.slot_at(row, column)) is not None
            and cell.booked == target.booked + 1
        ),
        timeout=20_000,
    )
    _settled(qtbot, page)
    booked = page.slots.slot_at(row, column)
    assert booked is not None and booked.id == target.id
    assert booked.booked == target.booked + 1
    assert page.slots.selected_slot() == booked  # the cell stays chosen
    listing = screens.day_list(desk.ctx, admin, BUSY)
    assert person.id in [b.resident_id for b in listing.bookings[target.id]]

    # With a resident found first, Enter (or a double-click) on a cell books it at once;
    # a full cell says so and offers the nearest free slots of the service.
    full = next(
        (r, c)
        for r in range(page.slots.rowCount())
        for c in range(page.slots.columnCount())
        if (slot := page.slots.slot_at(r, c)) is not None
        and cell_state(slot) == CELL_FULL
        and c != column
    )
    assert page.slots.item(*full).text().startswith("满")  # type: ignore[union-attr]
    _type(page.picker.search, "欧阳明")
    qtbot.waitUntil(lambda: page.picker.results.count() > 0, timeout=10_000)
    QTest.keyClick(page.picker.search, Key.Key_Return)
    page.slots.setCurrentCell(*full)
    page.slots.setFocus()
    QTest.keyClick(page.slots, Key.Key_Return)
    _written(qtbot, page)
    assert "约满" in page.message.text(), page.message.text()
    assert page.alternatives.isVisible() and page.alternatives.count() > 0
    QTest.keyClick(page.alternatives, Key.Key_Return)  # the nearest free one
    _written(qtbot, page)
    assert "已预约" in page.message.text(), page.message.text()
    full_service = grid.services[full[1]].name
    assert full_service in page.message.text()
    _settled(qtbot, page)
    save_shot(window, "saturday_month_booked_1280x720_zh_CN")


def test_a_long_service_name_takes_two_lines_in_its_column(qapp: QApplication) -> None:
    metrics = QFontMetrics(qapp.font())
    wide = metrics.horizontalAdvance(ELDERLY_CARD)
    assert header_lines(ELDERLY_CARD, metrics, wide) == ELDERLY_CARD
    # Broken before the action, never inside a word (not 老年人优 / 待证办理).
    two = header_lines(ELDERLY_CARD, metrics, wide * 4 // 5)
    assert two == "老年人优待证\n办理"
    proof = "居住证明开具"
    assert header_lines(proof, metrics, metrics.horizontalAdvance(proof) - 1) == "居住证明\n开具"
    bracket = "助餐服务登记（爱心小饭桌）"
    lines = header_lines(bracket, metrics, metrics.horizontalAdvance("助餐服务登记（")).split("\n")
    assert lines == ["助餐服务登记", "（爱心小饭桌）"]
    # No break that reads well fits: broken as a slip would, the first line filled.
    assert header_lines(ELDERLY_CARD, metrics, wide * 5 // 8) == "老年人优待\n证办理"
    first, second = header_lines("Senior citizen card service", metrics, wide).split("\n")
    assert first.startswith("Senior") and not first.endswith(" ")
    assert metrics.horizontalAdvance(second) <= wide
    narrow = header_lines(f"{ELDERLY_CARD}（{ELDERLY_CARD}）", metrics, wide)
    assert narrow.startswith(f"{ELDERLY_CARD}\n（") and narrow.endswith("…")  # cut, on hover
