"""F2 issues the queue number on the database lane: the button is held while it runs and a
second Ctrl+S issues nothing; a refusal is said in words and everything typed stays. F3's
outcome dialog records on the lane the same way."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import ChangeLogEntry, Resident, Visit
from desktop.catalog import list_service_items
from desktop.residents import ResidentSummary
from tests.gui.conftest import save_shot
from ui import ops
from ui.desk_ui import DeskUi
from ui.pages.register_page import RegisterPage

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: QtBot, desk: DeskUi, resident: ResidentSummary) -> RegisterPage:
    page = RegisterPage(desk)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.pick_resident(resident)
    row = page.row_widgets[0]
    row.picker.set_item(list_service_items(desk.ctx)[0])
    row.description.setText("想申请低保")
    return page


def _visits(desk: DeskUi) -> int:
    with desk.ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(Visit)) or 0


def test_the_number_is_issued_once_with_the_button_held(
    qtbot: QtBot, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    page = _page(qtbot, signed_in_ui, zhang_san)
    gate = threading.Event()
    ops.run_op(lambda: gate.wait(20), lambda _: None, what="held lane")
    try:
        QTest.keyClick(page, Qt.Key.Key_S, CTRL)
        assert page.writes.busy and not page.submit_button.isEnabled()
        QTest.keyClick(page, Qt.Key.Key_S, CTRL)  # pressed again while it runs
        page.reset()  # Esc while it runs clears nothing
        assert page.form.resident == zhang_san
    finally:
        gate.set()
    qtbot.waitUntil(lambda: page.registered is not None, timeout=20_000)
    assert page.queue_panel.number.text() == page.registered.queue_number
    assert _visits(signed_in_ui) == 1


def test_a_refusal_is_said_and_what_was_typed_stays(
    qtbot: QtBot, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    page = _page(qtbot, signed_in_ui, zhang_san)
    with signed_in_ui.ctx.db.write() as session:  # removed meanwhile (another desk, a merge)
        resident = session.get(Resident, zhang_san.id)
        assert resident is not None
        resident.mark_deleted()
    QTest.keyClick(page, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)
    assert page.registered is None and _visits(signed_in_ui) == 0
    assert page.general_error.isVisible() and page.general_error.text()
    assert page.submit_button.isEnabled()
    assert page.form.resident == zhang_san
    assert page.row_widgets[0].description.text() == "想申请低保"
    save_shot(page, "register_refused")


def test_an_outcome_is_recorded_on_the_lane_once_with_save_held(
    qtbot: QtBot, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    from desktop import visits
    from desktop.visits import RequestDraft
    from ui.dialogs.outcome import OutcomeDialog

    ctx, staff = signed_in_ui.ctx, signed_in_ui.signed_in
    item = list_service_items(ctx)[0]
    visit = visits.register_visit(ctx, staff, zhang_san.id, [RequestDraft(item.id)])
    dialog = OutcomeDialog(signed_in_ui, visit)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("done"))
    dialog.note.setText("当场办结")
    gate = threading.Event()
    ops.run_op(lambda: gate.wait(20), lambda _: None, what="held lane")
    try:
        QTest.keyClick(dialog.note, Qt.Key.Key_Return)
        assert dialog.writes.busy and not dialog.save_button.isEnabled()
        QTest.keyClick(dialog.note, Qt.Key.Key_Return)  # again while it runs: nothing more
        assert dialog.isVisible()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert dialog.result_visit is not None and dialog.result_visit.status == "closed"
    assert dialog.result_visit.requests[0].outcome_note == "当场办结"
    with ctx.db.read() as session:
        updates = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.entity == "request", ChangeLogEntry.op == "update")
        )
    assert updates == 1
