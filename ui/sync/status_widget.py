"""The status bar's sync button: state, pending changes, last success; click = sync now.

Rounds run on Qt's thread pool (never on the UI thread), on start-up, on a timer with
backoff after failures, and when clicked.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from desktop.sync.enrolment import connection
from desktop.sync.runner import Backoff, SyncRunner, SyncStatus
from ui.desk_ui import DeskUi

FIRST_ROUND_MS = 2_000


class _Signals(QObject):
    finished = Signal(object)  # SyncStatus


class _Round(QRunnable):
    def __init__(self, runner: SyncRunner) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.runner = runner
        self.signals = _Signals()

    def run(self) -> None:
        try:
            status = self.runner.run_once()
        except Exception:  # a round must never take the desk down; say so and retry later
            status = self.runner.status("attention")
        self.signals.finished.emit(status)


class SyncStatusButton(QPushButton):
    def __init__(self, desk: DeskUi, runner: SyncRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("syncStatus")
        self.setFlat(True)
        self.desk = desk
        self.runner = runner or SyncRunner(desk.ctx)
        self.backoff = Backoff()
        self.job: _Round | None = None
        self.last: SyncStatus | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.clicked.connect(self.open_or_sync)
        connected = connection(desk.ctx) is not None
        self.show_status(self.runner.status("offline" if connected else "not_connected"))
        self.timer.start(FIRST_ROUND_MS)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def open_or_sync(self) -> None:
        """With items needing attention, open the inbox; otherwise sync now."""
        if self.last is not None and self.last.issues:
            from ui.sync.inbox_dialog import InboxDialog

            dialog = InboxDialog(self.desk, self.sync_now, self.window())
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        self.sync_now()

    def sync_now(self) -> None:
        if self.job is not None:
            return
        self.timer.stop()
        self.setText(self.desk.tr("ui.syncbar.syncing"))
        self.job = _Round(self.runner)
        self.job.signals.finished.connect(self._finished)
        QThreadPool.globalInstance().start(self.job)

    def _finished(self, status: SyncStatus) -> None:
        self.job = None
        self.show_status(status)
        self.timer.start(int(self.backoff.next_delay(status) * 1000))

    def show_status(self, status: SyncStatus) -> None:
        tr = self.desk.tr
        self.last = status
        when = ""
        if status.last_success:
            moment = dt.datetime.fromisoformat(status.last_success)
            when = f"{self.desk.ctx.to_local(moment):%H:%M}"
        self.setText(
            tr(
                f"ui.syncbar.{status.state}",
                pending=status.pending,
                issues=status.issues,
                when=when,
            )
        )
        self.setToolTip(tr.message(status.message) if status.message else "")


def make_status_widget(desk: DeskUi) -> SyncStatusButton:
    return SyncStatusButton(desk)
