"""F5's booking form, under the month: the resident (found as you type), the channel, a
note, the book / waitlist / print buttons and the message that says what happened. The page
does the booking; the form holds what was typed and says the outcome."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator
from protocol.vocabulary import DESK_CHANNELS as CHANNELS
from ui.widgets.resident_picker import ResidentPicker


class SaturdayBookingForm(QWidget):
    def __init__(self, tr: Translator, ctx: DeskContext, staff: StaffIdentity) -> None:
        super().__init__()
        self.picker = ResidentPicker(ctx, staff, tr("ui.sat.resident"))
        self.picker.results.setMaximumHeight(96)
        self.channel = QComboBox()
        for channel in CHANNELS:
            self.channel.addItem(tr(f"saturday.channel.{channel}"), channel)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        form = QFormLayout()
        form.addRow(tr("ui.sat.channel"), self.channel)
        form.addRow(tr("ui.sat.note"), self.note)
        self.book_button = QPushButton(tr("ui.sat.book"))
        self.book_button.setObjectName("primary")
        self.waitlist_button = QPushButton(tr("ui.sat.waitlist"))
        self.print_button = QPushButton(tr("ui.sat.print_confirmation"))
        self.print_button.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.picker)
        box.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.waitlist_button)
        buttons.addWidget(self.book_button)
        box.addLayout(buttons)
        box.addWidget(self.message)
        box.addWidget(self.print_button)
        box.addStretch(1)

    def say(self, text: str, ok: bool) -> None:
        """The outcome in words, styled as a success or as an error."""
        self.message.setObjectName("success" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def clear(self) -> None:
        """Ready for the next resident (the channel stays)."""
        self.picker.clear()
        self.note.clear()
