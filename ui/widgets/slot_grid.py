"""The chosen Saturday's slots: time rows × service columns, each cell with its free places
("余 3 / 共 8"), full cells 满, cells without places and slots already begun said in words.
Long service names take two lines where Chinese breaks well (居住证明 / 开具), else are cut
with …; whole on hover. Enter or a double-click on a cell opens it (the page starts booking
that slot)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from desktop.i18n import Translator
from desktop.line_breaks import allowed_breaks, sensible_breaks
from desktop.saturday.month import CELL_FULL, CLOSED, OPEN, PAST, DayGrid, cell_state
from desktop.saturday.views import SlotView
from ui.shortcuts import PERIOD, SLOT_BOOK
from ui.widgets.chosen_frame import ChosenFrameDelegate

CELL_COLOURS = {OPEN: "#ffffff", CELL_FULL: "#f6d5d3", CLOSED: "#eceff3", PAST: "#f4f5f7"}
MUTED_TEXT = "#7b8794"
MIN_COLUMN = 96
ROW_HEIGHT = 30
TALLEST_ROW = 40
HEADER_PADDING = 14


def header_lines(name: str, metrics: QFontMetrics, width: int) -> str:
    """A service name as one line when it fits ``width``; else two, broken where a line of
    Chinese reads well (``desktop/line_breaks.py``: 居住证明 / 开具, before a bracket, between
    words), the two lines as even as those breaks allow; when none of those fits, broken as
    a slip breaks Chinese (anywhere, the first line filled). The second line is cut with …
    if still too long (the whole name is on hover)."""
    if width <= 0 or metrics.horizontalAdvance(name) <= width:
        return name

    def wide(text: str) -> int:
        return metrics.horizontalAdvance(text)

    def fitting(breaks: list[int]) -> list[tuple[str, str]]:
        cuts = [(name[:i].rstrip(), name[i:].lstrip()) for i in breaks]
        return [(first, rest) for first, rest in cuts if wide(first) <= width]

    good = fitting(sensible_breaks(name))
    if good:  # the two lines as even as the good breaks allow
        first, rest = min(good, key=lambda cut: max(wide(cut[0]), wide(cut[1])))
    else:  # as a slip would: the first line filled, Chinese broken anywhere
        anywhere = fitting(allowed_breaks(name))
        if not anywhere:
            return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
        first, rest = anywhere[-1]
    return f"{first}\n{metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)}"


class SlotGrid(QTableWidget):
    opened = Signal(object)  # SlotView: Enter or a double-click on a cell with a slot
    turned = Signal(int)  # PgUp -1 / PgDn +1: the page turns the month, as everywhere on F5

    def __init__(self, tr: Translator) -> None:
        super().__init__(0, 0)
        self.texts = tr
        self.grid: DayGrid | None = None
        self.empty_text = ""  # said in the middle when the Saturday has no slots
        self.setObjectName("slotTable")
        self.setItemDelegate(ChosenFrameDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # header_lines cuts
        header.setMinimumSectionSize(MIN_COLUMN)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(False)
        rows = self.verticalHeader()
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cellDoubleClicked.connect(lambda row, column: self._open(row, column))
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.setInterval(0)
        self._fitting.timeout.connect(self._fit)
        header.sectionResized.connect(lambda *_: self._fitting.start())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(MUTED_TEXT))
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fitting.start()

    def _fit(self) -> None:
        """Rows share the height (within bounds); names too long for their column take two
        lines, and are whole on hover."""
        if self.grid is None:
            return
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        for column, service in enumerate(self.grid.services):
            item = self.horizontalHeaderItem(column)
            width = self.columnWidth(column) - HEADER_PADDING
            text = header_lines(service.name, metrics, width)
            if item is not None and item.text() != text:
                item.setText(text)
        if self.rowCount():
            room = self.viewport().height() // self.rowCount()
            height = min(max(room, ROW_HEIGHT), TALLEST_ROW)
            if height != self.verticalHeader().defaultSectionSize():
                self.verticalHeader().setDefaultSectionSize(height)

    def show_grid(self, grid: DayGrid) -> None:
        """Fill the table from ``grid``, keeping the chosen slot when it is still there."""
        keep = self.selected_slot()
        same_day = self.grid is not None and self.grid.day == grid.day
        scrolled = (self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        self.grid = grid
        self.clear()
        self.setRowCount(len(grid.times))
        self.setColumnCount(len(grid.services))
        self.setVerticalHeaderLabels([f"{starts}–{ends}" for starts, ends in grid.times])
        for column, service in enumerate(grid.services):
            head = QTableWidgetItem(service.name)
            head.setToolTip(service.name)
            self.setHorizontalHeaderItem(column, head)
            for row, (starts, ends) in enumerate(grid.times):
                slot = grid.cell(row, column)
                self.setItem(row, column, self._item(slot, f"{starts}–{ends}", service.name))
        # One service shown on its own: its column need not stretch across the screen.
        self.horizontalHeader().setStretchLastSection(len(grid.services) == 1)
        if keep is not None:
            self.select_slot(keep.id)
        self._fit()
        if same_day:  # the same Saturday read again: stay where the eye was
            self.horizontalScrollBar().setValue(scrolled[0])
            self.verticalScrollBar().setValue(scrolled[1])

    def _item(self, slot: SlotView | None, time: str, service: str) -> QTableWidgetItem:
        tr = self.texts
        if slot is None:
            item = QTableWidgetItem(tr("ui.sat.cell.none"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            return item
        state = cell_state(slot)
        if state == OPEN:
            text = tr("ui.sat.cell.open", free=slot.free, total=slot.capacity)
        elif state == CELL_FULL:
            text = tr("ui.sat.cell.full", total=slot.capacity)
        elif state == CLOSED:
            text = tr("ui.sat.cell.closed")
        else:
            text = tr("ui.sat.cell.past", booked=slot.booked)
        if slot.held and state in (OPEN, CELL_FULL):
            text += tr("ui.sat.cell.held", held=slot.held)
        if slot.overridden:
            text += tr("ui.sat.places_overridden")
        tip = tr(
            "ui.sat.cell.tip",
            time=time,
            service=service,
            booked=slot.booked,
            total=slot.capacity,
            free=slot.free,
        )
        if slot.held:
            tip += tr("ui.sat.cell.tip_held", held=slot.held)
        if slot.overridden:
            tip += tr("ui.sat.cell.tip_overridden")
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        item.setData(Qt.ItemDataRole.UserRole, slot)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(QBrush(QColor(CELL_COLOURS[state])))
        if state != OPEN:
            item.setForeground(QBrush(QColor(MUTED_TEXT)))
        return item

    # -- the chosen slot ----------------------------------------------------------------
    def slot_at(self, row: int, column: int) -> SlotView | None:
        item = self.item(row, column) if row >= 0 and column >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def selected_slot(self) -> SlotView | None:
        return self.slot_at(self.currentRow(), self.currentColumn())

    def select_slot(self, slot_id: str) -> bool:
        place = None if self.grid is None else self.grid.position(slot_id)
        if place is None:
            return False
        self.setCurrentCell(*place)
        return True

    def first_open(self) -> tuple[int, int] | None:
        """The first cell with a free place (time first), for Enter from the calendar."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                slot = self.slot_at(row, column)
                if slot is not None and cell_state(slot) == OPEN:
                    return row, column
        return None

    def move_row(self, step: int) -> None:
        """Alt+↑/↓: the slot above or below in the same service column."""
        if not self.rowCount():
            return
        column = max(self.currentColumn(), 0)
        row = min(max(self.currentRow() + step, 0), self.rowCount() - 1)
        self.setCurrentCell(row, column)

    def _open(self, row: int, column: int) -> None:
        slot = self.slot_at(row, column)
        if slot is not None:
            self.opened.emit(slot)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The keys declared in ``ui/shortcuts.py`` (listed on the F1 sheet)."""
        if SLOT_BOOK.matches(event):
            self._open(self.currentRow(), self.currentColumn())
            return
        if PERIOD.matches(event):
            self.turned.emit(-1 if event.key() == Qt.Key.Key_PageUp else 1)
            return
        super().keyPressEvent(event)
