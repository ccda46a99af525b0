"""Small charts drawn with QPainter from :mod:`desktop.statistics.charts` layouts.

:class:`BarChart` is keyboard-usable: it takes focus, ←/→ (Home/End) move the chosen bar,
Enter or a click opens it (``activated``). :class:`PieChart` shows shares with a legend.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.statistics.charts import PALETTE, BarLayout, bar_at, bar_layout, percent, pie_layout


class BarChart(QWidget):
    activated = Signal(int)
    chosen = Signal(int)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.values: list[float] = []
        self.labels: list[str] = []
        self.colours: list[str] = []
        self.current = -1

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def set_data(
        self, values: list[float], labels: list[str], colours: list[str] | None = None
    ) -> None:
        self.values, self.labels = list(values), list(labels)
        self.colours = colours or [PALETTE[0]] * len(values)
        self.current = min(self.current, len(values) - 1)
        self.update()

    def layout_now(self) -> BarLayout:
        return bar_layout(self.values, self.labels, self.width(), self.height())

    def choose(self, index: int) -> None:
        if not self.values:
            return
        self.current = max(0, min(index, len(self.values) - 1))
        self.chosen.emit(self.current)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        moves: dict[Qt.Key, int] = {
            Qt.Key.Key_Left: self.current - 1,
            Qt.Key.Key_Right: self.current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self.values) - 1,
        }
        if key in moves:
            self.choose(moves[key] if self.current >= 0 else 0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current >= 0:
            self.activated.emit(self.current)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = bar_at(self.layout_now(), event.position().x())
        if index is not None:
            self.setFocus()
            self.choose(index)
            self.activated.emit(index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.current < 0 and self.values:
            self.choose(len(self.values) - 1)
        super().focusInEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        layout = self.layout_now()
        plot = layout.plot
        text = self.palette().windowText().color()
        grid = QColor(text)
        grid.setAlpha(40)
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
        painter.setFont(font)
        for y, label in layout.ticks:
            painter.setPen(QPen(grid))
            painter.drawLine(QPointF(plot.x, y), QPointF(plot.x + plot.width, y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, plot.x - 4, 16), Qt.AlignmentFlag.AlignRight, label)
        for bar in layout.bars:
            box = QRectF(bar.box.x, bar.box.y, bar.box.width, bar.box.height)
            colour = QColor(
                self.colours[bar.index] if bar.index < len(self.colours) else PALETTE[0]
            )
            if bar.index == self.current:
                colour = colour.darker(140)
            painter.fillRect(box, colour)
            painter.setPen(text)
            if layout.bar_values and bar.value:
                painter.drawText(
                    QRectF(box.x() - 10, box.y() - 14, box.width() + 20, 14),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{bar.value:g}",
                )
            if bar.show_label or bar.index == self.current:
                painter.drawText(
                    QRectF(box.x() - 20, plot.y + plot.height + 2, box.width() + 40, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    bar.label,
                )
        if self.hasFocus() and 0 <= self.current < len(layout.bars):
            chosen = layout.bars[self.current].box
            pen = QPen(self.palette().highlight().color(), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(QRectF(chosen.x - 2, plot.y, chosen.width + 4, plot.height))
        painter.end()


class PieChart(QWidget):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.parts: list[tuple[str, float]] = []

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_data(self, parts: list[tuple[str, float]]) -> None:
        self.parts = parts
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = max(min(self.height() - 16, self.width() // 2), 10)
        circle = QRectF(8, 8, side, side)
        text = self.palette().windowText().color()
        slices = pie_layout(self.parts)
        if not any(s.value for s in slices):
            painter.setPen(text)
            painter.drawEllipse(circle)
        for piece in slices:
            painter.setBrush(QColor(piece.colour))
            painter.setPen(QPen(QColor("white"), 1))
            painter.drawPie(circle, int(piece.start_degrees * 16), int(piece.span_degrees * 16))
        x = circle.right() + 16
        for i, piece in enumerate(slices):
            y = 12 + i * 22
            painter.fillRect(QRectF(x, y + 3, 12, 12), QColor(piece.colour))
            painter.setPen(text)
            painter.drawText(
                QRectF(x + 18, y, self.width() - x - 18, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{piece.label}　{piece.value:g}（{percent(piece.share)}）",
            )
        painter.end()
