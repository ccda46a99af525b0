"""F2 来访登记: find or create the resident, record requests, issue the queue number."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import catalog, resident_search, visits
from desktop.errors import Message, UserError, ValidationError
from desktop.residents import ResidentSummary
from desktop.service_item_search import ServiceItemIndex
from desktop.slips.visit_slips import prepare_queue_ticket
from desktop.visit_form import VisitForm
from ui.desk_ui import DeskUi
from ui.dialogs.resident_form import ResidentFormDialog
from ui.models.resident_model import ResidentTableModel
from ui.printing.quick_print import print_slip
from ui.widgets.field import FormField
from ui.widgets.item_picker import ItemPicker
from ui.widgets.queue_panel import QueuePanel
from ui.widgets.request_row import RequestRowWidget
from ui.widgets.resident_card import ResidentCard
from ui.writes import Writes

SEARCH_DEBOUNCE_MS = 120
_ROW_FIELD = re.compile(r"^requests?\.(\d+)\.")


class RegisterPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("registerPage")
        self.desk = desk
        self.form = VisitForm()
        self.items = ServiceItemIndex(catalog.list_service_items(desk.ctx))
        self.registered: visits.VisitSummary | None = None
        self.writes = Writes(self, "visit registration")
        self.resident_dialog: ResidentFormDialog | None = None
        self.row_widgets: list[RequestRowWidget] = []
        self._build()
        self._wire()
        self._build_rows()
        QTimer.singleShot(300, lambda: self.items.match("a", 1))  # warm the pinyin keys

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        """Lay the page out (the resident on the left, the requests on the right)."""
        layout = QHBoxLayout(self)
        layout.addLayout(self._build_search(), 2)
        layout.addWidget(self._build_requests(), 3)

    def _build_search(self) -> QVBoxLayout:
        tr = self.desk.tr
        self.search = QLineEdit()
        self.search.setObjectName("residentSearch")
        self.search.setPlaceholderText(tr("ui.register.search_hint"))
        self.search_field = FormField(self.search, "resident")
        self.results_model = ResidentTableModel(tr, ("name", "phone", "address", "grid"))
        self.results = QTableView()
        self.results.setObjectName("residentResults")
        self.results.setModel(self.results_model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # ↓ from the search box
        self.results.verticalHeader().hide()
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.no_results = QLabel(tr("ui.register.no_results"))
        self.no_results.setObjectName("muted")
        self.no_results.hide()
        self.card = ResidentCard(self.desk)
        left = QVBoxLayout()
        caption = QLabel(tr("ui.register.search"))
        caption.setObjectName("sectionTitle")
        keys = QLabel(tr("ui.register.search_keys"))  # the whole hint, not cut in the box
        keys.setObjectName("muted")
        keys.setWordWrap(True)
        left.addWidget(caption)
        left.addWidget(self.search_field)
        left.addWidget(keys)
        left.addWidget(self.results, 1)
        left.addWidget(self.no_results)
        left.addWidget(self.card)
        return left

    def _build_requests(self) -> QGroupBox:
        tr = self.desk.tr
        self.rows_box = QVBoxLayout()
        self.rows_box.addStretch(1)
        rows_holder = QWidget()
        rows_holder.setObjectName("requestRows")
        rows_holder.setLayout(self.rows_box)
        scroll = QScrollArea()
        scroll.setObjectName("requestsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows_holder)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button = QPushButton(tr("ui.register.add_row"))
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.submit_button = QPushButton(tr("ui.register.submit"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.queue_panel = QueuePanel(tr)
        requests_box = QGroupBox(tr("ui.register.requests"))
        right = QVBoxLayout(requests_box)
        right.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        right.addLayout(buttons)
        right.addWidget(self.general_error)
        right.addWidget(self.queue_panel)
        return requests_box

    def _wire(self) -> None:
        """Connect what the page does: typing searches (debounced), keys, buttons."""
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.doubleClicked.connect(lambda index: self.pick_row(index.row()))
        self.add_button.clicked.connect(self.add_row)
        self.submit_button.clicked.connect(self.submit)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _: self._debounce.start())
        self._shortcut(("Ctrl+Return", "Ctrl+Enter"), self.add_row)
        self._shortcut(("Ctrl+S", "F12"), self.submit)
        self._shortcut(("Esc",), self.reset)
        self._shortcut(("Ctrl+N",), self.new_resident)
        self._shortcut(("Ctrl+P",), self.print_ticket)

    def _shortcut(self, keys: tuple[str, ...], slot: object) -> None:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def activate(self) -> None:
        if self.registered is None and self.form.resident is None:
            self.search.setFocus()

    # -- resident ----------------------------------------------------------------------
    def run_search(self) -> None:
        text = self.search.text().strip()
        found = (
            resident_search.search_residents(self.desk.ctx, self.desk.signed_in, text)
            if text
            else []
        )
        self.results_model.set_residents(found)
        self.no_results.setVisible(bool(text) and not found)
        if found:
            self.results.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if watched is self.search:
                return self._search_key(event)
            if watched is self.results:
                return self._results_key(event)
        return super().eventFilter(watched, event)

    def _fresh_results(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.run_search()

    def _search_key(self, event: QKeyEvent) -> bool:
        """↓ moves into the list on the highlighted row (it does not skip it); Enter picks
        the highlighted row."""
        key = event.key()
        if key == Qt.Key.Key_Down:
            self._fresh_results()
            if self.results_model.rowCount():
                row = max(self.results.currentIndex().row(), 0)
                self.results.setFocus()
                self.results.selectRow(row)
            return True
        if key == Qt.Key.Key_Up:
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._fresh_results()
            row = self.results.currentIndex().row()
            self.pick_row(max(row, 0))
            return True
        return False

    def _results_key(self, event: QKeyEvent) -> bool:
        """In the list: ↑/↓ move, Enter picks, ↑ on the first row or typing goes back to
        the search box."""
        key = event.key()
        row = self.results.currentIndex().row()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.pick_row(max(row, 0))
            return True
        if key == Qt.Key.Key_Up and row <= 0:
            self.search.setFocus()
            return True
        text = event.text()
        if (
            text
            and text.isprintable()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            self.search.setFocus()
            self.search.insert(text)
            self._debounce.start()
            return True
        if key == Qt.Key.Key_Backspace:
            self.search.setFocus()
            self.search.backspace()
            self._debounce.start()
            return True
        return False

    def pick_row(self, row: int) -> None:
        resident = self.results_model.resident(row)
        if resident is not None:
            self.pick_resident(resident)

    def pick_resident(self, resident: ResidentSummary) -> None:
        self.form.pick_resident(resident)
        self.card.show_resident(resident)
        self.search_field.set_error(None)
        self.row_widgets[0].picker.setFocus()

    def new_resident(self) -> None:
        dialog = ResidentFormDialog(self.desk, self, typed=self.search.text().strip())
        self.resident_dialog = dialog
        dialog.accepted.connect(lambda: self._resident_made(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _resident_made(self, dialog: ResidentFormDialog) -> None:
        self.resident_dialog = None
        if dialog.resident is not None:
            self.pick_resident(dialog.resident)

    # -- requests ----------------------------------------------------------------------
    def _build_rows(self) -> None:
        for widget in self.row_widgets:
            widget.deleteLater()
        self.row_widgets = []
        for _ in self.form.rows:
            self._append_row_widget()

    def _append_row_widget(self) -> RequestRowWidget:
        widget = RequestRowWidget(self.desk.tr, self.items, len(self.row_widgets) + 1)
        widget.itemChosen.connect(self._item_chosen)
        widget.categoryChanged.connect(
            lambda w, value: self.form.set_category(self.row_widgets.index(w), value)
        )
        widget.urgencyChanged.connect(
            lambda w, value: self.form.set_urgency(self.row_widgets.index(w), value)
        )
        widget.descriptionChanged.connect(
            lambda w, text: self.form.set_description(self.row_widgets.index(w), text)
        )
        widget.removeRequested.connect(self.remove_row)
        self.rows_box.insertWidget(len(self.row_widgets), widget)
        widget.show()  # at once, so the keyboard can move into it straight away
        widget.chain_after(self.row_widgets[-1].description if self.row_widgets else None)
        self.row_widgets.append(widget)
        return widget

    def _item_chosen(self, widget: RequestRowWidget, item: catalog.ServiceItemInfo | None) -> None:
        index = self.row_widgets.index(widget)
        self.form.choose_item(index, item)
        widget.show_row(self.form.rows[index])
        if item is not None:
            widget.set_error(None)

    def add_row(self) -> None:
        if self.registered is not None:
            return
        self.form.add_row()
        self._append_row_widget().picker.setFocus()

    def remove_row(self, widget: RequestRowWidget) -> None:
        if len(self.row_widgets) <= 1:
            return
        index = self.row_widgets.index(widget)
        self.form.remove_row(index)
        self.row_widgets.pop(index).deleteLater()
        for number, row_widget in enumerate(self.row_widgets, start=1):
            row_widget.set_number(number)
        self.row_widgets[min(index, len(self.row_widgets) - 1)].picker.setFocus()

    # -- register ----------------------------------------------------------------------
    def submit(self) -> None:
        """Issue the queue number (Ctrl+S) on the database lane; the button is held while
        it runs, a second Ctrl+S starts nothing, and a refusal is said next to its field
        with everything typed kept."""
        if self.registered is not None or self.writes.busy:
            return
        focused = self.focusWidget()
        if isinstance(focused, ItemPicker):
            focused.resolve()
        problems = self.form.problems()
        if problems:
            self._show_problems(problems)
            return
        resident = self.form.resident
        assert resident is not None
        ctx, staff, resident_id, drafts = (
            self.desk.ctx,
            self.desk.signed_in,
            resident.id,
            self.form.drafts(),
        )

        def work() -> tuple[visits.VisitSummary, int]:
            visit = visits.register_visit(ctx, staff, resident_id, drafts)
            return visit, visits.waiting_ahead(ctx, staff, visit.id)

        self.writes.run(work, self._registered, self._not_registered, (self.submit_button,))

    def _registered(self, done: tuple[visits.VisitSummary, int]) -> None:
        visit, ahead = done
        self.registered = visit
        self.queue_panel.show_number(visit, ahead)
        self._set_editable(False)
        self.queue_panel.setFocus()

    def _not_registered(self, error: UserError) -> None:
        if isinstance(error, ValidationError):
            self._show_problems(self._row_problems(error.fields), error)
        else:
            self._show_problems({}, error)

    @staticmethod
    def _row_problems(fields: dict[str, Message]) -> dict[str, Message]:
        mapped: dict[str, Message] = {}
        for name, message in fields.items():
            match = _ROW_FIELD.match(name)
            mapped[f"row.{match.group(1)}.item" if match else name] = message
        return mapped

    def _show_problems(self, problems: dict[str, Message], error: UserError | None = None) -> None:
        tr = self.desk.tr
        self.search_field.set_error(
            tr.message(problems["resident"]) if "resident" in problems else None
        )
        for index, widget in enumerate(self.row_widgets):
            message = problems.get(f"row.{index}.item")
            widget.set_error(tr.message(message) if message else None)
        known = {"resident", *(f"row.{i}.item" for i in range(len(self.row_widgets)))}
        others = [tr.message(m) for name, m in problems.items() if name not in known]
        if error is not None and not others:
            others.append(tr.message(error.message))
        self.general_error.setText("\n".join(others))
        self.general_error.setVisible(bool(others))
        if "resident" in problems:
            self.search.setFocus()
        else:
            for index, widget in enumerate(self.row_widgets):
                if f"row.{index}.item" in problems:
                    widget.picker.setFocus()
                    break

    def print_ticket(self) -> None:
        """Print the queue ticket of the visit just registered (Ctrl+P)."""
        visit = self.registered
        if visit is None:
            return
        print_slip(
            self,
            self.desk,
            lambda: prepare_queue_ticket(self.desk.ctx, self.desk.signed_in, visit.id),
            self.queue_panel.show_print_status,
        )

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.search, self.add_button, self.submit_button, *self.row_widgets):
            widget.setEnabled(editable)

    def reset(self) -> None:
        """Clear everything for the next resident (not while the number is being issued)."""
        if self.writes.busy:
            return
        self.form.reset()
        self.registered = None
        self.queue_panel.clear()
        self._set_editable(True)
        self.search.clear()
        self.search_field.set_error(None)
        self.general_error.hide()
        self.results_model.set_residents([])
        self.no_results.hide()
        self.card.show_resident(None)
        self._build_rows()
        self.search.setFocus()
