"""One meaning per shortcut across the desk, and the sheet (F1 or ?) that lists them."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.main_window import PAGES, MainWindow
from ui.shortcuts import EVERYWHERE, SHEET, ShortcutSheet, keys_of_page

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
    assert sheet.table.rowCount() == len(SHEET)
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
