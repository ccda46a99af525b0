"""The reminder call list for a Saturday: booked residents with their phone numbers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.saturday.screens import CallEntry
from ui.desk_ui import DeskUi


class CallListDialog(QDialog):
    def __init__(
        self, desk: DeskUi, day: dt.date, calls: list[CallEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callList")
        tr = desk.tr
        self.setWindowTitle(tr("ui.sat.calls_title", day=f"{day:%Y-%m-%d}"))
        self.calls = QListWidget()
        for call in calls:
            booking = call.booking
            self.calls.addItem(
                tr(
                    "ui.sat.call_line",
                    time=f"{booking.starts}–{booking.ends}",
                    name=booking.resident_name,
                    phone=call.phone,
                    service=booking.service_name,
                    number=booking.number,
                )
            )
        layout = QVBoxLayout(self)
        if not calls:
            layout.addWidget(QLabel(tr("ui.sat.no_calls")))
        layout.addWidget(self.calls)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
