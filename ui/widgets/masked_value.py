"""A masked phone or ID number with an explicit, audited way to reveal it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.i18n import Translator


class MaskedValue(QWidget):
    """Shows ``masked``; the button calls ``reveal`` (which records the look) once."""

    def __init__(self, tr: Translator, masked: str, reveal: Callable[[], str]) -> None:
        super().__init__()
        self._reveal = reveal
        self.label = QLabel(masked)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(tr("ui.reveal.show"))
        self.button.setObjectName("revealButton")
        self.button.setToolTip(tr("ui.reveal.tip"))
        if not masked:
            self.button.hide()
        self.button.clicked.connect(self.reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)

    def reveal(self) -> None:
        self.label.setText(self._reveal())
        self.button.setEnabled(False)
