"""Send a PDF to a printer and say whether a job exists; runs on a worker thread.

Where CUPS is installed (Linux, 统信UOS) the printer's state is asked before sending and the
PDF is handed to CUPS as it is, with its page size and the slip number as the job's name;
only a job id CUPS gives back counts as printed. Elsewhere (Windows) Qt renders the pages
onto the printer, after checking the printer is not in error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.errors import UserError
from desktop.print_system import cups
from desktop.print_system.pdf_pages import first_page_points
from desktop.print_system.states import (
    PrinterCondition,
    PrinterList,
    PrinterStatus,
    SubmittedJob,
)
from ui.printing.pdf_printer import PrintTarget, print_pdf


@dataclass(frozen=True)
class PrintRequest:
    pdf: bytes
    printer: str  # empty: the system's default printer
    job_name: str  # the slip number: what the print queue shows
    paper: str  # 58mm / 80mm / A5 / A4
    pdf_file: Path | None = None  # set: Qt's PDF output into this file instead of a printer


def list_printers() -> PrinterList:
    """Every printer with its state; may take long on a sick print service: call it off the
    UI thread."""
    if cups.available():
        return cups.printers()
    default = str(QPrinterInfo.defaultPrinterName())
    found = []
    for info in QPrinterInfo.availablePrinters():
        state = info.state()
        condition = {
            QPrinter.PrinterState.Active: PrinterCondition.PRINTING,
            QPrinter.PrinterState.Error: PrinterCondition.STOPPED,
            QPrinter.PrinterState.Aborted: PrinterCondition.STOPPED,
        }.get(state, PrinterCondition.IDLE)
        found.append(PrinterStatus(str(info.printerName()), condition, accepting=True))
    return PrinterList(tuple(found), default)


def send(request: PrintRequest) -> SubmittedJob:
    """Print; returns the job the print service took. Raises :class:`UserError` saying why
    not (no printer, gone, refusing, stopped, print service down or frozen)."""
    if request.pdf_file is not None:
        path = print_pdf(request.pdf, PrintTarget(pdf_file=request.pdf_file), request.job_name)
        return SubmittedJob(printer=path, job_id="")
    if cups.available():
        name = request.printer or cups.printers().default
        if not name:
            raise UserError("print.no_printer")
        cups.check_ready(name)
        try:
            page = first_page_points(request.pdf)
        except ValueError:
            raise UserError("print.unreadable") from None
        return cups.submit(
            name, request.pdf, request.job_name, cups.media_option(request.paper, page)
        )
    listed = list_printers()
    name = request.printer or listed.default
    status = listed.named(name)
    if status is None:
        raise UserError(
            "print.no_printer" if not listed.printers else "print.printer_missing", printer=name
        )
    if status.condition is PrinterCondition.STOPPED:
        raise UserError("print.printer_stopped", printer=name, reason="—")
    printed = print_pdf(request.pdf, PrintTarget(printer=name), request.job_name)
    return SubmittedJob(printer=printed, job_id="")
