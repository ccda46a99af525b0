"""Put a slip PDF on paper through Qt's print support (where no CUPS takes the PDF itself).

Each page is rendered with QtPdf at the printer's resolution and painted onto a
``QPrinter`` whose page is exactly the PDF page (custom size, no margins), so a thermal
printer driven through its OS driver prints a roll-width page with no blank margins and
no page-length tail. Runs in any thread: nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.errors import UserError

RENDER_DPI_CAP = 300
"""Thermal heads print 203 dpi; laser printers more than 300 add nothing to a slip."""


@dataclass(frozen=True)
class PrintTarget:
    """Where a slip goes: a named system printer, the default printer, or a PDF file."""

    printer: str = ""  # a printer the caller found on the system
    pdf_file: Path | None = None  # set: Qt's PDF output instead of a printer


def _printer(target: PrintTarget) -> QPrinter:
    if target.pdf_file is not None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target.pdf_file))
        return printer
    info = QPrinterInfo.printerInfo(target.printer)  # checked to exist by the caller
    if info.isNull():
        raise UserError("print.printer_missing", printer=target.printer)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(target.printer)
    return printer


def _fit_page(printer: QPrinter, size_points: QSizeF) -> None:
    page = QPageSize(
        size_points, QPageSize.Unit.Point, "slip", QPageSize.SizeMatchPolicy.ExactMatch
    )
    printer.setFullPage(True)
    layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    printer.setPageLayout(layout)


def _page_image(document: QPdfDocument, page: int, dpi: int) -> QImage:
    points = document.pagePointSize(page)
    pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    image = document.render(page, pixels)
    opaque = QImage(pixels, QImage.Format.Format_RGB32)
    opaque.fill(QColor(Qt.GlobalColor.white))  # no alpha mask in the printer's output
    painter = QPainter(opaque)
    painter.drawImage(0, 0, image)
    painter.end()
    return opaque


def print_pdf(pdf: bytes, target: PrintTarget, job_name: str = "") -> str:
    """Print every page of ``pdf``; returns the printer's name (or the PDF file's path).

    Raises :class:`UserError` with a message for staff when the chosen printer is gone or
    the print engine refuses the job. The job is named ``job_name`` (the slip number).
    """
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise UserError("print.unreadable")
    printer = _printer(target)
    printer.setDocName(job_name)
    _fit_page(printer, document.pagePointSize(0))
    dpi = min(printer.resolution(), RENDER_DPI_CAP)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("print.failed")
    try:
        for page in range(document.pageCount()):
            if page:
                _fit_page(printer, document.pagePointSize(page))
                if not printer.newPage():
                    raise UserError("print.failed")
            size = document.pagePointSize(page)
            target_rect = QRectF(
                0,
                0,
                size.width() / 72 * printer.resolution(),
                size.height() / 72 * printer.resolution(),
            )
            painter.drawImage(target_rect, _page_image(document, page, dpi))
    finally:
        painter.end()
        document.close()
        buffer.close()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise UserError("print.failed")
    return str(target.pdf_file) if target.pdf_file is not None else printer.printerName()
