"""Every keyboard shortcut of the desk, one meaning each, and the sheet that lists them
(F1 or ?). A test checks that each page's shortcuts are exactly the ones listed here for
it, so the sheet stays true and no key means two things.

Besides the shortcuts, some tables take plain keys themselves while they have the focus
(F5's month: arrows choose the day, Enter opens its Saturday; the slot grid: Enter books
the cell). Those are declared here too (``TableKeys``): the tables act on exactly the keys
declared, and the sheet lists them with the table they belong to."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import Translator

EVERYWHERE = "*"


@dataclass(frozen=True)
class Shortcut:
    keys: tuple[str, ...]  # QKeySequence portable text, e.g. "Ctrl+Shift+P"
    meaning: str  # text code under ui.keys.
    pages: tuple[str, ...]  # page keys (main_window.PAGES) or EVERYWHERE

    def matches(self, event: QKeyEvent) -> bool:
        """``event`` is one of these keys (for a widget that takes them itself)."""
        pressed = QKeySequence(event.keyCombination())
        return pressed.toString(QKeySequence.SequenceFormat.PortableText) in self.keys


PERIOD = Shortcut(("PgUp", "PgDown"), "ui.keys.period", ("saturday", "statistics"))
"""Also taken by F5's month calendar and slot grid themselves, the first key back."""

SHEET: tuple[Shortcut, ...] = (
    Shortcut(("F1", "?"), "ui.keys.sheet", (EVERYWHERE,)),
    Shortcut(("F2", "F3", "F4", "F5", "F6", "F7", "F9"), "ui.keys.pages", (EVERYWHERE,)),
    Shortcut(("Ctrl+1",), "ui.keys.serve", ("today", "saturday_day")),
    Shortcut(("Ctrl+2",), "ui.keys.outcome", ("today", "saturday_day")),
    Shortcut(("Ctrl+3",), "ui.keys.satisfaction", ("today",)),
    Shortcut(("Ctrl+H",), "ui.keys.history", ("today", "residents")),
    Shortcut(
        ("Ctrl+P",),
        "ui.keys.print",
        ("register", "today", "saturday", "saturday_day", "statistics"),
    ),
    Shortcut(("Ctrl+Shift+P",), "ui.keys.preview", ("today", "saturday_day", "statistics")),
    Shortcut(("Ctrl+N",), "ui.keys.new_resident", ("register", "residents")),
    Shortcut(("Ctrl+E",), "ui.keys.edit_resident", ("residents",)),
    Shortcut(("Ctrl+T",), "ui.keys.reveal_phone", ("residents",)),
    Shortcut(("Ctrl+I",), "ui.keys.reveal_id", ("residents",)),
    Shortcut(("Ctrl+S",), "ui.keys.save", ("register", "saturday")),
    Shortcut(("F12",), "ui.keys.save", ("register",)),
    Shortcut(("Ctrl+Return", "Ctrl+Enter"), "ui.keys.add_request", ("register",)),
    Shortcut(("Esc",), "ui.keys.next_visit", ("register",)),
    Shortcut(("Ctrl+W",), "ui.keys.waitlist", ("saturday",)),
    Shortcut(("Ctrl+M",), "ui.keys.places", ("saturday",)),
    PERIOD,
    Shortcut(("Alt+Up", "Alt+Down"), "ui.keys.slot", ("saturday",)),
    Shortcut(("Alt+Left", "Alt+Right"), "ui.keys.saturday", ("saturday",)),
    Shortcut(("Ctrl+D",), "ui.keys.cancel", ("saturday_day",)),
    Shortcut(("Ctrl+R",), "ui.keys.reschedule", ("saturday_day",)),
    Shortcut(("Ctrl+U",), "ui.keys.undo_no_show", ("saturday_day",)),
    Shortcut(("Ctrl+L",), "ui.keys.call_list", ("saturday_day",)),
    Shortcut(("Ctrl+J",), "ui.keys.accept_offer", ("saturday_day",)),
    Shortcut(("Ctrl+K",), "ui.keys.decline_offer", ("saturday_day",)),
    Shortcut(("Alt+1", "Alt+2", "Alt+3", "Alt+4"), "ui.keys.export", ("statistics",)),
)


@dataclass(frozen=True)
class TableKeys:
    """Plain keys one table acts on while it has the focus (no shortcut: elsewhere the
    same keys move the cursor or confirm a field)."""

    keys: tuple[Qt.Key, ...]
    meaning: str  # text code under ui.keys.
    table: str  # text code under ui.keys.in., the table that takes them
    pages: tuple[str, ...]
    double_click: bool = False  # a double-click on a cell does the same

    def matches(self, event: QKeyEvent) -> bool:
        return event.key() in self.keys


Key = Qt.Key
CALENDAR_MOVE = TableKeys(
    (Key.Key_Left, Key.Key_Right, Key.Key_Up, Key.Key_Down),
    "ui.keys.calendar_move",
    "ui.keys.in.calendar",
    ("saturday",),
)
CALENDAR_OPEN = TableKeys(
    (Key.Key_Return, Key.Key_Enter),
    "ui.keys.calendar_open",
    "ui.keys.in.calendar",
    ("saturday",),
    double_click=True,
)
SLOT_BOOK = TableKeys(
    (Key.Key_Return, Key.Key_Enter),
    "ui.keys.slot_book",
    "ui.keys.in.slot_grid",
    ("saturday",),
    double_click=True,
)
TABLE_KEYS: tuple[TableKeys, ...] = (CALENDAR_MOVE, CALENDAR_OPEN, SLOT_BOOK)
ARROWS = {Key.Key_Left: "←", Key.Key_Right: "→", Key.Key_Up: "↑", Key.Key_Down: "↓"}


def key_names(item: TableKeys, tr: Translator) -> str:
    """The keys as the sheet shows them: arrows as arrows, Return and Enter as one Enter,
    and the double-click when it does the same."""
    names: list[str] = []
    for key in item.keys:
        name = ARROWS.get(key) or (
            "Enter"
            if key in (Key.Key_Return, Key.Key_Enter)
            else QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
        )
        if name not in names:
            names.append(name)
    if item.double_click:
        names.append(tr("ui.keys.double_click"))
    return " / ".join(names)


def keys_of_page(page: str) -> set[str]:
    """The shortcuts the sheet lists for ``page`` (not those of every page)."""
    return {key for item in SHEET if page in item.pages for key in item.keys}


class ShortcutSheet(QDialog):
    def __init__(self, tr: Translator, page_titles: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(tr("ui.keys.title"))
        intro = QLabel(tr("ui.keys.intro"))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(SHEET) + len(TABLE_KEYS), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(
            [tr("ui.keys.key"), tr("ui.keys.meaning"), tr("ui.keys.where")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        rows = [
            (
                " / ".join(item.keys),
                tr(item.meaning),
                tr("ui.keys.everywhere")
                if EVERYWHERE in item.pages
                else tr("ui.keys.list_sep").join(page_titles.get(p, p) for p in item.pages),
            )
            for item in SHEET
        ]
        rows += [
            (
                key_names(keys, tr),
                tr(keys.meaning),
                tr(
                    "ui.keys.in_table",
                    page=tr("ui.keys.list_sep").join(page_titles.get(p, p) for p in keys.pages),
                    table=tr(keys.table),
                ),
            )
            for keys in TABLE_KEYS
        ]
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(860, 640)
