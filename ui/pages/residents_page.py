"""F4 居民查询: find residents, reveal a phone or ID number (audited), edit, history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import resident_search, residents
from desktop.errors import UserError
from desktop.residents import ResidentSummary
from desktop.sync.link import connection
from desktop.sync.marks import sync_marks
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_info, show_user_error
from ui.models.resident_model import COLUMNS, WITH_SYNC, ResidentTableModel
from ui.ops import Op, run_op

Found = tuple[list[ResidentSummary], dict[str, str]]


class ResidentsPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("residentsPage")
        self.desk = desk
        self._searching: Op[Found] | None = None
        tr = desk.tr
        self.search = QLineEdit()
        self.search.setObjectName("residentsSearch")
        self.search.setPlaceholderText(tr("ui.register.search_hint"))
        connected = connection(desk.ctx) is not None
        self.model = ResidentTableModel(tr, WITH_SYNC if connected else COLUMNS)
        self.table = QTableView()
        self.table.setObjectName("residentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        columns = self.table.horizontalHeader()  # the address gets the room, not the grid
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(
            self.model.columns.index("address"), QHeaderView.ResizeMode.Stretch
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self.table.setFocus)

        actions = QHBoxLayout()
        for code, key, slot in (
            ("ui.residents.new", "Ctrl+N", self.new_resident),
            ("ui.residents.edit", "Ctrl+E", self.edit_resident),
            ("ui.residents.reveal_phone", "Ctrl+T", lambda: self.reveal("phone")),
            ("ui.residents.reveal_id", "Ctrl+I", lambda: self.reveal("id")),
            ("ui.residents.history", "Ctrl+H", self.show_history),
        ):
            self._action(actions, tr(code), key, slot)
        actions.addStretch(1)
        title = QLabel(tr("ui.residents.title"))
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        follow_changes(self, ("resident",), self.refresh, keep_scroll=(self.table,))

    def _action(self, row: QHBoxLayout, text: str, key: str, slot: Callable[[], None]) -> None:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        row.addWidget(button)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def activate(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        """Search for what is typed, off the UI thread; the first match is selected."""
        self._search(keep=None)

    def refresh(self) -> None:
        """The same search again (after a change or a sync round), keeping the selection."""
        if self.search.text().strip():
            current = self.model.resident(self.table.currentIndex().row())
            self._search(keep=None if current is None else current.id)

    @property
    def searching(self) -> bool:
        return self._searching is not None and self._searching.running

    def _search(self, keep: str | None) -> None:
        text, ctx, staff = self.search.text().strip(), self.desk.ctx, self.desk.signed_in
        with_marks = "sync" in self.model.columns

        def work() -> Found:
            found = resident_search.search_residents(ctx, staff, text) if text else []
            marks: dict[str, str] = {}
            if with_marks:
                marks = dict(sync_marks(ctx, "resident", (r.id for r in found)))
            return found, marks

        self._searching = run_op(
            work,
            lambda result: self._found(text, result, keep),
            owner=self,
            tr=self.desk.tr,
            what="resident search",
        )

    def _found(self, text: str, result: Found, keep: str | None) -> None:
        if text != self.search.text().strip():
            return  # typed on since: the newer search shows
        found, marks = result
        self.model.set_residents(found, marks)
        self.table.resizeColumnsToContents()
        rows = [r.id for r in found]
        if rows:
            self.table.selectRow(rows.index(keep) if keep in rows else 0)

    def selected(self) -> tuple[int, ResidentSummary] | None:
        row = self.table.currentIndex().row()
        resident = self.model.resident(row)
        if resident is None:
            show_info(self, self.desk.tr, "ui.residents.pick")
            return None
        return row, resident

    def reveal(self, kind: str) -> None:
        picked = self.selected()
        if picked is None:
            return
        row, resident = picked
        reveal = residents.reveal_phone if kind == "phone" else residents.reveal_id_number
        try:
            value = reveal(self.desk.ctx, self.desk.signed_in, resident.id)
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        self.model.show_revealed(row, kind, value)

    def new_resident(self) -> None:
        from ui.dialogs.resident_form import ResidentFormDialog

        dialog = ResidentFormDialog(self.desk, self, typed=self.search.text().strip())
        if dialog.exec() and dialog.resident is not None:
            self._show([dialog.resident])
            self.table.selectRow(0)

    def _show(self, found: list[ResidentSummary]) -> None:
        marks: dict[str, str] = {}
        if "sync" in self.model.columns:
            marks = dict(sync_marks(self.desk.ctx, "resident", (r.id for r in found)))
        self.model.set_residents(found, marks)

    def edit_resident(self) -> None:
        from ui.dialogs.resident_form import ResidentFormDialog

        picked = self.selected()
        if picked is None:
            return
        try:
            dialog = ResidentFormDialog(self.desk, self, resident_id=picked[1].id)
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        if dialog.exec() and dialog.resident is not None:
            self._show([dialog.resident])
            self.table.selectRow(0)

    def show_history(self) -> None:
        from ui.dialogs.resident_history import ResidentHistoryDialog

        picked = self.selected()
        if picked is not None:
            resident = picked[1]
            ResidentHistoryDialog(self.desk, resident.id, resident.name, self).exec()
