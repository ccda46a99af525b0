"""One key to print: straight to the printer remembered for the slip kind, else a preview.

The remembered printer's state is checked by the print job itself, off the UI thread; when
that printer has gone the preview opens saying so and asks for one.

The slip is prepared (numbered, kept as PDF) before anything else, so whatever happens
with the printer the slip can be reprinted from the data folder.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.errors import UserError
from desktop.slips.service import PreparedSlip
from ui.desk_ui import DeskUi
from ui.printing.preview_dialog import PreviewDialog
from ui.printing.slip_printing import SlipPrinter

Report = Callable[[bool, str], None]
"""Told the outcome in the user's words: (success, message)."""


def print_slip(
    parent: QWidget,
    desk: DeskUi,
    prepare: Callable[[], PreparedSlip],
    report: Report,
    *,
    preview: bool = False,
) -> SlipPrinter | PreviewDialog | None:
    """Prepare the slip, then print it to its remembered printer or open the preview.

    Returns what now carries the job (kept alive by ``parent``), or None when the slip
    could not even be prepared (``report`` has said why).
    """
    try:
        slip = prepare()
    except UserError as error:
        report(False, desk.tr.message(error.message))
        return None
    if not preview and slip.printer:
        printer = SlipPrinter(desk, slip, parent)

        def finished(ok: bool, message: str) -> None:
            printer.deleteLater()
            gone = (
                printer.last_error is not None
                and printer.last_error.code == "print.printer_missing"
            )
            report(ok, message)
            if gone:  # say so and ask; never print somewhere else on its own
                _open_preview(parent, desk, slip, report)

        printer.done.connect(finished)
        report(True, desk.tr("print.printing"))
        printer.print_to(slip.printer)
        return printer
    return _open_preview(parent, desk, slip, report)


def _open_preview(
    parent: QWidget, desk: DeskUi, slip: PreparedSlip, report: Report
) -> PreviewDialog:
    dialog = PreviewDialog(desk, slip, parent)
    dialog.printer.done.connect(report)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
