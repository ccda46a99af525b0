"""What the desk does with a prepared slip: print it, count the print, explain failures.

Shared by the preview dialog and the one-key print: the job runs on the thread pool, the
print is recorded only once the print service gave the job an id (or Qt's engine finished
without error where there is no CUPS), and a failure names the PDF kept in the data folder
so the slip can be reprinted later. The printer remembered for a slip kind changes only
when the person asks for it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.errors import Message, UserError
from desktop.print_system.states import SubmittedJob
from desktop.slips import service
from desktop.slips.service import PreparedSlip
from ui.desk_ui import DeskUi
from ui.ops import Op
from ui.printing.print_job import start_print
from ui.printing.send import PrintRequest


class SlipPrinter(QObject):
    """Prints one prepared slip; ``done`` says what happened, in the user's words."""

    done = Signal(bool, str)  # success, message

    def __init__(self, desk: DeskUi, slip: PreparedSlip, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.slip = slip
        self.job: Op[SubmittedJob] | None = None
        self.remember = False
        self.last_error: Message | None = None
        self.last_job: SubmittedJob | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def print_to(self, printer: str, pdf_file: Path | None = None, remember: bool = False) -> None:
        """Start printing to ``printer`` (or Qt's PDF output into ``pdf_file``); returns at once.

        ``remember``: the person chose this printer for every slip of this kind."""
        if self.job is not None:
            return
        self.remember = remember and pdf_file is None
        request = PrintRequest(
            pdf=self.slip.pdf,
            printer=printer,
            job_name=self.slip.number,
            paper=self.slip.paper,
            pdf_file=pdf_file,
        )
        self.job = start_print(request, self._printed, self._failed, owner=self)

    def _printed(self, job: SubmittedJob) -> None:
        self.job = None
        self.last_job = job
        try:
            service.record_print(self.desk.ctx, self.desk.signed_in, self.slip.slip_id, job.printer)
            if self.remember and job.printer != self.slip.printer:
                service.remember_printer(
                    self.desk.ctx, self.desk.signed_in, self.slip.kind, job.printer
                )
        except UserError as error:
            self.done.emit(False, self.desk.tr.message(error.message))
            return
        if job.job_id:
            self.done.emit(
                True, self.desk.tr("print.done_job", printer=job.printer, job=job.job_id)
            )
        else:
            self.done.emit(True, self.desk.tr("print.done", printer=job.printer))

    def _failed(self, error: UserError) -> None:
        message = error.message
        self.job = None
        self.last_error = message
        params = {**message.params, "path": str(self.slip.pdf_path)}
        self.done.emit(False, self.desk.tr(message.code, **params))
