"""Saturday community through the screens: set up, roster, book five (one onto the
waitlist), cancel and offer the place, check two in, and a no-show after the slot."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import auth, residents
from desktop.residents import ResidentDraft
from desktop.saturday import roster
from desktop.visits import list_visits
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.resident_history import ResidentHistoryDialog
from ui.dialogs.saturday_setup import SaturdaySetupDialog
from ui.models.visit_model import VisitTableModel
from ui.pages.saturday_day_page import SaturdayDayPage
from ui.pages.saturday_page import SaturdayPage

WEDNESDAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
SATURDAY = dt.date(2026, 11, 28)
NAMES = ("赵一", "钱二", "孙三", "李四", "周五")
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _type(widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                QTest.sendKeyEvent(
                    action, widget, Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
                )
    QApplication.processEvents()


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def test_set_up_book_waitlist_cancel_check_in_and_no_show(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    desk = signed_in_ui
    ctx, admin = desk.ctx, desk.signed_in
    ctx.clock = lambda: WEDNESDAY
    worker = auth.create_staff(ctx, admin, "zhiban", "值班老王", "on_duty", "duty-pass-9")
    people = [
        residents.create_resident(ctx, admin, ResidentDraft(name=n, phone=f"1390000100{i}"))
        for i, n in enumerate(NAMES)
    ]

    # Set-up: one morning of two 30-minute slots; 社保卡 service, one case per worker.
    dialog = SaturdaySetupDialog(desk, SATURDAY)
    _show(qtbot, dialog)
    dialog.sessions.setPlainText("09:00 10:00 30")
    item_id, box = next(iter(dialog.case_boxes.items()))
    box.setValue(1)
    QTest.keyClick(dialog, Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)  # on the database lane
    assert dialog.message.text() == "已保存", dialog.message.text()
    for row in range(dialog.staff.count()):
        dialog.staff.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.save_roster()
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)
    assert dialog.message.text() == "已保存", dialog.message.text()
    assert sorted(roster.on_duty_names(ctx, SATURDAY)) == sorted(["王小红", "值班老王"])
    save_shot(dialog, "saturday_setup")
    dialog.close()

    # Book four residents by keyboard into the two slots (2 places each); the fifth waits.
    page = SaturdayPage(desk)
    page.resize(1180, 700)
    _show(qtbot, page)
    # The month and the Saturday are read off the UI thread.
    qtbot.waitUntil(lambda: "值班老王" in page.on_duty.text(), timeout=20_000)
    ALT = Qt.KeyboardModifier.AltModifier
    page.picker.search.setFocus()
    for n, person in enumerate(people[:5]):
        # Alt+↑/↓ picks the slot while the cursor stays in the name field (two slots).
        arrow = Key.Key_Up if n < 2 or n == 4 else Key.Key_Down
        for _ in range(2):
            QTest.keyClick(page.picker.search, arrow, ALT)
        assert page.slots.currentRow() == (0 if arrow == Key.Key_Up else 1)
        _type(page.picker.search, person.name)
        qtbot.waitUntil(lambda: page.picker.results.count() > 0, timeout=10_000)
        QTest.keyClick(page.picker.search, Key.Key_Return)
        assert page.picker.resident == person
        QTest.keyClick(page.picker.search, Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)  # on the database lane
        if n < 4:
            assert "已预约" in page.message.text(), page.message.text()
    assert "约满" in page.message.text() and page.alternatives.count() == 0  # both slots full
    assert page.picker.resident == people[4]  # nothing typed is lost on a refusal
    QTest.keyClick(page.picker.search, Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert "已登记候补" in page.message.text()
    save_shot(page, "saturday_booking")

    # The day's list: cancel the first booking; the waitlisted resident is offered the place.
    day_page = SaturdayDayPage(desk)
    _show(qtbot, day_page)
    day_page.date.setDate(QDate(2026, 11, 28))
    assert day_page.table.rowCount() == 4
    day_page.table.selectRow(0)
    day_page.cancel(reason="居民临时有事")
    qtbot.waitUntil(lambda: "周五" in day_page.message.text(), timeout=20_000)
    # The list refreshes when the change comes back from the database lane.
    qtbot.waitUntil(
        lambda: day_page.waiting.count() == 1 and "有空位" in day_page.waiting.item(0).text(),
        timeout=20_000,
    )
    day_page.table.setFocus()
    QTest.keyClick(day_page.table, Key.Key_J, CTRL)  # the resident said yes on the phone
    qtbot.waitUntil(
        lambda: day_page.table.rowCount() == 4 and day_page.waiting.count() == 0, timeout=20_000
    )

    # Saturday 08:50: check two in by keyboard; once the slots are over the rest are no-shows.
    ctx.clock = lambda: dt.datetime(2026, 11, 28, 0, 50, tzinfo=dt.UTC)
    day_page.refresh()

    def confirmed() -> int:
        return sum(
            day_page.table.item(r, 5).text() == "已确认" for r in range(day_page.table.rowCount())
        )

    for left in (3, 2):
        row = next(
            r
            for r in range(day_page.table.rowCount())
            if day_page.table.item(r, 5).text() == "已确认"
        )
        day_page.table.selectRow(row)
        QTest.keyClick(day_page.table, Key.Key_1, CTRL)
        qtbot.waitUntil(lambda: "排队号" in day_page.message.text(), timeout=20_000)
        qtbot.waitUntil(lambda n=left: confirmed() == n, timeout=20_000)
    # Today's visits mark both as booked (they are called before walk-ins of the line).
    model = VisitTableModel(ctx, desk.tr)
    model.set_visits(list_visits(ctx, desk.signed_in, SATURDAY))
    numbers = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert len(numbers) == 2 and all(n.endswith("（预约）") for n in numbers), numbers

    # One of them is served on the spot: done (办结) closes the visit opened at check-in.
    day_page.table.selectRow(row)
    QTest.keyClick(day_page.table, Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: "已办结" in day_page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not day_page.writes.busy, timeout=20_000)
    ctx.clock = lambda: dt.datetime(2026, 11, 28, 2, 1, tzinfo=dt.UTC)  # 10:01, both slots over
    day_page.refresh()
    statuses = sorted(day_page.table.item(r, 5).text() for r in range(day_page.table.rowCount()))
    assert statuses == ["已办结", "已签到", "爽约", "爽约"]
    save_shot(day_page, "saturday_day_list")
    assert worker.id in roster.on_duty_ids(ctx, SATURDAY)
    assert item_id

    history = ResidentHistoryDialog(desk, people[0].id, people[0].name)
    qtbot.addWidget(history)
    assert history.bookings.count() == 1 and "已取消" in history.bookings.item(0).text()
