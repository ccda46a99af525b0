"""F7 统计 driven by the keyboard: a month's figures, previous/next period, a day's bar opened
with ←/→ and Enter, a reversed range refused in words, a ledger exported with Alt+1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.context import StaffIdentity
from desktop.statistics.figures import center_figures
from desktop.statistics.periods import period_of
from tests.gui.conftest import save_shot
from tests.unit.figure_rows import FigureRows, write_desk
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.pages.statistics_page import StatisticsPage


def test_statistics_page_by_keyboard(
    qtbot: QtBot,
    signed_in_ui: DeskUi,
    admin: StaffIdentity,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = signed_in_ui.ctx
    today = ctx.today()
    write_desk(ctx, FigureRows.sample(ctx.center_id, admin.id, today - dt.timedelta(days=8)))
    month = period_of("month", today)
    expected = center_figures(ctx, admin, month.day_from, month.day_to).figures
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    window.unlock()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F7)
    page = window.page("statistics")
    assert isinstance(page, StatisticsPage)
    assert window.current_page_key() == "statistics"
    qtbot.waitUntil(lambda: page.seen is not None, timeout=20_000)
    assert page.cards["visits"].text() == f"{expected.visits}"
    assert page.cards["requests"].text() == f"{expected.requests}"
    assert page.day_table.model().rowCount() == month.days
    save_shot(window, "f7-statistics-month")

    QTest.keyClick(page.kind, Qt.Key.Key_PageUp)  # previous month
    assert (
        page.period().day_from == period_of("month", month.day_from - dt.timedelta(days=1)).day_from
    )
    QTest.keyClick(page.kind, Qt.Key.Key_PageDown)
    assert page.period() == month

    busiest = max(expected.visits_by_day, key=lambda d: expected.visits_by_day[d])
    page.day_chart.setFocus()
    QTest.keyClick(page.day_chart, Qt.Key.Key_Home)
    for _ in range((busiest - month.day_from).days):
        QTest.keyClick(page.day_chart, Qt.Key.Key_Right)
    QTest.keyClick(page.day_chart, Qt.Key.Key_Return)
    assert page.visit_model.rowCount() == expected.visits_by_day[busiest]
    assert f"{busiest:%Y-%m-%d}" in page.visits_title.text()
    save_shot(window, "f7-statistics-day")

    page.kind.setFocus()
    page.kind.setCurrentIndex(page.kind.findData("range"))
    page.day_to.setDate(QDate(month.day_from.year, month.day_from.month, 1).addDays(-3))
    QTest.keyClick(page.day_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "早于开始日期" in page.error.text())
    assert page.cards["visits"].text() == f"{expected.visits}"  # the last good figures stay

    page.kind.setCurrentIndex(page.kind.findData("month"))
    target = tmp_path / "来访登记台账.xlsx"
    monkeypatch.setattr(page, "choose_path", lambda suggested: target)
    monkeypatch.setattr("ui.pages.statistics_page.QMessageBox.information", lambda *args: None)
    QTest.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row - 2 == expected.visits
