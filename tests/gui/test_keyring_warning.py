"""Without an OS keyring the desk says plainly what that means and how to fix it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import auth
from desktop.context import StaffIdentity
from tests.gui.conftest import ADMIN, save_shot
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.pages.settings_page import SettingsPage


def _boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.objectName() == "keyringWarning"]


def test_admin_is_told_once_and_f9_always_says_it(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui(admin)
    desk.ctx.key_in_file = True  # as bootstrap finds it on a PC without a keyring
    auth.create_staff(desk.ctx, admin, "qiantai", "前台", "front_desk", "clerk-pass-1")
    clerk = auth.sign_in(desk.ctx, "qiantai", "clerk-pass-1")
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.warn_about_keyring = True  # as ui/app.py sets it
    desk.staff = clerk
    window.unlock()
    assert _boxes(window) == []  # the front desk is not the one to fix it
    window.lock()  # signs out: a new sign-in comes next
    desk.staff = auth.sign_in(desk.ctx, *ADMIN)
    window.unlock()
    (box,) = _boxes(window)
    assert "密钥环" in box.text() and "gnome-keyring" in box.text() and "凭据管理器" in box.text()
    box.accept()
    qtbot.waitUntil(lambda: _boxes(window) == [])
    window.lock()  # signs out: a new sign-in comes next
    desk.staff = auth.sign_in(desk.ctx, *ADMIN)
    window.unlock()
    assert _boxes(window) == []  # once per start
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    note = page.findChild(QLabel, "keyringWarning")
    assert note is not None and "只靠数据文件夹的权限保护" in note.text()
    save_shot(page, "settings_no_keyring")


def test_with_a_keyring_nothing_is_said(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    desk = make_desk_ui(admin)
    desk.ctx.key_in_file = False  # the OS keyring holds the data key
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.warn_about_keyring = True
    window.unlock()
    assert _boxes(window) == []
    page = window.page("settings")
    assert isinstance(page, SettingsPage) and not hasattr(page, "keyring_note")


def test_admin_sets_the_idle_lock_and_slip_retention_in_f9(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    page.security.boxes["security.idle_lock_minutes"].setValue(5)
    page.security.boxes["slip.keep_days"].setValue(14)
    page.security.save()
    assert page.security.message.text() == signed_in_ui.tr("ui.settings.saved")
    assert signed_in_ui.settings.get("security.idle_lock_minutes") == 5
    assert signed_in_ui.settings.get("slip.keep_days") == 14
    save_shot(page, "settings_security")
