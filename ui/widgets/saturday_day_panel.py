"""F5's right side: the chosen Saturday's title and places, the service picker, who is on
duty (or why the day is closed), the slot grid, the nearest free slots offered when a slot
filled up, the keys hint and an admin's places button. It shows what it is given; the page
decides what to read and what a key or a click does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import Translator
from desktop.saturday.month import DayGrid
from desktop.saturday.setup import OfferedService
from desktop.saturday.views import SlotView
from ui.widgets.slot_grid import SlotGrid


class SaturdayDayPanel(QWidget):
    def __init__(self, tr: Translator, is_admin: bool) -> None:
        super().__init__()
        self.texts = tr
        self.day_title = QLabel()
        self.day_title.setObjectName("dayTitle")
        self.day_places = QLabel()
        self.service = QComboBox()
        self.service.setObjectName("saturdayService")
        self.service.setMinimumContentsLength(18)  # about nine Chinese characters
        self.service.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.on_duty = QLabel()
        self.on_duty.setObjectName("muted")
        self.on_duty.setWordWrap(True)
        self.slots = SlotGrid(tr)
        self.keys_hint = QLabel(tr("ui.sat.keys_hint"))
        self.keys_hint.setObjectName("caption")
        self.keys_hint.setWordWrap(True)
        self.alternatives = QListWidget()
        self.alternatives.setObjectName("alternatives")
        self.alternatives.setMaximumHeight(110)
        self.alternatives.hide()
        self.places_button = QPushButton(tr("ui.sat.places"))
        self.places_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.places_button.setVisible(is_admin)
        heading = QHBoxLayout()
        heading.addWidget(self.day_title)
        heading.addWidget(self.day_places, 1)
        heading.addWidget(QLabel(tr("ui.sat.service")))
        heading.addWidget(self.service)
        under = QHBoxLayout()
        under.addWidget(self.keys_hint, 1)
        under.addWidget(self.places_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(heading)
        column.addWidget(self.on_duty)
        column.addWidget(self.slots, 1)
        column.addWidget(self.alternatives)
        column.addLayout(under)

    def show_services(self, services: list[OfferedService]) -> None:
        """The service picker: all services, or one (kept when it is still offered); no
        signal while it is refilled."""
        kept = self.service.currentData()
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(self.texts("ui.sat.all_services"), None)
        for offered in services:
            self.service.addItem(offered.name, offered.service_item_id)
            self.service.setItemData(
                self.service.count() - 1, offered.name, Qt.ItemDataRole.ToolTipRole
            )
        self.service.setCurrentIndex(max(self.service.findData(kept), 0))
        self.service.blockSignals(False)

    def show_grid(self, grid: DayGrid, today: dt.date) -> None:
        tr = self.texts
        self.day_title.setText(
            tr(
                "ui.sat.day_title",
                month=grid.day.month,
                day=grid.day.day,
                date=f"{grid.day:%Y-%m-%d}",
            )
        )
        self.day_places.setText(
            ""
            if grid.closed_reason or not grid.cells
            else tr(
                "ui.sat.day_places",
                booked=grid.booked,
                total=grid.total,
                free=max(grid.total - grid.booked, 0),
            )
        )
        if grid.closed_reason:
            note = tr("ui.sat.note_aside", note=grid.note) if grid.note else ""
            reason = tr(f"saturday.exception.{grid.closed_reason}")
            self.on_duty.setText(tr("ui.sat.closed_day", reason=reason, note=note))
        elif grid.on_duty:
            self.on_duty.setText(tr("ui.sat.on_duty", names="、".join(grid.on_duty)))
        elif grid.day < today:
            self.on_duty.setText(tr("ui.sat.day_over"))
        else:
            self.on_duty.setText(tr("ui.sat.nobody_on_duty"))
        self.slots.empty_text = "" if grid.cells else self.on_duty.text()
        self.slots.show_grid(grid)

    def show_alternatives(self, alternatives: list[SlotView]) -> None:
        """The nearest free slots after a slot filled up, the first one chosen."""
        tr = self.texts
        self.alternatives.clear()
        for slot in alternatives:
            text = tr(
                "ui.sat.alternative",
                day=f"{slot.day:%m-%d}",
                time=f"{slot.starts}–{slot.ends}",
                service=slot.service_name,
                free=slot.free,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot)
            self.alternatives.addItem(item)
        self.alternatives.setVisible(bool(alternatives))
        if alternatives:
            self.alternatives.setCurrentRow(0)
            self.alternatives.setFocus()
