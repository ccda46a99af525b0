"""The picked resident: name, masked phone and ID number (revealable), address, grid."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop import residents
from desktop.residents import ResidentSummary
from ui.desk_ui import DeskUi
from ui.widgets.masked_value import MaskedValue


class ResidentCard(QGroupBox):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__(desk.tr("ui.register.resident"))
        self.setObjectName("residentCard")
        self.desk = desk
        self.form = QFormLayout(self)
        self.empty = QLabel(desk.tr("ui.register.no_resident"))
        self.empty.setObjectName("muted")
        self.form.addRow(self.empty)
        self.resident: ResidentSummary | None = None

    def show_resident(self, resident: ResidentSummary | None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.resident = resident
        tr = self.desk.tr
        if resident is None:
            self.empty = QLabel(tr("ui.register.no_resident"))
            self.empty.setObjectName("muted")
            self.form.addRow(self.empty)
            return
        name = QLabel(resident.name)
        name.setObjectName("residentName")
        self.form.addRow(tr("ui.resident.name"), name)
        self.form.addRow(tr("ui.resident.phone"), self._masked(resident, "phone"))
        self.form.addRow(tr("ui.residents.col.id"), self._masked(resident, "id"))
        self.form.addRow(tr("ui.resident.address"), QLabel(resident.address))
        self.form.addRow(tr("ui.resident.grid"), QLabel(resident.grid))

    def _masked(self, resident: ResidentSummary, kind: str) -> QWidget:
        desk = self.desk
        if kind == "phone":
            return MaskedValue(
                desk.tr,
                resident.phone_masked,
                lambda: residents.reveal_phone(desk.ctx, desk.signed_in, resident.id),
            )
        return MaskedValue(
            desk.tr,
            resident.id_masked,
            lambda: residents.reveal_id_number(desk.ctx, desk.signed_in, resident.id),
        )
