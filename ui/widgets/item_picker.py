"""A line edit that finds a service item as you type (Chinese, pinyin initials, English).

Suggestions show in a list under the field that never takes the keyboard focus: Up/Down
move through it, Enter or Tab takes the highlighted item (the best match unless moved),
Esc closes the list. Leaving the field with text that names no item takes the best match.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from desktop.catalog import ServiceItemInfo
from desktop.i18n import Translator
from desktop.service_item_search import ServiceItemIndex

MAX_SUGGESTIONS = 12


class ItemPicker(QLineEdit):
    itemChosen = Signal(object)  # ServiceItemInfo | None

    def __init__(self, tr: Translator, index: ServiceItemIndex, parent: QWidget | None = None):
        super().__init__(parent)
        self.texts = tr
        self.index = index
        self.item: ServiceItemInfo | None = None
        self.setObjectName("itemPicker")
        self.setPlaceholderText(tr("ui.register.item_hint"))
        self.popup = QListWidget()
        self.popup.setObjectName("itemSuggestions")
        self.popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.itemClicked.connect(self._take_clicked)
        self.textEdited.connect(self._suggest)
        self.destroyed.connect(self.popup.deleteLater)

    def label_of(self, item: ServiceItemInfo) -> str:
        if self.texts.language == "zh_CN":
            return item.name
        return item.name_en or item.name

    def set_item(self, item: ServiceItemInfo | None) -> None:
        self.item = item
        self.setText(self.label_of(item) if item else "")
        self.popup.hide()
        self.itemChosen.emit(item)

    def _suggest(self, text: str) -> None:
        self.item = None
        self.popup.clear()
        if not text.strip():
            self.popup.hide()
            return
        for item in self.index.match(text, MAX_SUGGESTIONS):
            entry = QListWidgetItem(f"{self.label_of(item)}　[{item.line_code}]")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.popup.addItem(entry)
        if self.popup.count() == 0:
            self.popup.hide()
            return
        self.popup.setCurrentRow(0)
        self._place_popup()

    def _place_popup(self) -> None:
        rows = min(self.popup.count(), 8)
        height = self.popup.sizeHintForRow(0) * rows + 6
        self.popup.setFixedSize(max(self.width(), 320), height)
        self.popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.popup.show()

    def _highlighted(self) -> ServiceItemInfo | None:
        entry = self.popup.currentItem()
        if entry is not None:
            return self.index.by_id(str(entry.data(Qt.ItemDataRole.UserRole)))
        matches = self.index.match(self.text(), 1) if self.text().strip() else []
        return matches[0] if matches else None

    def _take_clicked(self, entry: QListWidgetItem) -> None:
        self.set_item(self.index.by_id(str(entry.data(Qt.ItemDataRole.UserRole))))

    def resolve(self) -> None:
        """Settle on an item when the text does not name the chosen one."""
        if self.item is not None and self.text() == self.label_of(self.item):
            self.popup.hide()
            return
        if not self.text().strip():
            if self.item is not None:
                self.set_item(None)
            self.popup.hide()
            return
        self.set_item(self._highlighted())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        showing = self.popup.isVisible()
        if showing and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
            self.popup.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.resolve()
            self.focusNextChild()
            return
        if showing and key == Qt.Key.Key_Escape:
            self.popup.hide()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Tab,
                Qt.Key.Key_Backtab,
            ):
                self.resolve()
            elif (
                event.type() == QEvent.Type.ShortcutOverride
                and event.key() == Qt.Key.Key_Escape
                and self.popup.isVisible()
            ):
                event.accept()
                return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.resolve()
        super().focusOutEvent(event)
