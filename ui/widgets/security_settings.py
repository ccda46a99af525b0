"""F9 → 安全 (center admin): how soon an idle desk locks, how long slips are kept."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.settings import change_setting
from ui.desk_ui import DeskUi

FIELDS = (
    ("security.idle_lock_minutes", "ui.security.idle_minutes", 1, 240),
    ("slip.keep_days", "ui.security.keep_days", 1, 3650),
)


class SecuritySettings(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.desk = desk
        tr = desk.tr
        title = QLabel(tr("ui.security.title"))
        title.setObjectName("sectionTitle")
        form = QFormLayout()
        self.boxes: dict[str, QSpinBox] = {}
        for key, label, low, high in FIELDS:
            box = QSpinBox()
            box.setRange(low, high)
            box.setValue(int(desk.settings.get(key)))
            box.setObjectName(key)
            self.boxes[key] = box
            form.addRow(tr(label), box)
        self.save_button = QPushButton(tr("ui.common.save"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("success")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)

    def save(self) -> None:
        try:
            for key, box in self.boxes.items():
                change_setting(self.desk.ctx, self.desk.signed_in, key, box.value())
        except UserError as error:
            self.message.setText(self.desk.tr.message(error.message))
            return
        self.message.setText(self.desk.tr("ui.settings.saved"))
