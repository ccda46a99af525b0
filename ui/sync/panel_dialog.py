"""The sync panel (a click on the status bar): state in words, counts, the recent rounds.

Enter syncs now, Esc closes; 需处理 opens the inbox. The panel refreshes when a round ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.sync.history import RoundView, recent_rounds
from desktop.sync.status import SyncStatus
from ui.desk_ui import DeskUi

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SyncPanel(QDialog):
    def __init__(
        self,
        desk: DeskUi,
        sync_now: Callable[[], None],
        open_inbox: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        tr = desk.tr
        self.desk = desk
        self.setWindowTitle(tr("ui.syncpanel.title"))
        self.setObjectName("syncPanel")
        self.state = QLabel()
        self.state.setWordWrap(True)
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.rounds = QTableWidget(0, 5)
        self.rounds.setHorizontalHeaderLabels(
            [
                tr(f"ui.syncpanel.col.{name}")
                for name in ("when", "pushed", "refused", "pulled", "result")
            ]
        )
        self.rounds.verticalHeader().setVisible(False)
        self.rounds.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rounds.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.rounds.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.rounds.setWordWrap(False)
        self.rounds.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.rounds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sync_button = QPushButton(tr("ui.syncpanel.sync_now"))
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(sync_now)
        self.inbox_button = QPushButton()
        self.inbox_button.setAutoDefault(False)  # Enter is sync now, even while disabled
        self.inbox_button.clicked.connect(open_inbox)
        close = QPushButton(tr("ui.syncpanel.close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.inbox_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(tr("ui.syncpanel.history")))
        layout.addWidget(self.rounds)
        layout.addLayout(buttons)
        self.resize(620, 420)
        self.status: SyncStatus | None = None

    def show_status(self, status: SyncStatus, busy: bool) -> None:
        tr = self.desk.tr
        self.status = status
        self.state.setText(tr(f"ui.syncpanel.state.{status.state}"))
        when = tr("ui.syncpanel.never")
        if status.last_success:
            moment = dt.datetime.fromisoformat(status.last_success)
            when = f"{self.desk.ctx.to_local(moment):%m-%d %H:%M}"
        self.summary.setText(
            tr("ui.syncpanel.summary", pending=status.pending, issues=status.issues, when=when)
        )
        self.message.setText(tr.message(status.message) if status.message else "")
        self.message.setVisible(status.message is not None)
        self.inbox_button.setText(tr("ui.syncpanel.inbox", issues=status.issues))
        self.inbox_button.setEnabled(status.issues > 0)
        self.set_busy(busy)
        self._show_rounds(recent_rounds(self.desk.ctx))

    def set_busy(self, busy: bool) -> None:
        """立即同步 is off while a round runs (and on a desk not connected)."""
        connected = self.status is not None and self.status.state != "not_connected"
        self.sync_button.setEnabled(connected and not busy)

    def _show_rounds(self, rounds: list[RoundView]) -> None:
        tr = self.desk.tr
        self.rounds.setRowCount(len(rounds))
        for row, done in enumerate(rounds):
            result = tr(f"ui.syncpanel.result.{done.state}")
            if done.message is not None:
                result = tr(
                    "ui.syncpanel.result_with", result=result, message=tr.message(done.message)
                )
            cells = (
                f"{self.desk.ctx.to_local(done.finished_at):%m-%d %H:%M:%S}",
                str(done.pushed),
                str(done.refused),
                str(done.pulled),
                result,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(RIGHT)
                else:
                    item.setToolTip(text)  # a long reason is cut short in the cell
                self.rounds.setItem(row, column, item)
        self._fit()

    def _fit(self) -> None:
        """The result column takes what the others leave of the table's width."""
        header = self.rounds.horizontalHeader()
        used = sum(header.sectionSize(column) for column in range(4))
        header.resizeSection(4, max(80, self.rounds.viewport().width() - used))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        self.rounds.resizeColumnsToContents()
