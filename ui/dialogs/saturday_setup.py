"""Saturday set-up (center admin): sessions, offered services, the roster, exceptions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import auth
from desktop.catalog import list_service_items
from desktop.errors import UserError, ValidationError
from desktop.saturday import roster, setup
from desktop.saturday.calendar import OpeningHours
from ui.desk_ui import DeskUi
from ui.writes import Writes

ROTATION_WEEKS = 8
ROTATION_PER_DAY = 2
KINDS = ("", "closed", "short_hours", "workday")


def parse_sessions(text: str) -> list[OpeningHours]:
    """``09:00 12:00 30`` per line; a line that is not three parts keeps its text for the
    check (and the error names it)."""
    sessions = []
    for line in text.splitlines():
        parts = line.replace("-", " ").replace("–", " ").split()
        if not parts:
            continue
        minutes = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        sessions.append(OpeningHours(parts[0], parts[1] if len(parts) > 1 else "", minutes))
    return sessions


class SaturdaySetupDialog(QDialog):
    def __init__(self, desk: DeskUi, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saturdaySetup")
        self.desk = desk
        self.writes = Writes(self, "Saturday set-up")
        self.setWindowTitle(desk.tr("ui.satsetup.title"))
        self._build(day)
        self._wire()
        self.resize(900, 620)
        self.load_day()

    # -- layout ---------------------------------------------------------------------------
    def _build(self, day: dt.date) -> None:
        """Lay the dialog out: the template on the left, the dated part on the right."""
        self.message = QLabel()
        self.message.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(self._build_template(), 3)
        body.addWidget(self._build_dated(day), 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

    def _build_template(self) -> QGroupBox:
        """Sessions and offered services with their cases per worker, as stored."""
        tr = self.desk.tr
        current = setup.get_setup(self.desk.ctx)
        self.sessions = QPlainTextEdit(
            "\n".join(f"{s.starts} {s.ends} {s.slot_minutes}" for s in current.sessions)
        )
        self.sessions.setMaximumHeight(80)
        offered = {s.service_item_id: s.cases_per_worker for s in current.services}
        items = list_service_items(self.desk.ctx)
        items.sort(key=lambda i: (i.id not in offered, not i.saturday, i.line_code, i.name))
        self.services = QTableWidget(len(items), 2)
        self.services.setHorizontalHeaderLabels([tr("ui.sat.col.service"), tr("ui.satsetup.cases")])
        self.services.verticalHeader().hide()
        self.case_boxes: dict[str, QSpinBox] = {}
        for row, item in enumerate(items):
            self.services.setItem(row, 0, QTableWidgetItem(item.name))
            box = QSpinBox()
            box.setRange(0, 20)
            box.setValue(offered.get(item.id, 0))
            self.services.setCellWidget(row, 1, box)
            self.case_boxes[item.id] = box
        self.services.resizeColumnsToContents()
        self.services.resizeRowsToContents()  # rows as tall as their spin boxes
        self.save_button = QPushButton(tr("ui.satsetup.save"))
        self.save_button.setObjectName("primary")
        template = QGroupBox()
        column = QVBoxLayout(template)
        column.addWidget(QLabel(tr("ui.satsetup.sessions")))
        column.addWidget(self.sessions)
        column.addWidget(QLabel(tr("ui.satsetup.services")))
        column.addWidget(self.services, 1)
        column.addWidget(self.save_button)
        return template

    def _build_dated(self, day: dt.date) -> QGroupBox:
        """One Saturday: who is on duty, and an exception (closed, shorter hours, 调休)."""
        tr = self.desk.tr
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd dddd")
        self.staff = QListWidget()
        for member in auth.list_staff(self.desk.ctx):
            entry = QListWidgetItem(member.display_name)
            entry.setData(Qt.ItemDataRole.UserRole, member.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.staff.addItem(entry)
        self.roster_button = QPushButton(tr("ui.satsetup.save_roster"))
        self.rotate_button = QPushButton(
            tr("ui.satsetup.rotate", weeks=ROTATION_WEEKS, per_day=ROTATION_PER_DAY)
        )
        self.kind = QComboBox()
        for kind in KINDS:
            label = tr(f"saturday.exception.{kind}") if kind else tr("ui.satsetup.normal")
            self.kind.addItem(label, kind)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("09:00 11:00")
        self.exception_note = QLineEdit()
        self.exception_note.setMaxLength(100)
        self.exception_button = QPushButton(tr("ui.satsetup.save_exception"))
        dated = QGroupBox()
        right = QVBoxLayout(dated)
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(tr("ui.satsetup.roster_day")))
        day_row.addWidget(self.day, 1)
        right.addLayout(day_row)
        right.addWidget(QLabel(tr("ui.satsetup.roster")))
        right.addWidget(self.staff, 1)
        right.addWidget(self.roster_button)
        right.addWidget(self.rotate_button)
        for caption, widget in (
            ("ui.satsetup.exception", self.kind),
            ("ui.satsetup.hours", self.hours),
            ("ui.sat.note", self.exception_note),
        ):
            right.addWidget(QLabel(tr(caption)))
            right.addWidget(widget)
        right.addWidget(self.exception_button)
        return dated

    def _wire(self) -> None:
        """Connect the buttons, the day and Ctrl+S."""
        self.save_button.clicked.connect(self.save_template)
        self.day.dateChanged.connect(lambda _: self.load_day())
        self.roster_button.clicked.connect(self.save_roster)
        self.rotate_button.clicked.connect(self.rotate)
        self.exception_button.clicked.connect(self.save_exception)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save_template)

    @property
    def chosen_day(self) -> dt.date:
        value = self.day.date()
        return dt.date(value.year(), value.month(), value.day())

    def load_day(self) -> None:
        """The chosen Saturday's roster and exception, as stored."""
        exception = next(
            (e for e in setup.get_setup(self.desk.ctx).exceptions if e.day == self.chosen_day),
            None,
        )
        self.kind.setCurrentIndex(KINDS.index(exception.kind) if exception else 0)
        self.hours.setText(f"{exception.starts} {exception.ends}".strip() if exception else "")
        self.exception_note.setText(exception.note if exception else "")
        on_duty = set(roster.on_duty_ids(self.desk.ctx, self.chosen_day))
        for row in range(self.staff.count()):
            entry = self.staff.item(row)
            checked = entry.data(Qt.ItemDataRole.UserRole) in on_duty
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_staff(self) -> list[str]:
        return [
            self.staff.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.staff.count())
            if self.staff.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _report(self, moved: int) -> None:
        tr = self.desk.tr
        self.message.setObjectName("success")
        text = tr("ui.satsetup.moved", count=moved) if moved else tr("ui.satsetup.saved")
        self.message.setText(text)

    def _fail(self, error: UserError) -> None:
        tr = self.desk.tr
        self.message.setObjectName("fieldError")
        if isinstance(error, ValidationError):
            lines = []
            for name, message in error.fields.items():
                if name.startswith("session."):
                    n = int(name.split(".")[1]) + 1
                    lines.append(tr("ui.satsetup.session_line", n=n, problem=tr.message(message)))
                else:
                    lines.append(tr.message(message))
            self.message.setText("\n".join(lines))
        else:
            self.message.setText(tr.message(error.message))

    # Each save runs on the database lane with its button held; the F5 and F6 screens
    # follow the change notice.
    def save_template(self) -> None:
        if self.writes.busy:
            return
        cases = {item: box.value() for item, box in self.case_boxes.items() if box.value() > 0}
        try:
            sessions = parse_sessions(self.sessions.toPlainText())
        except UserError as error:
            self._fail(error)
            return
        ctx, staff = self.desk.ctx, self.desk.signed_in

        def work() -> int:
            moved = setup.save_sessions(ctx, staff, sessions)
            return len(moved) + len(setup.save_services(ctx, staff, cases))

        self.writes.run(work, self._report, self._fail, (self.save_button,))

    def save_roster(self) -> None:
        if self.writes.busy:
            return
        ctx, staff, day, team = (
            self.desk.ctx,
            self.desk.signed_in,
            self.chosen_day,
            self.checked_staff(),
        )
        self.writes.run(
            lambda: len(roster.set_roster(ctx, staff, day, team)),
            self._report,
            self._fail,
            (self.roster_button,),
        )

    def rotate(self) -> None:
        if self.writes.busy:
            return
        team = self.checked_staff() or [
            self.staff.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.staff.count())
        ]
        ctx, staff, day = self.desk.ctx, self.desk.signed_in, self.chosen_day

        def work() -> int:
            moved = roster.rotate(ctx, staff, team, day, ROTATION_WEEKS, ROTATION_PER_DAY)
            return sum(len(v) for v in moved.values())

        def rotated(moved: int) -> None:
            self.load_day()
            self._report(moved)

        self.writes.run(work, rotated, self._fail, (self.rotate_button,))

    def save_exception(self) -> None:
        if self.writes.busy:
            return
        kind = self.kind.currentData()
        ctx, staff, day = self.desk.ctx, self.desk.signed_in, self.chosen_day
        parts = self.hours.text().replace("-", " ").replace("–", " ").split()
        starts, ends = [*parts, "", ""][:2]
        note = self.exception_note.text()

        def work() -> int:
            if not kind:
                setup.clear_exception(ctx, staff, day)
                return 0
            return len(setup.set_exception(ctx, staff, day, kind, starts, ends, note))

        self.writes.run(work, self._report, self._fail, (self.exception_button,))
