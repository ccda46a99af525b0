"""The slip's pages in the preview: fitted to the window at first, zoom and page keys.

QtPdf's view draws only the pages in sight, so opening the preview of a long day sheet does
not render every page up front.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.1, 6.0)


class SlipPageView(QPdfView):
    def __init__(self, pdf: bytes, roll: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("previewPages")
        # The buffer and the document are children of the view, so Qt deletes them with it
        # and never while the view still draws from them.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document_ = QPdfDocument(self)
        self.document_.load(self._buffer)
        self.setDocument(self.document_)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.roll = roll
        self.fit()

    def fit(self) -> None:
        """A sheet whole in the window; a roll slip as wide as the window."""
        mode = QPdfView.ZoomMode.FitToWidth if self.roll else QPdfView.ZoomMode.FitInView
        self.setZoomMode(mode)

    def _effective_zoom(self) -> float:
        if self.zoomMode() == QPdfView.ZoomMode.Custom or self.document_.pageCount() < 1:
            return float(self.zoomFactor())
        page = self.document_.pagePointSize(0)
        pixels_per_point = self.logicalDpiX() / 72
        width = self.viewport().width() / (page.width() * pixels_per_point)
        if self.roll:
            return width
        return min(width, self.viewport().height() / (page.height() * pixels_per_point))

    def zoom(self, steps: int) -> None:
        factor = self._effective_zoom() * ZOOM_STEP**steps
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.setZoomFactor(max(ZOOM_LIMITS[0], min(ZOOM_LIMITS[1], factor)))

    @property
    def page(self) -> int:
        return int(self.pageNavigator().currentPage())

    @property
    def pages(self) -> int:
        return int(self.document_.pageCount())

    def turn(self, steps: int) -> None:
        target = max(0, min(self.pages - 1, self.page + steps))
        self.pageNavigator().jump(target, QPointF(), self.pageNavigator().currentZoom())

    def release(self) -> None:
        """Close the document before the window goes (the view draws on a worker)."""
        self.document_.close()
