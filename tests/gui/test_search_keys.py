"""Picking a resident from search results by keyboard: Enter picks the highlighted row, ↓
moves from the search box into the list on that row (never skipping it), ↑ goes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import residents
from desktop.context import StaffIdentity
from desktop.residents import ResidentDraft, ResidentSummary
from tests.gui.test_register_by_keyboard import Key, focused, press, type_text
from tests.unit.test_search_ranking import id_number_ending
from ui.desk_ui import DeskUi
from ui.pages.register_page import RegisterPage
from ui.widgets.resident_picker import ResidentPicker


def _namesakes(desk: DeskUi, admin: StaffIdentity) -> None:
    residents.create_resident(desk.ctx, admin, ResidentDraft(name="张珊", phone="13900001111"))


def _show(qtbot: QtBot, page: RegisterPage | ResidentPicker) -> None:
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()


def test_on_f2_enter_and_down_then_enter_both_pick_the_highlighted_resident(
    qtbot: QtBot, signed_in_ui: DeskUi, admin: StaffIdentity, zhang_san: ResidentSummary
) -> None:
    _namesakes(signed_in_ui, admin)
    page = RegisterPage(signed_in_ui)
    _show(qtbot, page)
    page.search.setFocus()
    type_text("zs")
    qtbot.waitUntil(lambda: page.results_model.rowCount() == 2, timeout=10_000)
    first = page.results_model.resident(0)
    second = page.results_model.resident(1)
    assert page.results.currentIndex().row() == 0  # highlighted: what Enter picks

    press(Key.Key_Down)  # into the list, on the highlighted row
    assert focused() is page.results and page.results.currentIndex().row() == 0
    press(Key.Key_Return)
    assert page.form.resident == first

    page.reset()
    page.search.setFocus()
    type_text("zs")
    qtbot.waitUntil(lambda: page.results_model.rowCount() == 2, timeout=10_000)
    press(Key.Key_Down)
    press(Key.Key_Down)  # the second row
    assert page.results.currentIndex().row() == 1
    press(Key.Key_Up)
    press(Key.Key_Up)  # ↑ on the first row: back to the search box
    assert focused() is page.search
    press(Key.Key_Down)
    press(Key.Key_Down)
    press(Key.Key_Return)
    assert page.form.resident == second


def test_the_saturday_picker_keeps_the_same_keys(
    qtbot: QtBot, signed_in_ui: DeskUi, admin: StaffIdentity, zhang_san: ResidentSummary
) -> None:
    _namesakes(signed_in_ui, admin)
    picker = ResidentPicker(signed_in_ui.ctx, signed_in_ui.signed_in, "")
    _show(qtbot, picker)
    picker.search.setFocus()
    type_text("zs")
    qtbot.waitUntil(lambda: picker.results.count() == 2, timeout=10_000)
    first = picker.results.item(0).data(0x0100)
    press(Key.Key_Down)
    assert focused() is picker.results and picker.results.currentRow() == 0
    press(Key.Key_Return)
    assert picker.resident == first


def test_f2_says_which_field_a_typed_number_matched(
    qtbot: QtBot, signed_in_ui: DeskUi, admin: StaffIdentity, tmp_path: Path
) -> None:
    ctx = signed_in_ui.ctx
    residents.create_resident(ctx, admin, ResidentDraft(name="王五", phone="13912345678"))
    residents.create_resident(
        ctx, admin, ResidentDraft("李四", phone="13800000000", id_number=id_number_ending("5678"))
    )
    page = RegisterPage(signed_in_ui)
    page.resize(1000, 600)
    _show(qtbot, page)
    page.search.setFocus()
    type_text("5678")
    qtbot.waitUntil(lambda: page.results_model.rowCount() == 2, timeout=10_000)
    model = page.results_model
    cell = {
        (row, column): model.index(row, model.columns.index(column))
        for row in range(2)
        for column in model.columns
    }
    # the phone's tail: the phone cell is marked; F2 lists no ID numbers: the name says it
    assert cell[0, "phone"].data(Qt.ItemDataRole.FontRole).bold()
    assert "电话尾号" in cell[0, "phone"].data(Qt.ItemDataRole.ToolTipRole)
    assert cell[0, "name"].data() == "王五"
    assert cell[1, "name"].data() == "李四 · 身份证尾号"
    assert cell[1, "phone"].data(Qt.ItemDataRole.FontRole) is None
    page.grab().save(str(tmp_path / "f2-number-matched.png"))
