"""Staff sign-in (works offline): username, Tab, password, Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.demo_names import DEMO_PASSWORD, is_demo_center
from desktop.errors import UserError, ValidationError
from ui.desk_ui import DeskUi
from ui.widgets.field import FieldSet

if TYPE_CHECKING:
    from desktop.context import StaffIdentity


class SignInDialog(QDialog):
    def __init__(self, desk: DeskUi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.desk = desk
        self.identity: StaffIdentity | None = None
        tr = desk.tr
        self.setWindowTitle(tr("ui.sign_in.title"))
        title = QLabel(desk.center_name)
        title.setObjectName("dialogTitle")
        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        self.username = self.fields.add_line("username", "ui.sign_in.username")
        self.password = self.fields.add_line("password", "ui.sign_in.password", password=True)
        buttons = QDialogButtonBox()
        self.submit_button = buttons.addButton(
            tr("ui.sign_in.submit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("ui.common.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if is_demo_center(desk.center_name):
            hint = QLabel(tr("ui.sign_in.demo_hint", password=DEMO_PASSWORD))
            hint.setObjectName("muted")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.submit_button.setDefault(True)  # once the button is inside the dialog
        self.username.setFocus()

    def submit(self) -> None:
        try:
            from desktop import auth  # loaded after the first paint, not before it

            identity = auth.sign_in(
                self.desk.ctx,
                self.username.text(),
                self.password.text(),
                replacing=self.desk.staff,  # the sign-in an idle lock holds, if any
            )
        except ValidationError as error:
            self.fields.show_errors(error.fields)
            return
        except UserError as error:
            self.fields.show_errors({"password": error.message})
            self.password.selectAll()
            return
        self.identity = identity
        self.desk.staff = identity
        self.accept()
