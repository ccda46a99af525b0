"""The queue number, shown big once a visit is registered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from desktop.i18n import Translator
from desktop.visits import VisitSummary


class QueuePanel(QFrame):
    def __init__(self, tr: Translator) -> None:
        super().__init__()
        self.texts = tr
        self.setObjectName("queuePanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.caption = QLabel(tr("ui.register.queue_number"))
        self.caption.setObjectName("caption")
        self.number = QLabel()
        self.number.setObjectName("queueNumber")
        self.ahead = QLabel()
        self.hint = QLabel(tr("ui.register.done_hint"))
        self.hint.setObjectName("muted")
        self.print_status = QLabel()
        self.print_status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label in (self.caption, self.number, self.ahead, self.hint, self.print_status):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.hide()

    def show_number(self, visit: VisitSummary, ahead: int) -> None:
        self.number.setText(visit.queue_number)
        self.ahead.setText(self.texts("ui.register.ahead", count=ahead))
        self.show()

    def show_print_status(self, ok: bool, message: str) -> None:
        self.print_status.setObjectName("success" if ok else "fieldError")
        self.print_status.style().unpolish(self.print_status)
        self.print_status.style().polish(self.print_status)
        self.print_status.setText(message)

    def clear(self) -> None:
        self.number.clear()
        self.print_status.clear()
        self.hide()
