"""Connecting the desk to the district server (center admin, in settings).

Enrolment is a network call, so it runs on Qt's thread pool and reports back by signal;
the window stays usable and shows what happened in words, keeping what was typed.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from desktop.errors import Message, UserError, ValidationError
from desktop.sync import enrolment, link
from ui.desk_ui import DeskUi
from ui.widgets.field import FieldSet


def default_device_name(desk: DeskUi) -> str:
    """The desk number and the PC's name, so two desks of a center never look alike."""
    host = socket.gethostname().split(".")[0][:40] or "PC"
    return desk.tr("ui.sync.default_device", slot=desk.ctx.desk_slot, host=host)


class _Signals(QObject):
    connected = Signal(object)  # link.Connection
    failed = Signal(object)  # UserError


class _EnrolJob(QRunnable):
    def __init__(self, desk: DeskUi, server_url: str, code: str, device_name: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.args = (desk.ctx, desk.signed_in, server_url, code, device_name)
        self.signals = _Signals()

    def run(self) -> None:
        try:
            connection = enrolment.enrol(*self.args)
        except UserError as error:
            self.signals.failed.emit(error)
        except Exception:  # a failure here must never take the desk down
            self.signals.failed.emit(UserError("sync.garbage"))
        else:
            self.signals.connected.emit(connection)


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
        self.device_name.setText(default_device_name(desk))
        self.connect_button = QPushButton(desk.tr("ui.sync.connect"))
        self.connect_button.clicked.connect(self.start)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow("", self.connect_button)
        form.addRow("", self.status)
        self.job: _EnrolJob | None = None
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
        self.job = _EnrolJob(
            self.desk, self.server_url.text(), self.code.text(), self.device_name.text()
        )
        self.job.signals.connected.connect(self._connected)
        self.job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.job)

    def _connected(self, connection: link.Connection) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        self.code.clear()  # it works once; it is spent now
        self.show_connection(connection)
        self.desk.identity_changed()  # every screen: the district's center, name, desk number

    def _failed(self, error: UserError) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.fields.show_errors(error.fields)
            self.status.setText("")
            return
        message: Message = error.message
        self.status.setText(self.desk.tr.message(message))
