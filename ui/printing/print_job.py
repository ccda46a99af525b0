"""Printing off the UI thread: a job on Qt's thread pool that reports back by signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.errors import Message, UserError
from ui.printing.pdf_printer import PrintTarget, print_pdf


class PrintSignals(QObject):
    printed = Signal(str)  # printer name (or PDF path)
    failed = Signal(object)  # desktop.errors.Message


class PrintJob(QRunnable):
    def __init__(self, pdf: bytes, target: PrintTarget) -> None:
        super().__init__()
        self.pdf = pdf
        self.target = target
        self.signals = PrintSignals()
        self.setAutoDelete(False)  # the caller keeps the job (and its signals) until it reports

    def run(self) -> None:
        try:
            printer = print_pdf(self.pdf, self.target)
        except UserError as error:
            self.signals.failed.emit(error.message)
        except Exception:  # a print engine failure must not take the desk down
            self.signals.failed.emit(Message("print.failed"))
        else:
            self.signals.printed.emit(printer)


def start_print(job: PrintJob) -> None:
    QThreadPool.globalInstance().start(job)
