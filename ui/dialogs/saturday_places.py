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

from desktop.saturday import setup
from desktop.saturday.views import BookingView, SlotView
from ui.desk_ui import DeskUi
from ui.writes import Writes

MAX_PLACES = 200


class SlotPlacesDialog(QDialog):
    """Shows the slot and its booked places; Enter saves, Esc leaves it as it was."""

    def __init__(self, desk: DeskUi, slot: SlotView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slotPlaces")
        self.desk = desk
        self.slot = slot
        self.moved: list[BookingView] = []
        self.changed = False
        self.writes = Writes(self, "slot places")
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
        ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok_button is not None
        self.ok_button = ok_button
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        """Save on the database lane (OK held meanwhile); the dialog closes once saved and
        says a refusal. ``changed`` tells whether the slot's places were set anew."""
        if self.writes.busy:
            return
        places = None if self.by_roster.isChecked() else self.places.value()
        self.changed = places != (self.slot.capacity if self.slot.overridden else None)
        ctx, staff, slot_id = self.desk.ctx, self.desk.signed_in, self.slot.id
        self.writes.run(
            lambda: setup.override_capacity(ctx, staff, slot_id, places),
            self._saved,
            lambda error: self.message.setText(self.desk.tr.message(error.message)),
            (self.ok_button,),
        )

    def _saved(self, moved: list[BookingView]) -> None:
        self.moved = moved
        self.accept()
