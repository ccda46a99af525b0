"""Printing off the UI thread: jobs on Qt's thread pool that report back by signal.

``PrintJob`` sends one PDF; ``PrinterFinder`` asks which printers exist under a time limit,
so a print service that hangs (a frozen CUPS blocks for minutes) never holds the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.errors import Message, UserError
from desktop.print_system.states import PrinterList
from ui.printing.send import PrintRequest, list_printers, send

FIND_LIMIT_MS = 8_000
"""How long the desk waits for the printer list before saying the print service is stuck."""

_RUNNING: set[QRunnable] = set()
"""Jobs on the pool, kept alive until they end even when whoever started them is gone."""


class PrintSignals(QObject):
    printed = Signal(object)  # desktop.print_system.states.SubmittedJob
    failed = Signal(object)  # desktop.errors.Message


class PrintJob(QRunnable):
    def __init__(self, request: PrintRequest) -> None:
        super().__init__()
        self.request = request
        self.signals = PrintSignals()
        self.setAutoDelete(False)  # the caller keeps the job (and its signals) until it reports

    def run(self) -> None:
        try:
            self._run()
        finally:
            _RUNNING.discard(self)

    def _run(self) -> None:
        try:
            job = send(self.request)
        except UserError as error:
            self.signals.failed.emit(error.message)
        except Exception:  # a print engine failure must not take the desk down
            self.signals.failed.emit(Message("print.failed"))
        else:
            self.signals.printed.emit(job)


def start_print(job: PrintJob) -> None:
    _RUNNING.add(job)
    QThreadPool.globalInstance().start(job)


class _FindSignals(QObject):
    found = Signal(object)  # PrinterList
    failed = Signal(object)  # Message


class _FindJob(QRunnable):
    def __init__(self) -> None:
        super().__init__()
        self.signals = _FindSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            self._run()
        finally:
            _RUNNING.discard(self)

    def _run(self) -> None:
        try:
            printers = list_printers()
        except UserError as error:
            self.signals.failed.emit(error.message)
        except Exception:
            self.signals.failed.emit(Message("print.service_down"))
        else:
            self.signals.found.emit(printers)


class PrinterFinder(QObject):
    """Asks for the printer list once; ``found`` or ``failed`` is emitted exactly once."""

    found = Signal(object)  # PrinterList
    failed = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None, limit_ms: int = FIND_LIMIT_MS) -> None:
        super().__init__(parent)
        self._job = _FindJob()
        self._job.signals.found.connect(self._found)
        self._job.signals.failed.connect(self._failed)
        self._answered = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(
            lambda: self._failed(Message("print.service_frozen", {"seconds": limit_ms // 1000}))
        )
        self._limit_ms = limit_ms

    def start(self) -> None:
        self._timer.start(self._limit_ms)
        _RUNNING.add(self._job)
        QThreadPool.globalInstance().start(self._job)

    def _found(self, printers: PrinterList) -> None:
        if not self._answered:
            self._answered = True
            self._timer.stop()
            self.found.emit(printers)

    def _failed(self, message: Message) -> None:
        if not self._answered:
            self._answered = True
            self._timer.stop()
            self.failed.emit(message)
