"""The status bar's backup button, and when backups run.

Every minute the button asks (off the UI thread) whether a backup is due — 30 minutes of
use since the last one and something changed — and makes it; at sign-out and when the
window closes it makes one if anything changed (the window waits for it, with a way out).
It says when the last backup was made here and outside this PC, in red when the last one
outside is more than a day old or a backup failed; the tooltip says why, in words. A click
opens F9, where the backup section is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from desktop.backup.service import (
    BackupOutcome,
    BackupStatus,
    backup_due,
    backup_status,
    run_backup,
    run_backup_if_changed,
)
from desktop.errors import UserError
from desktop.i18n import Translator
from ui.backup.restart import RESTARTING
from ui.desk_ui import DeskUi
from ui.ops import Op, run_op

if TYPE_CHECKING:
    from desktop.context import DeskContext

CHECK_EVERY_MS = 60_000


def _when(tr: Translator, ctx: DeskContext, moment: dt.datetime) -> str:
    local = ctx.to_local(moment)
    days = (ctx.today() - local.date()).days
    if days <= 0:
        return f"{local:%H:%M}"
    if days == 1:
        return tr("ui.backupbar.yesterday", time=f"{local:%H:%M}")
    return tr("ui.backupbar.days_ago", days=days)


@dataclass(frozen=True)
class StatusWords:
    text: str  # on the button
    when: list[str]  # when the last backups were made, here and outside
    problems: list[str]  # what went wrong, in words
    warn: bool

    @property
    def tooltip(self) -> str:
        return "\n".join(self.problems + self.when)


def status_words(tr: Translator, ctx: DeskContext, status: BackupStatus) -> StatusWords:
    """What the status bar and F9 say about backups."""
    here = _when(tr, ctx, status.last_local) if status.last_local else tr("ui.backupbar.none")
    outside = (
        _when(tr, ctx, status.last_offsite) if status.last_offsite else tr("ui.backupbar.none")
    )
    when = [
        tr("ui.backupbar.tip_here", when=here),
        tr("ui.backupbar.tip_outside", when=outside)
        if status.second_folder
        else tr("ui.backupbar.tip_no_second"),
    ]
    problems = [tr.message(p) for p in (status.local_problem, status.offsite_problem) if p]
    if status.damaged:
        problems.insert(0, tr("ui.backupbar.damaged_tip"))
        return StatusWords(tr("ui.backupbar.damaged"), when, problems, True)
    if status.local_problem is not None:
        return StatusWords(tr("ui.backupbar.failed"), when, problems, True)
    if status.offsite_overdue and status.second_folder:
        problems.append(tr("ui.backupbar.overdue_tip"))
    text = tr("ui.backupbar.text", here=here, outside=outside)
    return StatusWords(text, when, problems, status.offsite_overdue)


class BackupButton(QPushButton):
    finished = Signal(object)  # BackupOutcome

    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("backupStatus")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.desk = desk
        self.call: Op[BackupOutcome] | None = None
        self.closing = False
        self.exit_started = False
        self.exit_done = False
        self.exit_box: QMessageBox | None = None
        self.window_hooked: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check_due)
        self.clicked.connect(self.open_settings)
        self.refresh()

    def start_schedule(self, check_every_ms: int = CHECK_EVERY_MS) -> None:
        """Back up when due, at sign-out and before the window closes (the entry point turns
        this on for the desk's window; a screen built alone, as in tests, stays quiet)."""
        self.timer.start(check_every_ms)
        self._hook_window()

    @property
    def busy(self) -> bool:
        return self.call is not None

    # -- when ---------------------------------------------------------------------------
    def check_due(self) -> None:
        ctx = self.desk.ctx
        self._start(lambda: run_backup(ctx) if backup_due(ctx) else BackupOutcome(skipped="no"))

    def back_up_now(self) -> bool:
        """Start a backup now; ``False`` when one is already running."""
        ctx = self.desk.ctx
        return self._start(lambda: run_backup(ctx, "manual"))

    def back_up_if_changed(self, kind: str) -> None:
        ctx = self.desk.ctx
        self._start(lambda: run_backup_if_changed(ctx, kind))

    def _start(self, work: Any) -> bool:
        if self.call is not None:
            return False
        self.setText(self.desk.tr("ui.backupbar.running"))
        self.call = run_op(
            work, self._done, self._failed, lane="maintenance", owner=self, what="backup"
        )
        return True

    def _done(self, outcome: BackupOutcome) -> None:
        self.call = None
        self.refresh()
        self.finished.emit(outcome)
        self._continue_exit()

    def _failed(self, error: UserError) -> None:
        self.call = None
        self.refresh()
        self.setToolTip(self.desk.tr.message(error.message))
        self.finished.emit(BackupOutcome(local_problem=error.message))
        self._continue_exit()

    def refresh(self) -> None:
        words = status_words(self.desk.tr, self.desk.ctx, backup_status(self.desk.ctx))
        self.setText(words.text)
        self.setToolTip(words.tooltip)
        self.setProperty("warn", words.warn)
        self.style().unpolish(self)
        self.style().polish(self)

    def open_settings(self) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page("settings")

    # -- sign-out and exit --------------------------------------------------------------
    def _hook_window(self) -> None:
        window = self.window()
        if window is self or self.window_hooked is window:
            return
        self.window_hooked = window
        window.installEventFilter(self)
        signed_out = getattr(window, "signed_out", None)
        if signed_out is not None:
            signed_out.connect(lambda: self.back_up_if_changed("sign_out"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_hooked and event.type() == QEvent.Type.Close:
            app = QApplication.instance()
            if self.exit_done or (app is not None and app.property(RESTARTING)):
                return False
            event.ignore()
            self._back_up_before_exit()
            return True
        return False

    def _back_up_before_exit(self) -> None:
        if self.closing:
            return
        self.closing = True
        self._start_exit_backup()  # or when the backup running now is done
        tr = self.desk.tr
        box = QMessageBox(self.window())
        box.setObjectName("exitBackupBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("ui.backupbar.exit_title"))
        box.setText(tr("ui.backupbar.exit_text"))
        skip = box.addButton(tr("ui.backupbar.exit_skip"), QMessageBox.ButtonRole.RejectRole)
        skip.clicked.connect(self._exit_now)
        self.exit_box = box
        box.open()

    def _start_exit_backup(self) -> None:
        if self.call is None:
            self.exit_started = True
            self.back_up_if_changed("exit")

    def _continue_exit(self) -> None:
        if not self.closing:
            return
        if not self.exit_started:
            self._start_exit_backup()
        else:
            self._exit_now()

    def _exit_now(self) -> None:
        self.exit_done = True
        if self.exit_box is not None:
            self.exit_box.done(0)
            self.exit_box = None
        if self.window_hooked is not None:
            self.window_hooked.close()


def make_backup_widget(desk: DeskUi) -> BackupButton:
    return BackupButton(desk)


def start_backups(window: QWidget) -> None:
    """Turn on the automatic backups of the window's backup button."""
    for button in window.findChildren(BackupButton):
        button.start_schedule()
