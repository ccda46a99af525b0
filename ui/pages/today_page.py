"""F3 今日来访: today's visits, filtered by status, category and handler; serve and close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import auth, visits
from desktop.changes import VISIT_KINDS
from desktop.slips.print_setup import AUTO_PRINT_RECEIPT
from desktop.slips.visit_slips import prepare_service_receipt
from desktop.sync.marks import sync_marks
from desktop.visits import VisitFilter, VisitSummary
from protocol.vocabulary import CATEGORIES
from protocol.vocabulary import VISIT_STATUSES as STATUSES
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_info, show_user_error
from ui.models.visit_model import VisitTableModel
from ui.printing.quick_print import print_slip
from ui.writes import Writes


class TodayPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("todayPage")
        self.desk = desk
        self.writes = Writes(self, "start serving")
        self._build()
        self._wire()

    def _actions(self) -> tuple[tuple[str, str, Callable[[], None]], ...]:
        """(text code, key, what it does) of each button, in the order laid out."""
        return (
            ("ui.today.serve", "Ctrl+1", self.start_serving),
            ("ui.today.outcome", "Ctrl+2", self.record_outcome),
            ("ui.today.satisfaction", "Ctrl+3", self.record_satisfaction),
            ("ui.today.history", "Ctrl+H", self.show_history),
            ("ui.today.print_receipt", "Ctrl+P", self.print_receipt),
            ("ui.today.preview_receipt", "Ctrl+Shift+P", self.preview_receipt),
        )

    def _build(self) -> None:
        """Lay the page out; nothing is connected here."""
        tr = self.desk.tr
        self.status = self._combo("statusFilter", [(tr(f"ui.status.{s}"), s) for s in STATUSES])
        self.category = self._combo(
            "categoryFilter", [(tr(f"ui.category.{c}"), c) for c in CATEGORIES]
        )
        self.handler = self._combo(
            "handlerFilter", [(s.display_name, s.id) for s in auth.list_staff(self.desk.ctx)]
        )
        filters = QHBoxLayout()
        for code, combo in (
            ("ui.today.status", self.status),
            ("ui.today.category", self.category),
            ("ui.today.handler", self.handler),
        ):
            filters.addWidget(QLabel(tr(code)))
            filters.addWidget(combo)
        filters.addStretch(1)
        self.count = QLabel()
        filters.addWidget(self.count)

        self.model = VisitTableModel(self.desk.ctx, tr)
        self.table = QTableView()
        self.table.setObjectName("visitTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(False)

        actions, printing = QHBoxLayout(), QHBoxLayout()  # two rows: fits 1280 pixels
        self.buttons: dict[str, QPushButton] = {}
        for code, _key, _slot in self._actions():
            button = QPushButton(tr(code))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            (
                printing if code.startswith(("ui.today.print", "ui.today.preview")) else actions
            ).addWidget(button)
            self.buttons[code] = button
        self.print_status = QLabel()  # its own line, wrapped: a long message never widens
        self.print_status.setObjectName("muted")
        self.print_status.setWordWrap(True)
        printing.addWidget(self.print_status, 1)
        actions.addStretch(1)
        self.refresh_button = QPushButton(tr("ui.today.refresh"))
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions.addWidget(self.refresh_button)

        title = QLabel(tr("ui.today.title"))
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(printing)

    def _wire(self) -> None:
        """Connect what the page does: filters, buttons and their keys, changed data."""
        for combo in (self.status, self.category, self.handler):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        for code, key, slot in self._actions():
            self.buttons[code].clicked.connect(slot)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.refresh_button.clicked.connect(self.refresh)
        follow_changes(self, VISIT_KINDS, self.refresh, keep_scroll=(self.table,))

    def _combo(self, name: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(self.desk.tr("ui.common.all"), None)
        for label, value in choices:
            combo.addItem(label, value)
        return combo

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    def visit_filter(self) -> VisitFilter:
        return VisitFilter(
            status=self.status.currentData(),
            category=self.category.currentData(),
            handler_id=self.handler.currentData(),
        )

    def refresh(self, keep: str | None = None) -> None:
        current = self.selected()
        selected = keep or (current.id if current else None)
        found = visits.list_visits(
            self.desk.ctx, self.desk.signed_in, self.desk.ctx.today(), self.visit_filter()
        )
        self.model.set_visits(found, sync_marks(self.desk.ctx, "visit", (v.id for v in found)))
        self.count.setText(self.desk.tr("ui.today.count", count=len(found)))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(
            self.model.columns.index("requests"), QHeaderView.ResizeMode.Stretch
        )
        row = self.model.row_of(selected) if selected else -1
        if row >= 0 or found:
            self.table.selectRow(max(row, 0))

    def selected(self) -> VisitSummary | None:
        return self.model.visit(self.table.currentIndex().row())

    def _need_selection(self) -> VisitSummary | None:
        visit = self.selected()
        if visit is None:
            show_info(self, self.desk.tr, "ui.today.pick_visit")
        return visit

    def start_serving(self) -> None:
        """受理 (Ctrl+1) on the database lane, its button held; the list refreshes when the
        change comes back, and a refusal is said in a message box."""
        visit = self._need_selection()
        if visit is None or self.writes.busy:
            return
        ctx, staff = self.desk.ctx, self.desk.signed_in
        self.writes.run(
            lambda: visits.start_serving(ctx, staff, visit.id),
            lambda _: None,
            lambda error: show_user_error(self, self.desk.tr, error),
            (self.buttons["ui.today.serve"],),
        )

    def record_outcome(self) -> None:
        from ui.dialogs.outcome import OutcomeDialog

        visit = self._need_selection()
        if visit is None:
            return
        dialog = OutcomeDialog(self.desk, visit, self)
        if dialog.exec():  # written on the database lane; the list follows the change
            now = dialog.result_visit
            if (
                now is not None
                and now.status == "closed"
                and visit.status != "closed"
                and self.desk.settings.get(AUTO_PRINT_RECEIPT)
            ):
                self._receipt(preview=False)  # 办结: the receipt prints by itself (F9 → 打印)

    def record_satisfaction(self) -> None:
        from ui.dialogs.satisfaction import SatisfactionDialog

        visit = self._need_selection()
        if visit is not None:
            SatisfactionDialog(self.desk, visit, self).exec()  # the list follows the change

    def show_history(self) -> None:
        from ui.dialogs.resident_history import ResidentHistoryDialog

        visit = self._need_selection()
        if visit is not None:
            ResidentHistoryDialog(self.desk, visit.resident_id, visit.resident_name, self).exec()

    def print_receipt(self) -> None:
        """Print the selected visit's service receipt; a second print is a reprint (补打)."""
        self._receipt(preview=False)

    def preview_receipt(self) -> None:
        self._receipt(preview=True)

    def _receipt(self, preview: bool) -> None:
        visit = self._need_selection()
        if visit is None:
            return
        print_slip(
            self,
            self.desk,
            lambda: prepare_service_receipt(self.desk.ctx, self.desk.signed_in, visit.id),
            self._print_reported,
            preview=preview,
        )

    def _print_reported(self, ok: bool, message: str) -> None:
        self.print_status.setText(message)
