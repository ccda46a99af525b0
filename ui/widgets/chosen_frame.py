"""Item painting for tables whose cells carry their own colour (F5's calendar and slot
grid): the chosen cell keeps its colour and is framed, instead of being painted over with
the selection colour."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

FRAME_COLOUR = "#2f6fbf"
FRAME_WIDTH = 3


class ChosenFrameDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None, text_inset: int = 0) -> None:
        super().__init__(parent)
        self.text_inset = text_inset  # room left of left-aligned text, inside the colour

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        chosen = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        if self.text_inset:
            fill = index.data(Qt.ItemDataRole.BackgroundRole)
            if isinstance(fill, QBrush):
                painter.fillRect(option.rect, fill)
            plain.rect = option.rect.adjusted(self.text_inset, 0, 0, 0)
        super().paint(painter, plain, index)
        if chosen:
            painter.save()
            painter.setPen(QPen(QColor(FRAME_COLOUR), FRAME_WIDTH))
            inset = FRAME_WIDTH // 2 + 1
            painter.drawRect(option.rect.adjusted(inset, inset, -inset - 1, -inset - 1))
            painter.restore()
