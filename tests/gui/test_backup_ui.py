"""Backups at the desk: the status bar says when and where, F9 sets the second folder and
prints the recovery sheet, restore works from F9 and from the first-run screen, and the
desk backs up at sign-out and before it closes."""

from __future__ import annotations

import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import auth
from desktop.backup import admin, restore, service
from desktop.backup.folders import backups_in
from desktop.backup.recovery_key import key_text, parse_key
from desktop.bootstrap import Startup, start
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.paths import DataPaths
from desktop.residents import ResidentDraft, create_resident
from tests.gui.conftest import ADMIN, save_shot
from ui import ops
from ui.backup import restart
from ui.backup.recovery_sheet_dialog import RecoverySheetDialog
from ui.backup.restore_dialog import RestoreDialog
from ui.backup.settings_section import BackupSection
from ui.backup.status_widget import BackupButton
from ui.desk_ui import DeskUi
from ui.dialogs.first_run import FirstRunDialog
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def background_work_ends() -> Iterator[None]:
    """Work a window started on a lane (a sync round, a backup) ends with the test."""
    yield
    ops.wait_for_all(30_000)


@pytest.fixture
def other_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders under the test's temporary folder count as a USB drive."""
    monkeypatch.setattr(admin, "same_disk", lambda folder, data: False)


def _window(qtbot: QtBot, desk: DeskUi) -> tuple[MainWindow, BackupButton]:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    button = window.findChild(BackupButton)
    assert button is not None
    return window, button


def _back_up(qtbot: QtBot, button: BackupButton) -> None:
    with qtbot.waitSignal(button.finished, timeout=60_000):
        button.back_up_now()


def test_the_status_bar_says_when_and_warns_without_a_copy_outside(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    window, button = _window(qtbot, signed_in_ui)
    assert button.text() == "备份 无 · 本机以外 无" and button.property("warn")
    _back_up(qtbot, button)
    assert button.text().startswith("备份 ") and "本机以外 无" in button.text()
    assert "还没有设置第二备份位置" in button.toolTip()
    assert button.property("warn")  # nothing outside this PC yet
    save_shot(window, "backup_status_bar")


def test_f9_sets_the_second_folder_and_says_a_missing_drive_in_words(
    qtbot: QtBot, signed_in_ui: DeskUi, tmp_path: Path, other_disk: None
) -> None:
    window, button = _window(qtbot, signed_in_ui)
    window.show_page("settings")
    section = window.findChild(BackupSection)
    assert section is not None
    missing = tmp_path / "media" / "KINGSTON"
    section.set_folder(str(missing))
    assert "U 盘没有插上" in section.fields.fields["folder"].error
    usb = tmp_path / "usb"
    usb.mkdir()
    with qtbot.waitSignal(button.finished, timeout=60_000):
        section.set_folder(str(usb))  # the first copy goes there at once
    assert section.folder.text() == str(usb.resolve())
    assert backups_in(usb, "second")
    assert not button.property("warn") and "本机以外 无" not in button.text()
    save_shot(section, "backup_section")
    shutil.rmtree(usb)  # the USB drive is taken away
    _back_up(qtbot, button)
    section.refresh()
    assert "U 盘没有插上" in button.toolTip() and "U 盘没有插上" in section.problems.text()
    visible_boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert not [b for b in visible_boxes if b.isVisible()]  # said, never a dialog
    save_shot(section, "backup_section_usb_missing")


def test_front_desk_staff_see_backups_but_not_the_admin_part(
    qtbot: QtBot, make_desk_ui: object, center_ctx: DeskContext, admin: StaffIdentity
) -> None:
    from desktop import auth

    auth.create_staff(center_ctx, admin, "qiantai", "前台小李", "front_desk", "front-pass-2026")
    clerk = auth.sign_in(center_ctx, "qiantai", "front-pass-2026")
    desk = make_desk_ui(clerk)  # type: ignore[operator]
    section = BackupSection(desk)
    qtbot.addWidget(section)
    assert not hasattr(section, "folder")
    for action in (
        lambda: admin_actions.set_second_folder(center_ctx, clerk, ""),
        lambda: admin_actions.recovery_sheet_pdf(center_ctx, clerk, "zh_CN"),
        lambda: admin_actions.mark_sheet_printed(center_ctx, clerk),
    ):
        with pytest.raises(UserError) as refused:
            action()
        assert refused.value.message.code == "access.not_allowed"


admin_actions = admin


def test_the_recovery_sheet_is_saved_private_and_its_qr_gives_the_key_back(
    qtbot: QtBot, signed_in_ui: DeskUi, tmp_path: Path
) -> None:
    ctx = signed_in_ui.ctx
    assert admin.sheet_missing(ctx)
    dialog = RecoverySheetDialog(ctx, signed_in_ui.signed_in, signed_in_ui.tr)
    qtbot.addWidget(dialog)
    dialog.show()
    save_shot(dialog, "recovery_sheet_dialog")
    saved = tmp_path / "恢复密钥单.pdf"
    dialog.save_to(saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert not admin.sheet_missing(ctx)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(saved), str(tmp_path / "page")], check=True
    )
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert parse_key(scanned) == ctx.vault.primary_key()
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
    ).stdout.replace("\n", "")
    assert "恢复密钥单" in text and "幸福里党群服务中心" in text
    assert key_text(ctx.vault.primary_key()).split("-")[0] in text
    assert "重新连接" in text  # connected desks can get the key back by enrolling again
    assert not [p for p in ctx.paths.root.rglob("*.pdf")]  # nothing kept in the data folder


