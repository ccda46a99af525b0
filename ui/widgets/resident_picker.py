"""Find a resident as you type (name, phone, pinyin initials, ID tail); ↓ and Enter pick."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop import resident_search
from desktop.context import DeskContext, StaffIdentity
from desktop.residents import ResidentSummary

DEBOUNCE_MS = 120


class ResidentPicker(QWidget):
    picked = Signal(object)  # ResidentSummary

    def __init__(self, ctx: DeskContext, staff: StaffIdentity, placeholder: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.staff = staff
        self.resident: ResidentSummary | None = None
        self.search = QLineEdit()
        self.search.setObjectName("residentSearch")
        self.search.setPlaceholderText(placeholder)
        self.results = QListWidget()
        self.results.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _: self._timer.start())
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)

    def run_search(self) -> None:
        self.results.clear()
        text = self.search.text().strip()
        for found in resident_search.search_residents(self.ctx, self.staff, text) if text else []:
            item = QListWidgetItem(f"{found.name}  {found.phone_masked}  {found.address}")
            item.setData(Qt.ItemDataRole.UserRole, found)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.results:
            if key == Qt.Key.Key_Up and self.results.currentRow() <= 0:
                self.search.setFocus()  # ↑ on the first row goes back to the search box
                return True
            return False
        if watched is self.search:
            if self._timer.isActive() and key in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                self._timer.stop()
                self.run_search()
            if key == Qt.Key.Key_Down:
                if self.results.count():  # into the list on the highlighted row, no skip
                    self.results.setCurrentRow(max(self.results.currentRow(), 0))
                    self.results.setFocus()
                return True
            if key == Qt.Key.Key_Up:
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.results.currentItem()
                if current is not None:
                    self._activated(current)  # Enter picks the highlighted row
                    return True
        return super().eventFilter(watched, event)

    def _activated(self, item: QListWidgetItem) -> None:
        found = item.data(Qt.ItemDataRole.UserRole)
        self.resident = found
        self.search.setText(found.name)
        self.results.clear()
        self.picked.emit(found)

    def clear(self) -> None:
        self.resident = None
        self.search.clear()
        self.results.clear()
