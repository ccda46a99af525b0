"""First run: errors by the fields (typing kept), then a real center with its admin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop import auth, bootstrap
from desktop.bootstrap import Startup
from desktop.center_info import center_name
from desktop.i18n import Translator
from tests.gui.conftest import save_shot
from ui.dialogs.first_run import FirstRunDialog


def test_first_run_shows_errors_then_sets_up_the_center(
    qtbot: QtBot, styled_app: object, startup: Startup
) -> None:
    dialog = FirstRunDialog(startup, Translator("zh_CN"))
    qtbot.addWidget(dialog)
    dialog.show()
    editors = {name: field.editor for name, field in dialog.fields.fields.items()}
    QTest.keyClicks(editors["address"], "Xingfu Rd 8")
    QTest.keyClicks(editors["hotline"], "12")
    QTest.keyClick(editors["hotline"], Qt.Key.Key_Return)
    assert dialog.ctx is None and dialog.isVisible()
    assert dialog.fields.fields["center_name"].error == "此项必填"
    assert dialog.fields.fields["hotline"].error != ""
    assert dialog.fields.fields["admin_password"].error != ""
    assert dialog.fields.fields["address"].error == ""
    assert dialog.fields.text("address") == "Xingfu Rd 8"  # kept as typed
    save_shot(dialog, "first_run_errors")

    for name, text in (
        ("center_name", "Xingfu Li Center"),
        ("hotline", "023-12345678"),
        ("admin_username", "wangxh"),
        ("admin_display_name", "Wang Xiaohong"),
        ("admin_password", "a-long-password"),
    ):
        editors[name].setProperty("text", "")  # clear, then type afresh
        QTest.keyClicks(editors[name], text)
    QTest.keyClick(editors["admin_password"], Qt.Key.Key_Return)
    assert dialog.ctx is not None, [f.error for f in dialog.fields.fields.values()]
    assert not dialog.isVisible()
    assert bootstrap.is_set_up(startup)
    assert center_name(dialog.ctx) == "Xingfu Li Center"
    assert auth.sign_in(dialog.ctx, "wangxh", "a-long-password").role == "center_admin"
