"""Connecting the desk to the district server (center admin, in settings).

Enrolment is a network call, so it runs on the network lane of :mod:`ui.ops`; the window
stays usable and shows what happened in words, keeping what was typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from desktop.errors import Message, UserError, ValidationError
from desktop.sync import enrolment, link
from ui.desk_ui import DeskUi
from ui.ops import Op, run_op
from ui.widgets.field import FieldSet


class DistrictConnection(QGroupBox):
    def __init__(self, desk: DeskUi, parent: QWidget | None = None) -> None:
        super().__init__(desk.tr("ui.sync.title"), parent)
        self.setObjectName("districtConnection")
        self.desk = desk
        form = QFormLayout(self)
        self.fields = FieldSet(desk.tr, form)
        self.server_url = self.fields.add_line("server_url", "ui.sync.server_url")
        self.server_url.setPlaceholderText("https://")
        self.code = self.fields.add_line("code", "ui.sync.code")
        self.device_name = self.fields.add_line("device_name", "ui.sync.device_name")
        self.device_name.setText(desk.tr("ui.sync.default_device", slot=desk.ctx.desk_slot))
        self.connect_button = QPushButton(desk.tr("ui.sync.connect"))
        self.connect_button.clicked.connect(self.start)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow("", self.connect_button)
        form.addRow("", self.status)
        self.job: Op[link.Connection] | None = None
        self.show_connection(link.connection(desk.ctx))

    def show_connection(self, connection: link.Connection | None) -> None:
        tr = self.desk.tr
        if connection is None:
            self.status.setText(tr("ui.sync.not_connected"))
            return
        text = tr(
            "ui.sync.connected",
            center=connection.center_name,
            server=connection.server_url,
            device=connection.device_id,
        )
        if not connection.same_center(self.desk.ctx):
            text += "\n" + tr("ui.sync.other_center")
        self.status.setText(text)
        self.server_url.setText(connection.server_url)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self) -> None:
        if self.job is not None:
            return
        self.fields.show_errors({})
        self.connect_button.setEnabled(False)
        self.status.setText(self.desk.tr("ui.sync.connecting"))
        args = (self.desk.ctx, self.desk.signed_in, self.server_url.text(), self.code.text())
        device_name = self.device_name.text()
        self.job = run_op(
            lambda: enrolment.enrol(*args, device_name),
            self._connected,
            self._failed,
            lane="network",
            owner=self,
            what="enrolment",
            fallback="sync.garbage",
        )

    def _connected(self, connection: link.Connection) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        self.code.clear()  # it works once; it is spent now
        self.show_connection(connection)

    def _failed(self, error: UserError) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.fields.show_errors(error.fields)
            self.status.setText("")
            return
        message: Message = error.message
        self.status.setText(self.desk.tr.message(message))
