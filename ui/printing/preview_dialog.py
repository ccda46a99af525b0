"""Print preview: the slip as it will come out, the printer to use, print or save as PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.slips.service import PreparedSlip
from ui.desk_ui import DeskUi
from ui.printing.pdf_printer import available_printers, default_printer
from ui.printing.slip_printing import SlipPrinter

PREVIEW_DPI = 110


def render_pages(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[QPixmap]:
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        pages.append(QPixmap.fromImage(document.render(page, size)))
    document.close()
    buffer.close()
    return pages


class PreviewDialog(QDialog):
    def __init__(self, desk: DeskUi, slip: PreparedSlip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.desk = desk
        self.slip = slip
        tr = desk.tr
        self.setWindowTitle(tr("print.preview.title", kind=tr(f"print.kind.{slip.kind}")))

        pages = QWidget()
        pages.setObjectName("previewPages")
        column = QVBoxLayout(pages)
        for pixmap in render_pages(slip.pdf):
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)

        self.printers = QComboBox()
        names = available_printers()
        self.printers.addItems(names)
        chosen = slip.printer if slip.printer in names else default_printer()
        if chosen in names:
            self.printers.setCurrentText(chosen)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(tr("print.print"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_slip)
        save = QPushButton(tr("print.save_pdf"))
        save.clicked.connect(self.save_pdf)
        close = QPushButton(tr("print.close"))
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("print.printer")))
        bar.addWidget(self.printers, 1)
        bar.addWidget(QLabel(f"{tr('print.paper')}：{slip.paper}"))
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(520, 680)

        self.printer = SlipPrinter(desk, slip, self)
        self.printer.done.connect(self._done)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.print_slip)
        self.print_button.setDefault(True)
        if not names:
            self.print_button.setEnabled(False)
            self.status.setText(tr("print.no_printer", path=str(slip.pdf_path)))

    def print_slip(self) -> None:
        if self.printer.busy or not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.desk.tr("print.printing"))
        self.printer.print_to(self.printers.currentText())

    def _done(self, ok: bool, message: str) -> None:
        self.status.setText(message)
        self.print_button.setEnabled(True)
        if ok:
            self.accept()

    def save_pdf(self) -> None:
        suggested = str(Path.home() / f"{self.slip.number}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.desk.tr("print.save_pdf"), suggested, "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        shutil.copyfile(self.slip.pdf_path, path)
        self.status.setText(self.desk.tr("print.saved", path=str(path)))
