"""A center admin adds a colleague's account, switches it off and on, resets its password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop import auth
from desktop.context import StaffIdentity
from desktop.errors import UserError
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.staff_accounts import StaffAccountsDialog
from ui.lock_cover import owned_dialogs
from ui.main_window import MainWindow
from ui.pages.settings_page import SettingsPage


def test_admin_manages_staff_accounts(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    page.open_accounts()
    dialog = page.findChild(StaffAccountsDialog)
    assert isinstance(dialog, StaffAccountsDialog)
    QTest.keyClicks(dialog.username, "Li")
    dialog.add_account()
    assert dialog.fields.fields["display_name"].error  # missing fields named in place
    assert dialog.fields.fields["password"].error
    assert dialog.username.text() == "Li"  # nothing typed is lost
    dialog.username.setText("xiaoli")
    dialog.display_name.setText("前台小李")  # typed through an input method
    dialog.role.setCurrentIndex(dialog.role.findData("front_desk"))
    QTest.keyClicks(dialog.password, "welcome-2026")
    dialog.add_account()
    assert "前台小李" in dialog.message.text()
    assert auth.sign_in(signed_in_ui.ctx, "xiaoli", "welcome-2026").role == "front_desk"

    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "xiaoli"
    )
    dialog.table.selectRow(row)
    assert dialog.selected() is not None and dialog.selected().username == "xiaoli", (
        dialog.selected()
    )
    dialog.toggle_selected()
    assert "已保存" in dialog.message.text(), dialog.message.text()
    assert any(dialog.table.item(r, 3).text() == "已停用" for r in range(dialog.table.rowCount()))
    try:
        auth.sign_in(signed_in_ui.ctx, "xiaoli", "welcome-2026")
        raise AssertionError("a switched-off account signed in")
    except UserError as error:
        assert error.message.code == "auth.inactive"
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "xiaoli"
    )
    dialog.table.selectRow(row)
    dialog.toggle_selected()  # the same account stays selected after the list refreshes
    selected = dialog.selected()
    assert selected is not None and selected.username == "xiaoli" and selected.active
    QTest.keyClicks(dialog.new_password, "another-2026")
    dialog.reset_selected()
    assert "重设密码" in dialog.message.text()
    assert auth.sign_in(signed_in_ui.ctx, "xiaoli", "another-2026").username == "xiaoli"
    save_shot(dialog, "staff_accounts")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_switched_off_admin_is_signed_out_at_its_next_action(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    ctx = make_desk_ui(admin).ctx
    auth.create_staff(ctx, admin, "boss2", "副管理员", "center_admin", "deputy-pass-2")
    deputy = auth.sign_in(ctx, "boss2", "deputy-pass-2")  # at another desk window
    desk = make_desk_ui(admin)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.unlock()
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    page.open_accounts()
    dialog = page.findChild(StaffAccountsDialog)
    assert isinstance(dialog, StaffAccountsDialog)
    auth.set_active(ctx, deputy, admin.id, False)  # from another desk, meanwhile
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "boss2"
    )
    dialog.table.selectRow(row)
    dialog.toggle_selected()  # the switched-off admin tries to switch the deputy off
    assert "已被停用" in dialog.message.text()
    qtbot.waitUntil(lambda: desk.staff is None)
    assert window.stack.currentWidget() is window.lock_page
    assert "已被停用" in window.lock_page.notice.text()
    assert owned_dialogs(window) == []  # nothing left readable over the lock
    assert [a.active for a in auth.list_accounts(ctx, deputy) if a.id == deputy.id] == [True]
    save_shot(window, "switched_off_signed_out")


def test_opening_the_accounts_after_being_switched_off_says_why(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity
) -> None:
    ctx = make_desk_ui(admin).ctx
    auth.create_staff(ctx, admin, "boss2", "副管理员", "center_admin", "deputy-pass-2")
    deputy = auth.sign_in(ctx, "boss2", "deputy-pass-2")  # at another desk window
    desk = make_desk_ui(admin)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.unlock()
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    auth.set_active(ctx, deputy, admin.id, False)
    page.open_accounts()  # the admin's next admin action
    assert "已被停用" in page.saved.text()
    assert not any(d.isVisible() for d in page.findChildren(StaffAccountsDialog))
    qtbot.waitUntil(lambda: desk.staff is None)
    assert "已被停用" in window.lock_page.notice.text()
