"""The slip's pages in the preview: fitted to the window at first, zoom and page keys.

One page is drawn at a time, at the size it is shown (QtPdf renders it on the UI thread in
a few tens of milliseconds), so a long day sheet no longer renders every page before the
window opens.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

ZOOM_STEP = 1.25
SCALE_LIMITS = (0.2, 8.0)  # pixels per point
MARGIN = 16  # pixels around a fitted page


class SlipPageView(QScrollArea):
    def __init__(self, pdf: bytes, roll: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("previewPages")
        self._buffer = QBuffer(self)  # children of the view: deleted with it, not before
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document_ = QPdfDocument(self)
        self.document_.load(self._buffer)
        self.roll = roll
        self.page = 0
        self.fitted = True
        self.scale = 1.0
        self.sheet = QLabel()
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.sheet)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(40)
        self._refit.timeout.connect(self._draw)
        self._draw()

    @property
    def pages(self) -> int:
        return int(self.document_.pageCount())

    def _fit_scale(self) -> float:
        points = self.document_.pagePointSize(self.page)
        if points.width() <= 0 or points.height() <= 0:
            return 1.0
        room = self.viewport().size()
        across = (room.width() - MARGIN) / points.width()
        if self.roll:
            return max(SCALE_LIMITS[0], across)
        return max(SCALE_LIMITS[0], min(across, (room.height() - MARGIN) / points.height()))

    def _draw(self) -> None:
        if self.pages < 1:
            return
        if self.fitted:
            self.scale = self._fit_scale()
        points = self.document_.pagePointSize(self.page)
        size = QSize(round(points.width() * self.scale), round(points.height() * self.scale))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor(Qt.GlobalColor.white))
        painter = QPainter(image)
        painter.drawImage(0, 0, self.document_.render(self.page, size))
        painter.end()
        self.sheet.setPixmap(QPixmap.fromImage(image))

    def fit(self) -> None:
        """A sheet whole in the window; a roll slip as wide as the window."""
        self.fitted = True
        self._draw()

    def zoom(self, steps: int) -> None:
        self.fitted = False
        self.scale = max(SCALE_LIMITS[0], min(SCALE_LIMITS[1], self.scale * ZOOM_STEP**steps))
        self._draw()

    def turn(self, steps: int) -> None:
        target = max(0, min(self.pages - 1, self.page + steps))
        if target != self.page:
            self.page = target
            self._draw()
            self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self._refit.start()

    def release(self) -> None:
        """Close the document before the window goes."""
        self.document_.close()
