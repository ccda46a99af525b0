"""Today's visits: filters, serving, outcomes and satisfaction, a resident's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop import catalog, visits
from desktop.context import StaffIdentity
from desktop.residents import ResidentSummary
from desktop.visits import RequestDraft
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.outcome import OutcomeDialog
from ui.dialogs.resident_history import ResidentHistoryDialog
from ui.dialogs.satisfaction import SatisfactionDialog
from ui.main_window import MainWindow
from ui.pages.today_page import TodayPage


def item_id(desk: DeskUi, name: str) -> str:
    return next(i.id for i in catalog.list_service_items(desk.ctx) if i.name == name)


def test_today_page_filters_serves_and_closes_a_visit(
    qtbot: QtBot,
    signed_in_ui: DeskUi,
    admin: StaffIdentity,
    zhang_san: ResidentSummary,
) -> None:
    ctx = signed_in_ui.ctx
    first = visits.register_visit(
        ctx, admin, zhang_san.id, [RequestDraft(item_id(signed_in_ui, "低保申请受理"))]
    )
    visits.register_visit(
        ctx, admin, zhang_san.id, [RequestDraft(item_id(signed_in_ui, "加装电梯协调"))]
    )
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    window.show_page("today")
    page = window.page("today")
    assert isinstance(page, TodayPage)
    assert page.model.rowCount() == 2
    assert page.count.text() == "共 2 人次"
    assert "138****5678" in [page.model.index(r, 3).data() for r in range(2)]

    page.category.setCurrentIndex(page.category.findData("shared"))
    assert [v.requests[0].service_item_name for v in page.model.visits] == ["加装电梯协调"]
    page.category.setCurrentIndex(0)

    page.table.selectRow(page.model.row_of(first.id))
    page.start_serving()  # on the database lane; the list follows the change
    qtbot.waitUntil(
        lambda: page.model.visits[page.model.row_of(first.id)].status == "serving",
        timeout=20_000,
    )
    page.status.setCurrentIndex(page.status.findData("serving"))
    assert [v.id for v in page.model.visits] == [first.id]
    assert page.model.visits[0].handler_id == admin.id
    page.handler.setCurrentIndex(page.handler.findData(admin.id))
    assert page.model.rowCount() == 1
    page.status.setCurrentIndex(0)
    page.handler.setCurrentIndex(0)
    save_shot(window, "today")

    dialog = OutcomeDialog(signed_in_ui, page.selected() or first, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("referred"))
    assert dialog.referred_to.isEnabled() and dialog.due_date.isEnabled()
    QTest.keyClick(dialog.note, Qt.Key.Key_Return)  # no one to refer to yet
    qtbot.waitUntil(lambda: not dialog.writes.busy, timeout=20_000)  # on the database lane
    assert dialog.result_visit is None
    assert dialog.fields.fields["referred_to"].error != ""
    save_shot(dialog, "outcome_error")
    QTest.keyClicks(dialog.referred_to, "Jiedao minzhengban")
    QTest.keyClick(dialog.referred_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_visit is not None, timeout=20_000)
    assert dialog.result_visit is not None and not dialog.isVisible()
    request = dialog.result_visit.requests[0]
    assert request.outcome == "referred" and request.referred_to == "Jiedao minzhengban"
    assert request.due_date is not None and request.due_date > ctx.today()
    assert dialog.result_visit.status == "closed"

    grades = SatisfactionDialog(signed_in_ui, dialog.result_visit, window)
    qtbot.addWidget(grades)
    grades.show()
    QTest.keyClick(grades, Qt.Key.Key_1)  # key 1 = 非常满意
    qtbot.waitUntil(lambda: grades.result_visit is not None, timeout=20_000)
    assert grades.result_visit is not None and grades.result_visit.satisfaction == 5

    page.refresh()
    row = page.model.row_of(first.id)
    assert page.model.index(row, 5).data() == "已办结"
    assert page.model.index(row, 7).data() == "非常满意"

    history = ResidentHistoryDialog(signed_in_ui, zhang_san.id, zhang_san.name, window)
    qtbot.addWidget(history)
    assert history.model.rowCount() == 2
    save_shot(history, "history")


def test_today_list_shows_whether_each_visit_reached_the_district(
    qtbot: QtBot, signed_in_ui: DeskUi, admin: StaffIdentity, zhang_san: ResidentSummary
) -> None:
    visits.register_visit(
        signed_in_ui.ctx, admin, zhang_san.id, [RequestDraft(item_id(signed_in_ui, "低保申请受理"))]
    )
    page = TodayPage(signed_in_ui)
    qtbot.addWidget(page)
    page.refresh()
    column = page.model.columns.index("sync")
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "上报"
    assert page.model.data(page.model.index(0, column)) == "待上报"
