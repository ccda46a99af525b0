"""F9 设置 → 备份与恢复: when the last backups were made and what went wrong, back up now;
for a center admin the second folder, how many backups to keep, the recovery sheet and
restoring from a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.backup import admin
from desktop.backup.service import BackupOutcome, backup_status
from desktop.errors import UserError, ValidationError
from ui.backup.status_widget import BackupButton, status_words
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_user_error
from ui.ops import Op, run_op
from ui.widgets.field import FieldSet

POLICY_ROWS = (
    ("interval", "ui.backup.every", (("interval_minutes", 5, 24 * 60, "ui.backup.minutes"),)),
    (
        "keep",
        "ui.backup.keep",
        (
            ("keep_recent", 1, 100, "ui.backup.keep_recent"),
            ("keep_daily", 0, 365, "ui.backup.keep_daily"),
            ("keep_weekly", 0, 520, "ui.backup.keep_weekly"),
            ("keep_monthly", 0, 240, "ui.backup.keep_monthly"),
        ),
    ),
)
"""F9's two rows of backup settings: (field, label, ((setting, low, high, words after),))."""


class BackupSection(QGroupBox):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__(desk.tr("ui.backup.title"))
        self.setObjectName("backupSection")
        self.desk = desk
        tr = desk.tr
        self.call: Op[BackupOutcome] | None = None
        self.listening = False
        self.status = QLabel()
        self.status.setObjectName("backupWhen")
        self.status.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("warning")
        self.problems.setWordWrap(True)
        self.now_button = QPushButton(tr("ui.backup.now"))
        self.now_button.setObjectName("backupNow")
        self.now_button.clicked.connect(self.back_up_now)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.now_button, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problems)
        if desk.signed_in.is_admin:
            self._admin_part(layout)
        self.refresh()

    def _admin_part(self, layout: QVBoxLayout) -> None:
        tr = self.desk.tr
        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        self.folder = QLineEdit()
        self.folder.setObjectName("secondFolder")
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText(tr("ui.backup.folder_none"))
        choose = QPushButton(tr("ui.backup.folder_choose"))
        choose.setObjectName("chooseSecondFolder")
        choose.clicked.connect(self.choose_folder)
        forget = QPushButton(tr("ui.backup.folder_forget"))
        forget.clicked.connect(lambda: self.set_folder(""))
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        row.addWidget(forget)
        self.fields.add("folder", "ui.backup.folder", folder_row)
        policy = admin.backup_policy(self.desk.ctx)
        self.spins: dict[str, QSpinBox] = {}
        for field, label, spins in POLICY_ROWS:
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            for name, low, high, after in spins:
                spin = QSpinBox()
                spin.setObjectName(name)
                spin.setRange(low, high)
                spin.setValue(getattr(policy, name))
                spin.setMaximumWidth(80)
                self.spins[name] = spin
                row.addWidget(spin)
                row.addWidget(QLabel(tr(after)))
            row.addStretch(1)
            self.fields.add(field, label, line)
        save = QPushButton(tr("ui.backup.save_policy"))
        save.setObjectName("saveBackupPolicy")
        save.clicked.connect(self.save_policy)
        self.saved = QLabel()
        self.saved.setObjectName("success")
        self.sheet_reminder = QLabel(tr("ui.backup.sheet_missing"))
        self.sheet_reminder.setObjectName("warning")
        self.sheet_reminder.setWordWrap(True)
        sheet = QPushButton(tr("ui.backup.sheet"))
        sheet.setObjectName("recoverySheetButton")
        sheet.clicked.connect(self.open_sheet)
        restore = QPushButton(tr("ui.backup.restore"))
        restore.setObjectName("restoreButton")
        restore.clicked.connect(self.open_restore)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(sheet)
        buttons.addWidget(restore)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.sheet_reminder)

    # -- what is shown ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        bar = self._bar()
        if bar is not None and not self.listening:
            bar.finished.connect(self.refresh)  # automatic backups too
            self.listening = True
        super().showEvent(event)

    def refresh(self, *_: object) -> None:
        ctx, tr = self.desk.ctx, self.desk.tr
        status = backup_status(ctx)
        words = status_words(tr, ctx, status)
        self.status.setText("\n".join(words.when))
        self.problems.setText("\n".join(words.problems))
        self.problems.setVisible(bool(words.problems))
        if hasattr(self, "folder"):
            self.folder.setText(status.second_folder)
            self.sheet_reminder.setVisible(admin.sheet_missing(ctx))

    # -- back up now --------------------------------------------------------------------
    def _bar(self) -> BackupButton | None:
        found = self.window().findChild(BackupButton)
        return found if isinstance(found, BackupButton) else None

    def back_up_now(self) -> None:
        self.now_button.setEnabled(False)
        bar = self._bar()
        if bar is not None:
            bar.finished.connect(self._backed_up)
            if not bar.back_up_now():
                bar.finished.disconnect(self._backed_up)
                self.now_button.setEnabled(True)
            return
        from desktop.backup.service import run_backup

        ctx = self.desk.ctx
        self.call = run_op(
            lambda: run_backup(ctx, "manual"),
            self._backed_up,
            self._failed,
            lane="maintenance",
            owner=self,
            what="backup on demand",
        )

    def _backed_up(self, outcome: BackupOutcome) -> None:
        bar = self._bar()
        if bar is not None:
            bar.finished.disconnect(self._backed_up)
        self.call = None
        self.now_button.setEnabled(True)
        self.refresh()

    def _failed(self, error: UserError) -> None:
        self.call = None
        self.now_button.setEnabled(True)
        self.problems.setText(self.desk.tr.message(error.message))
        self.problems.show()

    # -- admin --------------------------------------------------------------------------
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.desk.tr("ui.backup.folder_choose"), str(Path.home())
        )
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> None:
        self.fields.clear_errors()
        try:
            admin.set_second_folder(self.desk.ctx, self.desk.signed_in, folder)
        except ValidationError as error:
            self.fields.show_errors(error.fields)
            return
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        self.refresh()
        bar = self._bar()
        if folder and bar is not None:
            bar.back_up_now()  # the first copy goes there at once
        elif bar is not None:
            bar.refresh()

    def save_policy(self) -> None:
        self.fields.clear_errors()
        values = {name: spin.value() for name, spin in self.spins.items()}
        try:
            admin.set_backup_policy(
                self.desk.ctx, self.desk.signed_in, admin.BackupPolicy(**values)
            )
        except ValidationError as error:
            rows = {name: field for field, _label, spins in POLICY_ROWS for name, *_ in spins}
            self.fields.show_errors({rows[k]: m for k, m in error.fields.items() if k in rows})
            return
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        self.saved.setText(self.desk.tr("ui.settings.saved"))

    def open_sheet(self) -> None:
        from ui.backup.recovery_sheet_dialog import RecoverySheetDialog

        try:
            dialog = RecoverySheetDialog(self.desk.ctx, self.desk.signed_in, self.desk.tr, self)
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        dialog.finished.connect(lambda *_: self.refresh())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_restore(self) -> None:
        from ui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog.for_desk(self.desk, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
