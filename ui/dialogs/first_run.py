"""First run: set up this center and its first admin, or open the demo center."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import setup
from desktop.auth import sign_in
from desktop.bootstrap import Startup
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError, ValidationError
from desktop.i18n import Translator
from ui.dialogs.messages import show_user_error
from ui.widgets.field import FieldSet

if TYPE_CHECKING:
    from ui.backup.restore_dialog import RestoreDialog

TEXT_FIELDS = (
    ("center_name", "ui.first_run.center_name", False),
    ("address", "ui.first_run.address", False),
    ("hotline", "ui.first_run.hotline", False),
    ("admin_username", "ui.first_run.admin_username", False),
    ("admin_display_name", "ui.first_run.admin_display_name", False),
    ("admin_password", "ui.first_run.admin_password", True),
)


class FirstRunDialog(QDialog):
    def __init__(self, startup: Startup, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.startup = startup
        self.texts = tr
        self.ctx: DeskContext | None = None
        self.admin: StaffIdentity | None = None  # set up here: prints the recovery sheet next
        self.restore_dialog: RestoreDialog | None = None
        self.setWindowTitle(tr("ui.first_run.title"))
        title = QLabel(tr("ui.first_run.title"))
        title.setObjectName("dialogTitle")
        intro = QLabel(tr("ui.first_run.intro"))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        for name, code, password in TEXT_FIELDS:
            self.fields.add_line(name, code, password=password)
        self.desk_slot = QSpinBox()
        self.desk_slot.setRange(1, 9)
        self.fields.add("desk_slot", "ui.first_run.desk_slot", self.desk_slot)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr("ui.first_run.create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.demo_button = buttons.addButton(
            tr("ui.first_run.demo"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.demo_button.setAutoDefault(False)
        self.restore_button = buttons.addButton(
            tr("ui.first_run.restore"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setObjectName("firstRunRestore")
        self.restore_button.setAutoDefault(False)
        buttons.accepted.connect(self.create_center)
        self.demo_button.clicked.connect(self.open_demo)
        self.restore_button.clicked.connect(self.open_restore)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.create_button.setDefault(True)  # once the button is inside the dialog
        self.fields.fields["center_name"].editor.setFocus()

    def center_setup(self) -> setup.CenterSetup:
        values = {name: self.fields.text(name).strip() for name, _, _ in TEXT_FIELDS}
        values["admin_password"] = self.fields.text("admin_password")
        return setup.CenterSetup(**values, desk_slot=self.desk_slot.value())

    def create_center(self) -> None:
        try:
            self.ctx = setup.set_up_center(self.startup, self.center_setup())
        except ValidationError as error:
            orphans = self.fields.show_errors(error.fields)
            if orphans:
                show_user_error(self, self.texts, error)
            return
        except UserError as error:
            show_user_error(self, self.texts, error)
            return
        chosen = self.center_setup()
        try:  # the new admin signs in for the recovery sheet that comes next
            self.admin = sign_in(self.ctx, chosen.admin_username, chosen.admin_password)
        except UserError as error:
            show_user_error(self, self.texts, error)
            return
        self.accept()

    def open_restore(self) -> None:
        """A new PC: restore the desk from a backup instead of setting it up."""
        from ui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog.for_first_run(self.startup, self.texts, self)
        dialog.accepted.connect(self._restored)
        self.restore_dialog = dialog
        dialog.open()

    def _restored(self) -> None:
        if self.restore_dialog is not None and self.restore_dialog.ctx is not None:
            self.ctx = self.restore_dialog.ctx
            self.accept()

    def open_demo(self) -> None:
        try:
            from desktop.demo import open_demo_center  # the fake data's modules: only now

            self.ctx = open_demo_center(self.startup)
        except UserError as error:
            show_user_error(self, self.texts, error)
            return
        self.accept()
