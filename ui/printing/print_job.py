"""Printing off the UI thread, on the ``printer`` lane of :mod:`ui.ops`.

``start_print`` sends one PDF; ``PrinterFinder`` asks which printers exist under a time
limit, so a print service that hangs (a frozen CUPS blocks for minutes) never holds the
screen nor a search or a sync round.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.errors import Message, UserError
from desktop.print_system.states import PrinterList, SubmittedJob
from ui.ops import Op, run_op
from ui.printing.send import PrintRequest, list_printers, send

FIND_LIMIT_MS = 8_000
"""How long the desk waits for the printer list before saying the print service is stuck."""


def start_print(
    request: PrintRequest,
    on_printed: Callable[[SubmittedJob], None],
    on_failed: Callable[[UserError], None],
    owner: QObject | None = None,
) -> Op[SubmittedJob]:
    """Print; ``on_printed(job)`` or ``on_failed(error)`` follows on the UI thread. A print
    engine failure is logged and said as ``print.failed``."""
    return run_op(
        lambda: send(request),
        on_printed,
        on_failed,
        lane="printer",
        owner=owner,
        what="printing",
        fallback="print.failed",
    )


class PrinterFinder(QObject):
    """Asks for the printer list once; ``found`` or ``failed`` is emitted exactly once."""

    found = Signal(object)  # PrinterList
    failed = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None, limit_ms: int = FIND_LIMIT_MS) -> None:
        super().__init__(parent)
        self._answered = False
        self._limit_ms = limit_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._too_long)

    def start(self) -> None:
        self._timer.start(self._limit_ms)
        run_op(
            list_printers,
            self._found,
            lambda error: self._failed(error.message),
            lane="printer",
            owner=self,
            what="listing printers",
            fallback="print.service_down",
        )

    def _too_long(self) -> None:
        self._failed(Message("print.service_frozen", {"seconds": self._limit_ms // 1000}))

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
