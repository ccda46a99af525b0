"""The resident's satisfaction with a visit: five grades, keys 1–5."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import visits
from desktop.visits import VisitSummary
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_user_error
from ui.writes import Writes

GRADES = (5, 4, 3, 2, 1)


class SatisfactionDialog(QDialog):
    def __init__(self, desk: DeskUi, visit: VisitSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("satisfactionDialog")
        self.desk = desk
        self.visit = visit
        self.result_visit: VisitSummary | None = None
        self.writes = Writes(self, "satisfaction")
        tr = desk.tr
        self.setWindowTitle(tr("ui.satisfaction.title"))
        prompt = QLabel(
            f"{visit.queue_number}　{visit.resident_name}\n{tr('ui.satisfaction.prompt')}"
        )
        prompt.setObjectName("dialogTitle")
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for number, grade in enumerate(GRADES, start=1):
            button = QPushButton(f"{number}  {tr(f'ui.satisfaction.{grade}')}")
            button.setObjectName("gradeButton")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, g=grade: self.choose(g))
            row.addWidget(button)
            self.buttons[grade] = button
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        number = event.key() - Qt.Key.Key_0.value
        if 1 <= number <= len(GRADES):
            self.choose(GRADES[number - 1])
            return
        super().keyPressEvent(event)

    def choose(self, grade: int) -> None:
        """Record ``grade`` on the database lane (the grade buttons held meanwhile); the
        dialog closes when it is written and says a refusal."""
        if self.writes.busy:
            return
        ctx, staff, visit_id = self.desk.ctx, self.desk.signed_in, self.visit.id
        self.writes.run(
            lambda: visits.record_satisfaction(ctx, staff, visit_id, grade),
            self._recorded,
            lambda error: show_user_error(self, self.desk.tr, error),
            tuple(self.buttons.values()),
        )

    def _recorded(self, visit: VisitSummary) -> None:
        self.result_visit = visit
        self.accept()
