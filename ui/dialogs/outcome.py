"""Record a request's outcome: done, referred (to whom, by when), booked, follow-up."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import visits
from desktop.errors import UserError, ValidationError
from desktop.visits import OutcomeDraft, VisitSummary
from protocol.vocabulary import DATED_OUTCOMES as DATED
from protocol.vocabulary import OUTCOMES
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_user_error
from ui.models.visit_model import VisitTableModel
from ui.widgets.field import FieldSet
from ui.writes import Writes


def default_due(kind: str, today: dt.date) -> dt.date:
    """Referral: a week; Saturday booking: the coming Saturday; follow-up: three days."""
    if kind == "booked":
        return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    return today + dt.timedelta(days=7 if kind == "referred" else 3)


class OutcomeDialog(QDialog):
    def __init__(self, desk: DeskUi, visit: VisitSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeDialog")
        self.desk = desk
        self.visit = visit
        self.result_visit: VisitSummary | None = None
        self.writes = Writes(self, "outcome")
        tr = desk.tr
        self.setWindowTitle(tr("ui.outcome.title"))
        title = QLabel(f"{visit.queue_number}　{visit.resident_name}")
        title.setObjectName("dialogTitle")
        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        describe = VisitTableModel(desk.ctx, tr).request_text
        self.request = QComboBox()
        for request in visit.requests:
            self.request.addItem(describe(request), request.id)
        open_index = next((i for i, r in enumerate(visit.requests) if r.outcome is None), 0)
        self.request.setCurrentIndex(open_index)
        self.fields.add("request", "ui.outcome.request", self.request)
        self.kind = QComboBox()
        self.kind.setObjectName("outcomeKind")
        for code in OUTCOMES:
            self.kind.addItem(tr(f"ui.outcome.{code}"), code)
        self.fields.add("outcome", "ui.outcome.kind", self.kind)
        self.referred_to = QLineEdit()
        self.referred_to.setObjectName("referredTo")
        self.fields.add("referred_to", "ui.outcome.referred_to", self.referred_to)
        self.due_date = QDateEdit()
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.fields.add("due_date", "ui.outcome.due_date", self.due_date)
        self.note = QLineEdit()
        self.fields.add("note", "ui.outcome.note", self.note)
        buttons = QDialogButtonBox()
        save = buttons.addButton(tr("ui.common.save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = save
        buttons.addButton(tr("ui.common.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self._kind_changed()
        self.setMinimumWidth(560)
        save.setDefault(True)  # once the button is inside the dialog
        self.kind.setFocus()

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        dated = kind in DATED
        self.referred_to.setEnabled(kind == "referred")
        self.due_date.setEnabled(dated)
        if dated:
            due = default_due(kind, self.desk.ctx.today())
            self.due_date.setDate(QDate(due.year, due.month, due.day))

    def draft(self) -> OutcomeDraft:
        kind = str(self.kind.currentData())
        due = self.due_date.date().toPython() if kind in DATED else None
        return OutcomeDraft(
            outcome=kind,
            note=self.note.text().strip(),
            referred_to=self.referred_to.text().strip() if kind == "referred" else "",
            due_date=due if isinstance(due, dt.date) else None,
        )

    def save(self) -> None:
        """Record the outcome on the database lane (Save held meanwhile); the dialog closes
        when it is written and stays, with what was typed, on a refusal."""
        if self.writes.busy:
            return
        ctx, staff = self.desk.ctx, self.desk.signed_in
        request_id, draft = str(self.request.currentData()), self.draft()
        self.writes.run(
            lambda: visits.record_outcome(ctx, staff, request_id, draft),
            self._recorded,
            self._refused,
            (self.save_button,),
        )

    def _recorded(self, visit: VisitSummary) -> None:
        self.result_visit = visit
        self.accept()

    def _refused(self, error: UserError) -> None:
        if isinstance(error, ValidationError):
            if self.fields.show_errors(error.fields):
                show_user_error(self, self.desk.tr, error)
            return
        show_user_error(self, self.desk.tr, error)