def test_the_sheet_prints_through_qt_into_a_pdf(
    qtbot: QtBot, signed_in_ui: DeskUi, tmp_path: Path
) -> None:
    dialog = RecoverySheetDialog(signed_in_ui.ctx, signed_in_ui.signed_in, signed_in_ui.tr)
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"
    dialog.print_to("", printed)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    assert printed.stat().st_size > 10_000
    assert "打印机" in dialog.status.text() or str(printed) in dialog.status.text()


def _backup_on_usb(ctx: DeskContext, staff: StaffIdentity, usb: Path) -> Path:
    create_resident(ctx, staff, ResidentDraft(name="李四", phone="13900001111"))
    made = service.run_backup(ctx, "manual").made
    assert made is not None
    usb.mkdir(exist_ok=True)
    return Path(shutil.copy(made.path, usb / made.path.name))


def test_restore_on_the_first_run_screen_of_a_new_pc(
    qtbot: QtBot,
    styled_app: QApplication,
    center_ctx: DeskContext,
    admin: StaffIdentity,
    tmp_path: Path,
    fast_passwords: None,
) -> None:
    usb = tmp_path / "usb"
    _backup_on_usb(center_ctx, admin, usb)
    printed = key_text(center_ctx.vault.primary_key())
    fresh: Startup = start(DataPaths(tmp_path / "new-pc"))
    try:
        first_run = FirstRunDialog(fresh, Translator("zh_CN"))
        qtbot.addWidget(first_run)
        first_run.show()
        first_run.open_restore()
        dialog = first_run.restore_dialog
        assert isinstance(dialog, RestoreDialog)
        qtbot.waitUntil(lambda: dialog.call is None)
        dialog.add_folder(usb)  # the USB drive, chosen with "打开文件夹"
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
        assert dialog.key_row.isVisible()  # this PC does not have the key
        assert "1 位居民" in dialog.preview.text()
        dialog.restore_selected()
        qtbot.waitUntil(lambda: dialog.call is None and dialog.error.isVisible(), timeout=30_000)
        assert "恢复密钥" in dialog.error.text()
        dialog.key.setText(key_text(bytes(32)))
        dialog.restore_selected()
        qtbot.waitUntil(lambda: dialog.call is None and "不是这个备份" in dialog.error.text())
        assert not restore.incoming_path(fresh.paths).exists()
        dialog.key.setText(printed.lower())
        save_shot(dialog, "restore_dialog_first_run")
        dialog.restore_selected()
        qtbot.waitUntil(lambda: first_run.ctx is not None, timeout=60_000)
        assert not first_run.isVisible()
        from desktop.resident_search import search_residents

        assert [r.name for r in search_residents(first_run.ctx, admin, "13900001111")] == ["李四"]
        assert fresh.notice is not None and fresh.notice.code == "backup.restored_new"
    finally:
        fresh.db.dispose()


def test_restore_from_f9_makes_it_ready_and_restarts_the_desk(
    qtbot: QtBot, signed_in_ui: DeskUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = signed_in_ui.ctx
    _backup_on_usb(ctx, signed_in_ui.signed_in, tmp_path / "usb")
    restarts: list[bool] = []
    monkeypatch.setattr(restart, "request_restart", lambda: restarts.append(True))
    dialog = RestoreDialog.for_desk(signed_in_ui)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert not dialog.key_row.isVisible()  # this desk keeps its own key
    save_shot(dialog, "restore_dialog_f9")
    dialog.restore_selected()
    qtbot.waitUntil(lambda: restarts == [True], timeout=60_000)
    assert restore.incoming_path(ctx.paths).exists()  # applied when the desk starts again


def test_sign_out_and_closing_the_window_back_up_first(
    qtbot: QtBot, signed_in_ui: DeskUi, admin: StaffIdentity
) -> None:
    window, button = _window(qtbot, signed_in_ui)
    button.start_schedule(check_every_ms=3_600_000)
    with qtbot.waitSignal(button.finished, timeout=60_000):
        window.lock()
    kinds = [b.manifest.kind for b in backups_in(signed_in_ui.ctx.paths.backups, "local")]
    assert kinds == ["sign_out"]
    with pytest.raises(UserError):  # signed out: its sign-in changes nothing now
        create_resident(signed_in_ui.ctx, admin, ResidentDraft(name="王五", phone="13700002222"))
    again = auth.sign_in(signed_in_ui.ctx, *ADMIN)  # at another desk window, say
    create_resident(signed_in_ui.ctx, again, ResidentDraft(name="王五", phone="13700002222"))
    assert not window.close()  # held until the backup is made
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    kinds = [b.manifest.kind for b in backups_in(signed_in_ui.ctx.paths.backups, "local")]
    assert kinds == ["exit", "sign_out"]
