"""A resident's visits and Saturday bookings, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QTableView, QVBoxLayout, QWidget

from desktop import visits
from desktop.saturday.screens import resident_bookings
from ui.desk_ui import DeskUi
from ui.models.visit_model import HISTORY_COLUMNS, VisitTableModel


class ResidentHistoryDialog(QDialog):
    def __init__(
        self, desk: DeskUi, resident_id: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        tr = desk.tr
        self.setWindowTitle(tr("ui.history.title", name=name))
        self.model = VisitTableModel(desk.ctx, tr, HISTORY_COLUMNS)
        self.model.set_visits(visits.resident_history(desk.ctx, desk.signed_in, resident_id))
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        title = QLabel(tr("ui.history.title", name=name))
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        layout.addWidget(table)
        if not self.model.visits:
            layout.addWidget(QLabel(tr("ui.history.empty")))
        self.bookings = QListWidget()
        self.bookings.setObjectName("residentBookings")
        for booking in resident_bookings(desk.ctx, desk.signed_in, resident_id):
            status = tr(f"saturday.status.{booking.stage}")
            self.bookings.addItem(
                f"{booking.day:%Y-%m-%d} {booking.starts}–{booking.ends}  "
                f"{booking.service_name}  {booking.number}  {status}"
            )
        if self.bookings.count():
            layout.addWidget(QLabel(tr("ui.nav.saturday")))
            self.bookings.setMaximumHeight(120)
            layout.addWidget(self.bookings)
        self.resize(860, 480)
