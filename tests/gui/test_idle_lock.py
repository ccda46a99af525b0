"""Left alone, the desk locks itself; the same staff member carries on, another starts afresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop import auth
from desktop.context import StaffIdentity
from desktop.settings import change_setting
from tests.gui.conftest import ADMIN, SHOTS, save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.resident_form import ResidentFormDialog
from ui.dialogs.sign_in import SignInDialog
from ui.lock_cover import DialogCover, owned_dialogs
from ui.main_window import MainWindow
from ui.pages.register_page import RegisterPage


def _sign_in(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    window.request_sign_in()
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClicks(dialog.username, username)
    QTest.keyClicks(dialog.password, password)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sign_in_dialog is None)


def _window(qtbot: QtBot, desk: DeskUi) -> MainWindow:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.ms_per_idle_minute = 150  # the setting's 2 "minutes" pass in 0.3 s
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_idle_desk_locks_and_the_same_staff_carries_on_with_the_page_kept(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui()
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 2)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page = window.page("register")
    assert isinstance(page, RegisterPage) and window.stack.currentWidget() is page
    QTest.keyClicks(page.search, "zhangs")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.lock_page, timeout=15_000)
    assert window.held_by is not None and window.held_by.id == admin.id
    assert "已锁定" in window.lock_page.notice.text()
    assert not window.nav.isEnabled()
    QTest.keyClick(window, Qt.Key.Key_F3)  # no page opens under the lock
    assert window.stack.currentWidget() is window.lock_page
    save_shot(window, "idle_locked")

    _sign_in(qtbot, window, *ADMIN)
    assert window.stack.currentWidget() is page  # the very page, not a new one
    assert page.search.text() == "zhangs"
    assert window.held_by is None and window.nav.isEnabled()
    assert window.idle_timer.isActive()


def test_another_staff_member_starts_afresh_after_an_idle_lock(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    auth.create_staff(
        admin_ctx := make_desk_ui().ctx, admin, "qiantai", "前台", "front_desk", "clerk-pass-1"
    )
    desk = make_desk_ui()
    change_setting(admin_ctx, admin, "security.idle_lock_minutes", 1)
    window = _window(qtbot, desk)
    signed_out: list[int] = []
    window.signed_out.connect(lambda: signed_out.append(1))
    _sign_in(qtbot, window, *ADMIN)
    page = window.page("register")
    assert isinstance(page, RegisterPage)
    QTest.keyClicks(page.search, "zhangs")
    qtbot.waitUntil(lambda: window.held_by is not None, timeout=15_000)
    _sign_in(qtbot, window, "qiantai", "clerk-pass-1")
    assert desk.signed_in.username == "qiantai"
    fresh = window.page("register")
    assert isinstance(fresh, RegisterPage) and fresh is not page
    assert window.stack.currentWidget() is fresh and fresh.search.text() == ""
    assert signed_out == [1]  # the one before was signed out (a backup runs then)


def test_use_keeps_the_desk_unlocked(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui()
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 2)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page = window.page("register")
    assert isinstance(page, RegisterPage)
    for _ in range(6):  # typing every 0.1 s for 0.6 s, twice the idle time
        QTest.keyClicks(page.search, "z")
        qtbot.wait(100)
    assert window.held_by is None and window.stack.currentWidget() is page


def _locked_picture(window: MainWindow, dialog: QDialog, name: str) -> None:
    """The screen as a person sees it: the window with the dialog over it."""
    picture = window.grab()
    painter = QPainter(picture)
    offset = dialog.frameGeometry().topLeft() - window.frameGeometry().topLeft()
    painter.drawPixmap(offset, dialog.grab())
    painter.end()
    SHOTS.mkdir(parents=True, exist_ok=True)
    picture.save(str(SHOTS / f"{name}.png"))


def _covered(dialog: QDialog) -> bool:
    cover = dialog.findChild(DialogCover)
    return cover is not None and cover.isVisible() and cover.geometry() == dialog.rect()


def _resident_form(qtbot: QtBot, window: MainWindow) -> tuple[RegisterPage, ResidentFormDialog]:
    page = window.page("register")
    assert isinstance(page, RegisterPage)
    QTest.keyClicks(page.search, "13812345678")
    page.new_resident()
    dialog = page.resident_dialog
    assert isinstance(dialog, ResidentFormDialog)
    qtbot.waitUntil(dialog.isVisible)
    name = dialog.fields.fields["name"].editor
    assert isinstance(name, QLineEdit)
    name.insert("李四")  # as the input method hands it over
    return page, dialog


def test_an_open_dialog_is_covered_by_the_lock_and_comes_back_with_what_was_typed(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui()
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 2)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page, dialog = _resident_form(qtbot, window)
    name = dialog.fields.fields["name"].editor
    qtbot.waitUntil(lambda: window.held_by is not None, timeout=15_000)
    assert dialog.isVisible() and _covered(dialog)  # still open, but nothing to read
    assert dialog.windowTitle() == "服务台已锁定"
    assert not name.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Esc does not cancel it under the lock
    dialog.close()  # nor does the window's close button
    assert dialog.isVisible() and page.resident_dialog is dialog
    _locked_picture(window, dialog, "idle_locked_dialog")

    _sign_in(qtbot, window, *ADMIN)
    assert dialog.isVisible() and not _covered(dialog)
    assert name.isEnabled() and name.text() == "李四"
    assert dialog.fields.text("phone") == "13812345678"
    assert dialog.windowTitle() != "服务台已锁定"
    assert window.stack.currentWidget() is page and page.search.text() == "13812345678"


def test_another_staff_member_finds_the_dialogs_closed(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui()
    auth.create_staff(desk.ctx, admin, "qiantai", "前台", "front_desk", "clerk-pass-1")
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 1)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page, dialog = _resident_form(qtbot, window)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    qtbot.waitUntil(lambda: window.held_by is not None, timeout=15_000)
    _sign_in(qtbot, window, "qiantai", "clerk-pass-1")
    assert closed == [QDialog.DialogCode.Rejected]  # as if cancelled: nothing was saved
    assert owned_dialogs(window) == []
    fresh = window.page("register")
    assert isinstance(fresh, RegisterPage) and fresh is not page
    assert fresh.search.text() == "" and fresh.resident_dialog is None


def test_a_dialog_run_to_its_end_stays_open_under_the_lock(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    """Some dialogs are run with exec(): the lock must not end their loop."""
    desk = make_desk_ui()
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 2)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page = window.page("register")
    dialog = QDialog(page)
    typed = QLineEdit(dialog)
    seen: list[object] = []

    def inside_its_loop() -> None:
        typed.insert("王五")
        qtbot.waitUntil(lambda: window.held_by is not None, timeout=15_000)
        seen.append(_covered(dialog))
        _sign_in(qtbot, window, *ADMIN)
        seen.append(typed.text())
        dialog.accept()

    QTimer.singleShot(0, inside_its_loop)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen == [True, "王五"]


def test_a_dialog_run_to_its_end_is_cancelled_when_someone_else_signs_in(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui()
    auth.create_staff(desk.ctx, admin, "qiantai", "前台", "front_desk", "clerk-pass-1")
    change_setting(desk.ctx, admin, "security.idle_lock_minutes", 2)
    window = _window(qtbot, desk)
    _sign_in(qtbot, window, *ADMIN)
    page = window.page("register")
    dialog = QDialog(page)
    QLineEdit(dialog).insert("王五")

    def inside_its_loop() -> None:
        qtbot.waitUntil(lambda: window.held_by is not None, timeout=15_000)
        _sign_in(qtbot, window, "qiantai", "clerk-pass-1")

    QTimer.singleShot(0, inside_its_loop)
    assert dialog.exec() == QDialog.DialogCode.Rejected  # as if cancelled
    assert desk.signed_in.username == "qiantai"
    qtbot.waitUntil(lambda: owned_dialogs(window) == [])
    assert window.page("register") is not page
