"""Staff accounts (center admin): add a colleague, switch an account off or on, reset a
password. Every change is written to the audit log by ``desktop.auth``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import auth
from desktop.context import ROLES
from desktop.errors import UserError, ValidationError
from ui.desk_ui import DeskUi
from ui.widgets.field import FieldSet
from ui.widgets.staff_clashes import StaffClashes


class StaffAccountsDialog(QDialog):
    def __init__(self, desk: DeskUi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffAccounts")
        self.desk = desk
        tr = desk.tr
        self.setWindowTitle(tr("ui.staff.title"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr(f"ui.staff.col.{c}") for c in ("name", "username", "role", "state")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        toggle = QPushButton(tr("ui.staff.toggle"))
        toggle.clicked.connect(self.toggle_selected)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(tr("ui.staff.new_password"))
        reset = QPushButton(tr("ui.staff.reset"))
        reset.clicked.connect(self.reset_selected)
        row_actions = QHBoxLayout()
        row_actions.addWidget(toggle)
        row_actions.addStretch(1)
        row_actions.addWidget(self.new_password)
        row_actions.addWidget(reset)

        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        self.username = self.fields.add_line("username", "ui.sign_in.username")
        self.display_name = self.fields.add_line("display_name", "ui.staff.display_name")
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(tr(f"ui.role.{role}"), role)
        self.fields.add("role", "ui.staff.role", self.role)
        self.password = self.fields.add_line("password", "ui.sign_in.password", password=True)
        add = QPushButton(tr("ui.staff.add"))
        add.setObjectName("primary")
        add.clicked.connect(self.add_account)
        self.message = QLabel()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        self.clashes = StaffClashes(desk, self.refresh)  # same-named accounts of the desks
        layout.addWidget(self.clashes)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_actions)
        layout.addWidget(QLabel(tr("ui.staff.add_title")))
        layout.addLayout(form)
        layout.addWidget(add, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        for button in (toggle, reset):
            button.setAutoDefault(False)
        add.setDefault(True)  # Enter in the form adds the account
        self.resize(680, 680)
        self.refresh()

    def refresh(self) -> None:
        tr = self.desk.tr
        current = self.selected()
        self.table.setRowCount(0)
        for account in auth.list_accounts(self.desk.ctx, self.desk.signed_in):
            row = self.table.rowCount()
            self.table.insertRow(row)
            state = tr("ui.staff.active" if account.active else "ui.staff.inactive")
            cells = (account.display_name, account.username, tr(f"ui.role.{account.role}"), state)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, account)
                self.table.setItem(row, column, cell)
            if current is not None and account.id == current.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def selected(self) -> auth.Account | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setObjectName("success" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def add_account(self) -> None:
        tr = self.desk.tr
        try:
            made = auth.create_staff(
                self.desk.ctx,
                self.desk.signed_in,
                self.username.text(),
                self.display_name.text(),
                str(self.role.currentData()),
                self.password.text(),
            )
        except ValidationError as error:
            self.fields.show_errors(error.fields)
            return
        except UserError as error:
            self._say(tr.message(error.message), False)
            return
        self.fields.show_errors({})
        for line in (self.username, self.display_name, self.password):
            line.clear()
        self._say(tr("ui.staff.added", name=made.display_name, username=made.username), True)
        self.refresh()

    def toggle_selected(self) -> None:
        account = self.selected()
        if account is None:
            self._say(self.desk.tr("ui.staff.pick"), False)
            return
        try:
            auth.set_active(self.desk.ctx, self.desk.signed_in, account.id, not account.active)
        except UserError as error:
            self._say(self.desk.tr.message(error.message), False)
            return
        self._say(self.desk.tr("ui.staff.saved"), True)
        self.refresh()

    def reset_selected(self) -> None:
        tr = self.desk.tr
        account = self.selected()
        if account is None:
            self._say(tr("ui.staff.pick"), False)
            return
        try:
            auth.reset_password(
                self.desk.ctx, self.desk.signed_in, account.id, self.new_password.text()
            )
        except ValidationError as error:
            self._say("；".join(tr.message(m) for m in error.fields.values()), False)
            return
        except UserError as error:
            self._say(tr.message(error.message), False)
            return
        self.new_password.clear()
        self._say(tr("ui.staff.password_reset", name=account.display_name), True)
