"""Signing in and out: errors next to the field, nothing typed lost, pages only when in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop import demo
from desktop.bootstrap import Startup
from desktop.center_info import center_name
from desktop.i18n import Translator
from tests.gui.conftest import ADMIN, save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import MainWindow


def test_wrong_password_shows_message_next_to_field_and_keeps_typing(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi]
) -> None:
    desk = make_desk_ui()
    dialog = SignInDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.username, ADMIN[0])
    QTest.keyClicks(dialog.password, "not-the-password")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    error = dialog.fields.fields["password"].error
    assert "密码不对" in error
    assert dialog.isVisible() and dialog.identity is None and desk.staff is None
    assert dialog.username.text() == ADMIN[0]
    assert dialog.password.text() == "not-the-password"

    dialog.password.clear()
    QTest.keyClicks(dialog.password, ADMIN[1])
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.identity is not None and dialog.identity.username == ADMIN[0]
    assert desk.staff == dialog.identity
    assert not dialog.isVisible()


def test_english_empty_fields_and_sign_out_locks_the_window(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi]
) -> None:
    desk = make_desk_ui(language="en")
    window = MainWindow(desk)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.request_sign_in()
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "Enter your user name and password" in dialog.fields.fields["password"].error
    QTest.keyClicks(dialog.username, ADMIN[0])
    QTest.keyClicks(dialog.password, ADMIN[1])
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page_key() == "register")
    assert "Signed in" in window.staff_label.text()

    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.current_page_key() == "today"
    window.sign_out_button.click()
    assert desk.staff is None
    assert window.stack.currentWidget() is window.lock_page
    QTest.keyClick(window, Qt.Key.Key_F2)  # F-keys do nothing while signed out
    assert window.stack.currentWidget() is window.lock_page


def test_demo_center_names_its_accounts_and_they_sign_in(
    qtbot: QtBot, styled_app: object, startup: Startup
) -> None:
    ctx = demo.open_demo_center(startup)
    desk = DeskUi(ctx, Translator("zh_CN"), startup.settings, center_name(ctx))
    dialog = SignInDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    hints = [label for label in dialog.findChildren(QLabel) if "demo1234" in label.text()]
    assert hints and "qiantai" in hints[0].text()
    # one account a line, each fitting whole: no role name broken in two (前台社/工)
    metrics = hints[0].fontMetrics()
    for line in hints[0].text().splitlines():
        assert metrics.horizontalAdvance(line) <= hints[0].contentsRect().width(), line
    save_shot(dialog, "sign_in_demo")
    QTest.keyClicks(dialog.username, "qiantai")
    QTest.keyClicks(dialog.password, demo.DEMO_PASSWORD)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.identity is not None and dialog.identity.role == "front_desk"
