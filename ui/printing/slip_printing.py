"""What the desk does with a prepared slip: print it, count the print, explain failures.

Shared by the preview dialog and the one-key print: the job runs on the thread pool, the
print is recorded only once the printer took it, and a failure names the PDF kept in the
data folder so the slip can be reprinted later.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.errors import UserError
from desktop.slips import service
from desktop.slips.service import PreparedSlip
from ui.desk_ui import DeskUi
from ui.ops import Op
from ui.printing.pdf_printer import PrintTarget, available_printers
from ui.printing.print_job import start_print


class SlipPrinter(QObject):
    """Prints one prepared slip; ``done`` says what happened, in the user's words."""

    done = Signal(bool, str)  # success, message

    def __init__(self, desk: DeskUi, slip: PreparedSlip, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.slip = slip
        self.job: Op[str] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def print_to(self, printer: str, pdf_file: Path | None = None) -> None:
        """Start printing to ``printer`` (or Qt's PDF output into ``pdf_file``); returns at once."""
        if self.job is not None:
            return
        target = PrintTarget(printer=printer, pdf_file=pdf_file)
        self.job = start_print(self.slip.pdf, target, self._printed, self._failed, owner=self)

    def _printed(self, printer: str) -> None:
        self.job = None
        try:
            service.record_print(self.desk.ctx, self.desk.signed_in, self.slip.slip_id, printer)
            if printer != self.slip.printer and printer in available_printers():
                service.remember_printer(
                    self.desk.ctx, self.desk.signed_in, self.slip.kind, printer
                )
        except UserError as error:
            self.done.emit(False, self.desk.tr.message(error.message))
            return
        self.done.emit(True, self.desk.tr("print.done", printer=printer))

    def _failed(self, error: UserError) -> None:
        message = error.message
        self.job = None
        params = {**message.params, "path": str(self.slip.pdf_path)}
        self.done.emit(False, self.desk.tr(message.code, **params))
