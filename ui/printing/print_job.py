"""Printing off the UI thread: the PDF goes to the printer on the ``printer`` lane of
:mod:`ui.ops` (a spooler that hangs never holds up a search or a sync round)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.errors import UserError
from ui.ops import Op, run_op
from ui.printing.pdf_printer import PrintTarget, print_pdf


def start_print(
    pdf: bytes,
    target: PrintTarget,
    on_printed: Callable[[str], None],
    on_failed: Callable[[UserError], None],
    owner: QObject | None = None,
) -> Op[str]:
    """Print ``pdf``; ``on_printed(printer name or PDF path)`` or ``on_failed(error)``
    follows on the UI thread. A print engine failure is logged and said as
    ``print.failed``."""
    return run_op(
        lambda: print_pdf(pdf, target),
        on_printed,
        on_failed,
        lane="printer",
        owner=owner,
        what="printing",
        fallback="print.failed",
    )
