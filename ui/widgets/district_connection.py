"""Connecting the desk to the district server (center admin, in settings).

Enrolment is a network call, so it runs on the network lane of :mod:`ui.ops`; the window
stays usable, a progress bar and the step in words follow it (the steps are told from the
worker thread through a queued signal), and the outcome is said in words, keeping what
was typed.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.errors import Message, UserError, ValidationError
from desktop.sync import enrolment, link
from ui.desk_ui import DeskUi
from ui.ops import Op, run_op
from ui.widgets.field import FieldSet


def default_device_name(desk: DeskUi) -> str:
    """The desk number and the PC's name, so two desks of a center never look alike."""
    host = socket.gethostname().split(".")[0][:40] or "PC"
    return desk.tr("ui.sync.default_device", slot=desk.ctx.desk_slot, host=host)


class _Steps(QObject):
    """Carries each step from the worker thread to the UI thread (a queued signal)."""

    started = Signal(str)


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
        self.progress = QProgressBar()
        self.progress.setObjectName("connectProgress")
        self.progress.setRange(0, len(enrolment.STEPS))
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.steps_seen: list[str] = []
        form.addRow("", self.connect_button)
        form.addRow("", self.progress)
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
            desk=self.desk.ctx.desk_slot,  # the worker's words, not the device's id
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
        self.steps_seen = []
        self.progress.setValue(0)
        self.progress.show()
        args = (self.desk.ctx, self.desk.signed_in, self.server_url.text(), self.code.text())
        device_name = self.device_name.text()
        # unparented, kept by the work itself: it outlives this widget if the page goes
        steps = _Steps()
        steps.started.connect(self.show_step)
        self.job = run_op(
            lambda: enrolment.enrol(*args, device_name, progress=steps.started.emit),
            self._connected,
            self._failed,
            lane="network",
            owner=self,
            what="enrolment",
            fallback="sync.garbage",
        )

    def show_step(self, step: str) -> None:
        """A step began: the bar shows the steps done, the words the one running."""
        self.steps_seen.append(step)
        total = len(enrolment.STEPS)
        number = enrolment.STEPS.index(step) + 1 if step in enrolment.STEPS else total
        tr = self.desk.tr
        self.status.setText(tr("ui.sync.step", n=number, total=total, step=tr(step)))
        self.progress.setValue(number - 1)

    def _connected(self, connection: link.Connection) -> None:
        self.job = None
        self.progress.setValue(len(enrolment.STEPS))
        self.progress.hide()
        self.connect_button.setEnabled(True)
        self.code.clear()  # it works once; it is spent now
        self.show_connection(connection)
        self.desk.identity_changed()  # every screen: the district's center, name, desk number

    def _failed(self, error: UserError) -> None:
        self.job = None
        self.progress.hide()
        self.connect_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.fields.show_errors(error.fields)
            self.status.setText("")
            return
        message: Message = error.message
        self.status.setText(self.desk.tr.message(message))
