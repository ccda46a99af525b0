"""A walk-in registered by keyboard alone: sign in, find, two requests, queue number."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import ServiceRequest, Visit
from desktop.residents import ResidentSummary
from tests.gui.conftest import ADMIN, save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import MainWindow
from ui.pages.register_page import RegisterPage

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()  # as the running event loop would between two keys


def type_text(text: str) -> None:
    """Key clicks; a Chinese character arrives as a key event carrying its text (as an input
    method would commit it), since QTest's key tables hold only ASCII."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(focused(), char)
        else:
            for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                QTest.sendKeyEvent(action, focused(), Key.Key_unknown, char, NO_MODIFIER)
        QApplication.processEvents()


def test_register_walk_in_by_keyboard_alone(
    qtbot: QtBot,
    make_desk_ui: Callable[..., DeskUi],
    zhang_san: ResidentSummary,
) -> None:
    desk = make_desk_ui()
    window = MainWindow(desk)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()

    # The lock screen has the focus; Enter opens the sign-in dialog.
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.sign_in_dialog is not None and window.sign_in_dialog.isVisible())
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(lambda: focused() is dialog.username)
    type_text(ADMIN[0])
    press(Key.Key_Tab)
    type_text(ADMIN[1])
    save_shot(dialog, "sign_in")
    press(Key.Key_Return)
    qtbot.waitUntil(lambda: desk.staff is not None and window.current_page_key() == "register")

    page = window.page("register")
    assert isinstance(page, RegisterPage)
    qtbot.waitUntil(lambda: focused() is page.search)
    type_text("zs")
    qtbot.waitUntil(lambda: page.results_model.rowCount() >= 1, timeout=10_000)
    assert page.results_model.resident(0) == zhang_san
    press(Key.Key_Down)
    press(Key.Key_Return)
    assert page.form.resident == zhang_san

    # First request: service item by pinyin initials, category pre-filled, urgency, details.
    first = page.row_widgets[0]
    assert focused() is first.picker
    type_text("dbsq")
    qtbot.waitUntil(first.picker.popup.isVisible)
    press(Key.Key_Tab)
    assert first.picker.item is not None and first.picker.item.name == "低保申请受理"
    assert focused() is first.category
    assert first.category.currentData() == "public"
    press(Key.Key_Tab)
    assert focused() is first.urgency
    press(Key.Key_Down)  # 一般 → 紧急
    press(Key.Key_Tab)
    assert focused() is first.description
    type_text("想申请低保，材料不全")

    # Ctrl+Enter adds a second request; this time typed in Chinese, then Enter.
    press(Key.Key_Return, CTRL)
    assert len(page.row_widgets) == 2
    second = page.row_widgets[1]
    assert focused() is second.picker
    type_text("电梯")
    qtbot.waitUntil(second.picker.popup.isVisible)
    press(Key.Key_Return)
    assert second.picker.item is not None and second.picker.item.name == "加装电梯协调"
    assert focused() is second.category
    press(Key.Key_Tab)
    press(Key.Key_Tab)
    assert focused() is second.description
    type_text("3栋想加装电梯")
    save_shot(window, "register_mid")

    press(Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.registered is not None)
    visit_summary = page.registered
    assert visit_summary is not None
    assert page.queue_panel.number.text() == visit_summary.queue_number
    assert page.queue_panel.isVisible()
    save_shot(window, "register_done")

    with desk.ctx.db.read() as session:
        visit = session.scalars(select(Visit)).one()
        requests = session.scalars(select(ServiceRequest).order_by(ServiceRequest.position)).all()
    assert visit.resident_id == zhang_san.id
    assert visit.queue_number == visit_summary.queue_number
    assert visit.queue_number[0] in "ABCDEF" and visit.queue_number[1:].isdigit()
    assert [(r.category, r.urgency) for r in requests] == [
        ("public", "urgent"),
        ("shared", "normal"),
    ]
    assert [r.description for r in requests] == ["想申请低保，材料不全", "3栋想加装电梯"]

    # Esc clears the page for the next resident.
    press(Key.Key_Escape)
    assert page.registered is None and page.form.resident is None
    assert page.search.text() == "" and not page.queue_panel.isVisible()
    assert focused() is page.search
