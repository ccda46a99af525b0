"""Set a slot's places by hand (center admin), or give it back to the roster's figure."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.saturday import setup
from desktop.saturday.views import BookingView, SlotView
from ui.desk_ui import DeskUi

MAX_PLACES = 200


class SlotPlacesDialog(QDialog):
    """Shows the slot and its booked places; Enter saves, Esc leaves it as it was."""

    def __init__(self, desk: DeskUi, slot: SlotView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slotPlaces")
        self.desk = desk
        self.slot = slot
        self.moved: list[BookingView] = []
        tr = desk.tr
        self.setWindowTitle(tr("ui.satplaces.title"))
        heading = QLabel(
            tr(
                "ui.satplaces.slot",
                day=f"{slot.day:%Y-%m-%d}",
                time=f"{slot.starts}–{slot.ends}",
                service=slot.service_name,
                booked=slot.booked,
            )
        )
        heading.setWordWrap(True)
        self.places = QSpinBox()
        self.places.setRange(0, MAX_PLACES)
        self.places.setValue(slot.capacity)
        self.by_roster = QCheckBox(tr("ui.satplaces.by_roster"))
        self.by_roster.setChecked(not slot.overridden)
        self.by_roster.toggled.connect(lambda on: self.places.setEnabled(not on))
        self.places.setEnabled(slot.overridden)
        form = QFormLayout()
        form.addRow(tr("ui.satplaces.places"), self.places)
        form.addRow("", self.by_roster)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        places = None if self.by_roster.isChecked() else self.places.value()
        try:
            self.moved = setup.override_capacity(
                self.desk.ctx, self.desk.signed_in, self.slot.id, places
            )
        except UserError as error:
            self.message.setText(self.desk.tr.message(error.message))
            return
        self.accept()
