"""One meaning per shortcut across the desk, and the sheet (F1 or ?) that lists them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.context import StaffIdentity
from desktop.saturday.month import day_grid, month_calendar
from tests.gui.conftest import save_shot
from tests.gui.saturday_world import BUSY, december_of_saturdays
from ui.desk_ui import DeskUi
from ui.main_window import PAGES, MainWindow
from ui.shortcuts import (
    CALENDAR_MOVE,
    CALENDAR_OPEN,
    EVERYWHERE,
    PERIOD,
    SHEET,
    SLOT_BOOK,
    TABLE_KEYS,
    ShortcutSheet,
    keys_of_page,
)
from ui.widgets.month_calendar import MonthCalendarView
from ui.widgets.slot_grid import SlotGrid

FIELD_KEYS = {"Return", "Enter"}
"""Enter confirms the field it is pressed in (sign in, 统计): not a page shortcut."""


def _keys(shortcuts: list[QShortcut]) -> set[str]:
    found = {s.key().toString(QKeySequence.SequenceFormat.PortableText) for s in shortcuts}
    return found - FIELD_KEYS


def test_every_page_has_exactly_the_listed_shortcuts_each_with_one_meaning(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    listed = [key for item in SHEET for key in item.keys]
    assert [k for k, n in Counter(listed).items() if n > 1] == []  # one meaning per key
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    own = [s for s in window.findChildren(QShortcut) if s.parent() is window]
    assert _keys(own) == keys_of_page(EVERYWHERE)
    for spec in PAGES:
        window.show_page(spec.key)
        page = window.page(spec.key)
        assert _keys(page.findChildren(QShortcut)) == keys_of_page(spec.key), spec.key


def test_f1_and_question_mark_open_the_sheet(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.unlock()
    window.show_page("today")
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.shortcut_sheet is not None)
    sheet = window.shortcut_sheet
    assert isinstance(sheet, ShortcutSheet)
    assert sheet.table.rowCount() == len(SHEET) + len(TABLE_KEYS)
    texts = [sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())]
    assert "Ctrl+P" in texts and "Ctrl+T" in texts
    save_shot(sheet, "shortcut_sheet")
    sheet.reject()
    qtbot.waitUntil(lambda: window.shortcut_sheet is None)
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClicks(window.page("today"), "?")
    qtbot.waitUntil(lambda: window.shortcut_sheet is not None)
    window.shortcut_sheet.reject()


def _sheet_rows(sheet: ShortcutSheet) -> list[tuple[str, str, str]]:
    table = sheet.table
    return [
        (table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    ]


@pytest.mark.parametrize(
    ("language", "arrows", "enter"),
    [("zh_CN", "← / → / ↑ / ↓", "Enter / 双击"), ("en", "← / → / ↑ / ↓", "Enter / double-click")],
)
def test_the_sheet_lists_the_keys_f5s_tables_take_themselves(
    qtbot: QtBot,
    make_desk_ui: Callable[..., DeskUi],
    admin: StaffIdentity,
    language: str,
    arrows: str,
    enter: str,
) -> None:
    desk = make_desk_ui(admin, language)
    tr = desk.tr
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    window.show_shortcuts()
    sheet = window.shortcut_sheet
    assert isinstance(sheet, ShortcutSheet)
    f5 = tr("ui.nav.saturday")
    rows = _sheet_rows(sheet)
    calendar = tr("ui.keys.in_table", page=f5, table=tr("ui.keys.in.calendar"))
    grid = tr("ui.keys.in_table", page=f5, table=tr("ui.keys.in.slot_grid"))
    assert (arrows, tr("ui.keys.calendar_move"), calendar) in rows
    assert (enter, tr("ui.keys.calendar_open"), calendar) in rows
    assert (enter, tr("ui.keys.slot_book"), grid) in rows
    where = {row[2] for row in rows}
    assert tr("ui.keys.list_sep").join([f5, tr("ui.nav.statistics")]) in where  # PgUp / PgDn
    if language == "zh_CN":
        assert "月历" in calendar and "星期六" in calendar
        assert "预约该时段" in tr("ui.keys.slot_book")
    sheet.table.scrollToBottom()
    save_shot(sheet, f"shortcut_sheet_tables_{language}")
    sheet.reject()


def test_f5s_tables_act_on_exactly_the_declared_keys(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    calendar = MonthCalendarView(desk.tr)
    qtbot.addWidget(calendar)
    calendar.show_calendar(month_calendar(desk.ctx, admin, 2026, 12), BUSY)
    grid = SlotGrid(desk.tr)
    qtbot.addWidget(grid)
    grid.show_grid(day_grid(desk.ctx, admin, BUSY, None))
    place = grid.first_open()
    assert place is not None
    for key in CALENDAR_OPEN.keys:
        with qtbot.waitSignal(calendar.opened, timeout=1000) as opened:
            QTest.keyClick(calendar, key)
        assert opened.args == [BUSY]
    for key in SLOT_BOOK.keys:
        grid.setCurrentCell(*place)
        with qtbot.waitSignal(grid.opened, timeout=1000) as booked:
            QTest.keyClick(grid, key)
        assert booked.args == [grid.slot_at(*place)]
    for key in CALENDAR_MOVE.keys:
        calendar.choose(dt.date(2026, 12, 16))  # a Wednesday mid-month: every arrow stays in it
        with qtbot.waitSignal(calendar.chosen, timeout=1000):
            QTest.keyClick(calendar, key)
    for table in (calendar, grid):
        turned: list[int] = []
        table.turned.connect(turned.append)
        for name in PERIOD.keys:
            QTest.keySequence(table, QKeySequence(name))
        assert turned == [-1, 1]
    # A key declared for neither table does none of it (Space, say).
    with qtbot.assertNotEmitted(calendar.opened), qtbot.assertNotEmitted(grid.opened):
        QTest.keyClick(calendar, Qt.Key.Key_Space)
        QTest.keyClick(grid, Qt.Key.Key_Space)
