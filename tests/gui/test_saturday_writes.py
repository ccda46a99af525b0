"""Saturday writes from F5 and F6 run on the database lane: the acting button is held while
the write runs (a second press writes nothing more), a refusal is said in words with what
was typed kept, and the screen reads its data again once, when the change comes back."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import residents
from desktop.context import StaffIdentity
from desktop.residents import ResidentDraft
from desktop.saturday import screens
from desktop.saturday.month import CELL_FULL, OPEN, cell_state
from tests.gui.conftest import save_shot
from tests.gui.saturday_world import BUSY, december_of_saturdays
from ui import ops
from ui.changes import DEBOUNCE_MS
from ui.desk_ui import DeskUi
from ui.pages.saturday_day_page import SaturdayDayPage
from ui.pages.saturday_page import SaturdayPage

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


@pytest.fixture
def held_lane() -> Iterator[Callable[[], threading.Event]]:
    """Hold the database lane with a waiting op, so a write queued behind it is seen
    running; every hold is let go at the end."""
    gates: list[threading.Event] = []

    def hold() -> threading.Event:
        gate = threading.Event()
        ops.run_op(lambda: gate.wait(20), lambda _: None, what="held lane")
        gates.append(gate)
        return gate

    yield hold
    for gate in gates:
        gate.set()
    ops.wait_for_all()


def _find(qtbot: QtBot, page: SaturdayPage, name: str) -> None:
    """Find 欧阳明 by phone number, Enter picks."""
    page.picker.search.setFocus()
    QTest.keyClicks(page.picker.search, "13911112222")
    qtbot.waitUntil(lambda: page.picker.results.count() > 0, timeout=10_000)
    QTest.keyClick(page.picker.search, Key.Key_Return)
    assert page.picker.resident is not None and page.picker.resident.name == name


def _cell(page: SaturdayPage, state: str) -> tuple[int, int]:
    return next(
        (r, c)
        for r in range(page.slots.rowCount())
        for c in range(page.slots.columnCount())
        if (slot := page.slots.slot_at(r, c)) is not None and cell_state(slot) == state
    )


def _quiet(qtbot: QtBot) -> None:
    """Long enough for a second, debounced refresh to have shown up, were there one."""
    qtbot.wait(DEBOUNCE_MS * 3)
    ops.wait_for_all()
    QApplication.processEvents()


def test_a_booking_holds_its_button_books_once_and_the_grid_is_read_once(
    qtbot: QtBot,
    make_desk_ui: Callable[..., DeskUi],
    admin: StaffIdentity,
    held_lane: Callable[[], threading.Event],
) -> None:
    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    person = residents.create_resident(
        desk.ctx, admin, ResidentDraft(name="欧阳明", phone="13911112222")
    )
    page = SaturdayPage(desk)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.slots.rowCount() > 0 and not page.loading, timeout=20_000)
    assert page.slots.grid is not None and page.slots.grid.day == BUSY
    _find(qtbot, page, "欧阳明")
    row, column = _cell(page, OPEN)
    target = page.slots.slot_at(row, column)
    assert target is not None
    page.slots.setCurrentCell(row, column)
    page.picker.search.setFocus()
    refreshes, loads = page.follower.refreshes, page._asked

    gate = held_lane()
    QTest.keyClick(page.picker.search, Key.Key_S, CTRL)
    assert page.writes.busy and not page.form.book_button.isEnabled()
    QTest.keyClick(page.picker.search, Key.Key_S, CTRL)  # pressed again: nothing more
    page.form.book_button.click()
    save_shot(page, "saturday_booking_running")
    gate.set()
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert page.form.book_button.isEnabled()
    assert "已预约" in page.message.text() and "欧阳明" in page.message.text()
    assert page.picker.resident is None and page.note.text() == ""  # ready for the next
    qtbot.waitUntil(lambda: page.follower.refreshes == refreshes + 1, timeout=20_000)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    _quiet(qtbot)
    assert page.follower.refreshes == refreshes + 1 and page._asked == loads + 1
    shown = page.slots.slot_at(row, column)
    assert shown is not None and shown.booked == target.booked + 1
    assert page.slots.selected_slot() == shown  # the cell stays chosen
    held = [
        b for b in screens.resident_bookings(desk.ctx, admin, person.id) if b.status != "cancelled"
    ]
    assert [b.slot_id for b in held] == [target.id]  # booked once


def test_a_full_slot_is_refused_in_words_and_what_was_typed_stays(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    residents.create_resident(desk.ctx, admin, ResidentDraft(name="欧阳明", phone="13911112222"))
    page = SaturdayPage(desk)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.slots.rowCount() > 0 and not page.loading, timeout=20_000)
    _find(qtbot, page, "欧阳明")
    page.form.channel.setCurrentIndex(page.form.channel.count() - 1)
    channel = page.form.channel.currentData()
    page.note.setText("带户口本原件")
    page.slots.setCurrentCell(*_cell(page, CELL_FULL))
    page.slots.setFocus()
    QTest.keyClick(page.slots, Key.Key_Return)
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert "约满" in page.message.text(), page.message.text()
    assert page.message.objectName() == "fieldError"
    assert page.picker.resident is not None and page.picker.resident.name == "欧阳明"
    assert page.note.text() == "带户口本原件" and page.form.channel.currentData() == channel
    assert page.alternatives.isVisible() and page.alternatives.count() > 0
    assert page.form.book_button.isEnabled()
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    save_shot(page, "saturday_booking_refused")


def test_the_days_list_cancels_on_the_lane_and_says_a_refusal(
    qtbot: QtBot,
    make_desk_ui: Callable[..., DeskUi],
    admin: StaffIdentity,
    held_lane: Callable[[], threading.Event],
) -> None:
    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    page = SaturdayDayPage(desk)
    _show(qtbot, page)
    page.date.setDate(QDate(BUSY.year, BUSY.month, BUSY.day))
    rows = page.table.rowCount()
    assert rows > 1
    page.table.selectRow(0)
    page.table.setFocus()

    # Undoing a no-show of a booking that was not one: refused in words, the button back.
    QTest.keyClick(page.table, Key.Key_U, CTRL)
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert "爽约" in page.message.text() and page.message.objectName() == "fieldError"
    assert page.buttons["ui.sat.undo_no_show"].isEnabled()

    booking = page.selected()
    assert booking is not None
    refreshes = page.follower.refreshes
    gate = held_lane()
    page.cancel(reason="居民临时有事")
    cancel = page.buttons["ui.sat.cancel"]
    assert page.writes.busy and not cancel.isEnabled()
    page.cancel(reason="又按了一次")  # nothing more while the first runs
    gate.set()
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert cancel.isEnabled() and booking.number in page.message.text()
    qtbot.waitUntil(lambda: page.table.rowCount() == rows - 1, timeout=20_000)
    _quiet(qtbot)
    assert page.follower.refreshes == refreshes + 1
    (cancelled,) = [
        b
        for b in screens.resident_bookings(desk.ctx, admin, booking.resident_id)
        if b.id == booking.id
    ]
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "居民临时有事"
    save_shot(page, "saturday_day_cancelled")


def test_the_setup_dialog_saves_on_the_lane_with_its_button_held(
    qtbot: QtBot,
    make_desk_ui: Callable[..., DeskUi],
    admin: StaffIdentity,
    held_lane: Callable[[], threading.Event],
) -> None:
    from desktop.saturday import roster
    from ui.dialogs.saturday_setup import SaturdaySetupDialog

    desk = make_desk_ui(admin)
    december_of_saturdays(desk.ctx, admin)
    dialog = SaturdaySetupDialog(desk, BUSY)
    _show(qtbot, dialog)
    for row in range(dialog.staff.count()):
        dialog.staff.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.staff.item(0).setCheckState(Qt.CheckState.Checked)
    gate = held_lane()
    dialog.save_roster()
    assert dialog.writes.busy and not dialog.roster_button.isEnabled()
    dialog.rotate()  # another save while it runs: nothing
    gate.set()
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)
    assert dialog.roster_button.isEnabled() and dialog.message.text().startswith("已保存")
    assert len(roster.on_duty_ids(desk.ctx, BUSY)) == 1

    dialog.sessions.setPlainText("09:00 08:00 30")  # ends before it starts: refused in words
    QTest.keyClick(dialog, Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)
    assert dialog.message.objectName() == "fieldError" and dialog.message.text()
    assert dialog.sessions.toPlainText() == "09:00 08:00 30"
