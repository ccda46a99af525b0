"""F9 设置: the UI language (applies after the desk is reopened), where data lives, and
for a center admin the staff accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import LANGUAGES
from desktop.settings import change_setting
from ui.desk_ui import DeskUi


class SettingsPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("settingsPage")
        self.desk = desk
        tr = desk.tr
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        for code in LANGUAGES:
            self.language.addItem(tr(f"ui.language.{code}"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(desk.settings.get("language"))))
        self.language.setMaximumWidth(240)  # a choice of two, not the window's width
        note = QLabel(tr("ui.settings.language_note"))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.save_button = QPushButton(tr("ui.common.save"))
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()
        self.saved.setObjectName("success")
        data_dir = QLabel(str(desk.ctx.paths.root))
        data_dir.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(tr("ui.settings.language"), self.language)
        form.addRow("", note)
        form.addRow(tr("ui.settings.data_dir"), data_dir)
        title = QLabel(tr("ui.settings.title"))
        title.setObjectName("sectionTitle")
        content = QWidget()  # the page scrolls when its sections outgrow the window
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        if desk.ctx.key_in_file:  # said every time, to everyone who opens F9
            self.keyring_note = QLabel(tr("ui.keyring.missing"))
            self.keyring_note.setObjectName("keyringWarning")
            self.keyring_note.setWordWrap(True)
            layout.addWidget(self.keyring_note)
        layout.addLayout(form)
        layout.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        from ui.backup.settings_section import BackupSection

        self.backup = BackupSection(desk)
        layout.addWidget(self.backup)
        if desk.signed_in.is_admin:
            from ui.printing.settings_section import PrintingSection
            from ui.widgets.district_connection import DistrictConnection

            self.printing = PrintingSection(desk)
            layout.addWidget(self.printing)

            self.district = DistrictConnection(desk)
            layout.addWidget(self.district)
            from ui.widgets.security_settings import SecuritySettings

            self.security = SecuritySettings(desk)
            layout.addWidget(self.security)
            accounts = QPushButton(tr("ui.staff.open"))
            accounts.setObjectName("staffAccountsButton")
            accounts.clicked.connect(self.open_accounts)
            layout.addWidget(accounts, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def activate(self) -> None:
        self.language.setFocus()
        self.backup.refresh()

    def save(self) -> None:
        try:
            change_setting(
                self.desk.ctx, self.desk.signed_in, "language", str(self.language.currentData())
            )
        except UserError as error:
            self.saved.setText(self.desk.tr.message(error.message))
            return
        self.saved.setText(self.desk.tr("ui.settings.saved"))

    def open_accounts(self) -> None:
        from ui.dialogs.staff_accounts import StaffAccountsDialog

        try:
            dialog = StaffAccountsDialog(self.desk, self)
        except UserError as error:  # switched off meanwhile, say: the window locks too
            for unfinished in self.findChildren(StaffAccountsDialog):
                unfinished.deleteLater()
            self.saved.setText(self.desk.tr.message(error.message))
            return
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
