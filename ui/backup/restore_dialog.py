"""从备份恢复: pick a backup (this desk's, the second folder's, or one on a USB drive), see
what it holds, give the recovery key when this PC does not have it, restore.

From F9 (a center admin) the backup is checked and prepared while the desk runs, then the
desk restarts on it; on the first-run screen of a new PC it is restored at once and the
desk opens on it. Checking, unpacking and listing run off the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.backup import restore
from desktop.backup.folders import BackupFile
from desktop.backup.restore_keys import key_needed
from desktop.bootstrap import Startup
from desktop.context import DeskContext
from desktop.errors import Message, UserError
from desktop.i18n import Translator
from desktop.paths import DataPaths
from ui.desk_ui import DeskUi
from ui.ops import Op, run_op

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = ("time", "center", "size", "residents", "visits", "where", "state")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class RestoreDialog(QDialog):
    def __init__(
        self,
        paths: DataPaths,
        tr: Translator,
        second_folder: str,
        prepare: Callable[[BackupFile, str | None], Any],
        timezone: str = "Asia/Shanghai",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.paths, self.texts, self.second_folder = paths, tr, second_folder
        self.prepare = prepare
        self.timezone = timezone
        self.more: tuple[Path, ...] = ()
        self.backups: list[BackupFile] = []
        self.call: Op[Any] | None = None
        self.startup: Startup | None = None
        self.ctx: DeskContext | None = None
        self.on_prepared: Callable[[], None] = self.accept  # set by the way it is opened
        self.setWindowTitle(tr("ui.restore.title"))
        self._build()
        self.reload()

    # -- how it is opened ---------------------------------------------------------------
    @classmethod
    def for_desk(cls, desk: DeskUi, parent: QWidget | None = None) -> RestoreDialog:
        """From F9: a center admin restores over this desk; the desk restarts on it."""
        from desktop.backup.admin import prepare_restore_here

        ctx, staff = desk.ctx, desk.signed_in
        folder = str(desk.settings.get("backup.second_folder"))

        def prepare(backup: BackupFile, key: str | None) -> Any:
            return prepare_restore_here(ctx, staff, backup, key)

        dialog = cls(ctx.paths, desk.tr, folder, prepare, ctx.timezone, parent)
        dialog.on_prepared = dialog._restart
        return dialog

    @classmethod
    def for_first_run(
        cls, startup: Startup, tr: Translator, parent: QWidget | None = None
    ) -> RestoreDialog:
        """On a new PC's first-run screen: restore at once and open the desk on it."""

        def prepare(backup: BackupFile, key: str | None) -> Any:
            prepared = restore.prepare_restore(startup.paths, backup, key)
            return prepared

        dialog = cls(startup.paths, tr, "", prepare, parent=parent)
        dialog.startup = startup
        dialog.on_prepared = dialog._finish_here
        return dialog

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.texts
        intro = QLabel(tr("ui.restore.intro"))
        intro.setWordWrap(True)
        open_folder = QPushButton(tr("ui.restore.open_folder"))
        open_folder.setObjectName("openBackupFolder")
        open_folder.clicked.connect(self.choose_folder)
        open_file = QPushButton(tr("ui.restore.open_file"))
        open_file.clicked.connect(self.choose_file)
        for button in (open_folder, open_file):
            button.setAutoDefault(False)
        sources = QHBoxLayout()
        sources.addWidget(intro, 1)
        sources.addWidget(open_folder)
        sources.addWidget(open_file)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels([tr(f"ui.restore.col.{c}") for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.preview = QLabel()
        self.preview.setObjectName("backupPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.key = QLineEdit()
        self.key.setObjectName("recoveryKey")
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.key.textEdited.connect(self._typing)
        self.key_hint = QLabel(tr("ui.restore.key_hint"))
        self.key_hint.setObjectName("muted")
        self.key_hint.setWordWrap(True)
        self.key_row = QWidget()
        key_form = QFormLayout(self.key_row)
        key_form.setContentsMargins(0, 0, 0, 0)
        key_form.addRow(tr("ui.restore.key"), self.key)
        key_form.addRow("", self.key_hint)
        self.key_row.hide()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.restore_button = QPushButton(tr("ui.restore.restore"))
        self.restore_button.setObjectName("primary")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.confirm_restore)
        self.restore_button.setDefault(True)
        cancel = QPushButton(tr("ui.common.cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addLayout(sources)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.key_row)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 600)

    # -- the list -----------------------------------------------------------------------
    def reload(self) -> None:
        paths, second, more = self.paths, self.second_folder, self.more
        self._run(lambda: restore.list_backups(paths, second, more), self._listed, "listing")

    def _listed(self, backups: list[BackupFile]) -> None:
        self._idle()
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            for column, text in enumerate(self._cells(backup)):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4):
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        if backups:
            self.table.selectRow(0)
        else:
            self.preview.setText(self.texts("ui.restore.none_found"))

    def _cells(self, backup: BackupFile) -> list[str]:
        m, tr = backup.manifest, self.texts
        state = "damaged" if not m.good else ("aside" if m.kind == "before_restore" else "ok")
        return [
            self._local(m.created),
            m.center_name,
            _size(backup.size),
            str(m.residents),
            str(m.visits),
            tr(f"ui.restore.where.{backup.where}"),
            tr(f"ui.restore.state.{state}"),
        ]

    def _local(self, moment: dt.datetime) -> str:
        from zoneinfo import ZoneInfo

        return f"{moment.astimezone(ZoneInfo(self.timezone)):%Y-%m-%d %H:%M}"

    def selected(self) -> BackupFile | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.backups[rows[0].row()] if rows else None

    def show_selected(self) -> None:
        backup = self.selected()
        self.error.hide()
        if backup is None:
            self.restore_button.setEnabled(False)
            return
        m, tr = backup.manifest, self.texts
        lines = [
            tr("ui.restore.preview.center", center=m.center_name or "?"),
            tr("ui.restore.preview.time", time=self._local(m.created), version=m.app_version),
            tr(
                "ui.restore.preview.counts",
                residents=m.residents,
                visits=m.visits,
                bookings=m.bookings,
                last=m.last_visit_day or "—",
            ),
            tr("ui.restore.preview.connected" if m.connected else "ui.restore.preview.alone"),
            tr("ui.restore.preview.key", number=m.key_fingerprint or "—"),
            tr("ui.restore.preview.file", path=str(backup.path)),
        ]
        self.preview.setText("\n".join(lines))
        needed = key_needed(self.paths, m)
        self.key_row.setVisible(needed)
        if needed:
            self.key.setFocus()
        self.restore_button.setEnabled(m.good)
        if not m.good:
            self._say(Message("backup.damaged_backup"))

    # -- choosing other places ----------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.texts("ui.restore.open_folder"))
        if chosen:
            self.add_folder(Path(chosen))

    def add_folder(self, folder: Path) -> None:
        self.more = (*self.more, folder)
        self.reload()

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.texts("ui.restore.open_file"), "", "ZIP (*.zip)"
        )
        if chosen:
            self.add_file(Path(chosen))

    def add_file(self, path: Path) -> None:
        try:
            backup = restore.read_backup(path)
        except UserError as error:
            self._say(error.message)
            return
        self.backups.insert(0, backup)
        self._listed(self.backups)

    # -- restoring ----------------------------------------------------------------------
    def confirm_restore(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.texts("ui.restore.title"))
        code = "ui.restore.confirm_new" if self.startup is not None else "ui.restore.confirm"
        box.setText(self.texts(code, time=self._local(backup.manifest.created)))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.restore_selected())
        box.finished.connect(box.deleteLater)
        box.open()

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None or self.call is not None:
            return
        key = self.key.text() if self.key_row.isVisible() else None
        prepare = self.prepare
        self._run(lambda: prepare(backup, key), self._prepared, "preparing")

    def _prepared(self, _prepared: object) -> None:
        self._idle()
        self.on_prepared()

    def _restart(self) -> None:
        """F9: the desk restarts; the start-up finishes the restore and says so."""
        from ui.backup.restart import request_restart

        self.accept()
        request_restart()

    def _finish_here(self) -> None:
        """First run: the database holds no center; swap it now and open the desk."""
        assert self.startup is not None
        from desktop import bootstrap

        try:
            restore.reopen_after_restore(self.startup)
            self.ctx = bootstrap.desk_context(self.startup)
        except UserError as error:
            self._say(error.message)
            return
        self.accept()  # the desk opens on the restored data and says so

    # -- busy and messages ----------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], what: str) -> None:
        if self.call is not None:
            return
        self.error.hide()
        self.busy.show()
        self.busy.setFormat(self.texts(f"ui.restore.busy.{what}"))
        self.restore_button.setEnabled(False)
        self.call = run_op(
            work, done, self._refused, lane="maintenance", owner=self, what=f"restore ({what})"
        )

    def _idle(self) -> None:
        self.call = None
        self.busy.hide()
        self.restore_button.setEnabled(self.selected() is not None)

    def _refused(self, error: UserError) -> None:
        message = error.message
        self._idle()
        self._say(message)
        if message.code in ("backup.key_wrong", "backup.key_mistyped"):
            self.key.setFocus()
            self.key.selectAll()

    def _typing(self, _text: str) -> None:
        self.error.hide()

    def _say(self, message: Message) -> None:
        self.error.setText(self.texts.message(message))
        self.error.show()
